"""Choices for the applicant's portal. Statuses change only through ``services.transition``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """The whole life of an application, from the first form to a decision."""

    REGISTERING = "registering", _("Registering")
    REGISTERED = "registered", _("Registered, awaiting approval")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    IN_REVIEW = "in_review", _("In review")
    APPROVED_TO_SIT_EXAM = "approved_to_sit_exam", _("Approved to sit the exam")
    ENDORSED = "endorsed", _("Endorsed")
    REVISE_RESUBMIT = "revise_resubmit", _("Revise and resubmit")
    NOT_ENDORSED = "not_endorsed", _("Not endorsed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationStatus

#: The applicant may change the workspace (every section) in these.
EDITABLE = frozenset({S.IN_PROGRESS, S.RETURNED})
#: Before the coordinator approved the registration.
REGISTRATION = frozenset({S.REGISTERING, S.REGISTERED})
#: Waiting for the coordinator: approve a registration, check a submitted application.
AWAITING_COORDINATOR = frozenset({S.REGISTERED, S.SUBMITTED})
#: With the association: the applicant may not change anything.
WITH_ASSOCIATION = frozenset({S.SUBMITTED, S.IN_REVIEW})
#: A reviewer's or committee's outcome has been recorded.
DECIDED = frozenset({S.APPROVED_TO_SIT_EXAM, S.ENDORSED, S.REVISE_RESUBMIT, S.NOT_ENDORSED})
#: Nothing more happens to the application.
FINAL = frozenset({S.ENDORSED, S.NOT_ENDORSED, S.WITHDRAWN})
#: Still alive: shown on dashboards and counted as "an application in progress".
OPEN = frozenset(set(S) - FINAL)
#: The applicant may withdraw until a decision is made.
WITHDRAWABLE = frozenset(
    {S.REGISTERING, S.REGISTERED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED, S.IN_REVIEW}
)


class Section(models.TextChoices):
    """The parts of the workspace. Each is saved on its own; advisors comment per section."""

    REGISTRATION = "registration", _("Registration")
    EDUCATION = "education", _("Education")
    WORK = "work", _("Work experience")
    TRAINING = "training", _("Training")
    RSC = "rsc", _("Reflective supervision/consultation")
    LEADERSHIP = "leadership", _("Leadership activities")
    COMPETENCIES = "competencies", _("Competencies")
    MEMBERSHIP = "membership", _("Membership")
    REFERENCES = "references", _("References")
    SIGNATURES = "signatures", _("Code of Ethics and Agreement")


class DegreeLevel(models.TextChoices):
    ASSOCIATE = "associate", _("Associate")
    BACHELOR = "bachelor", _("Bachelor's")
    MASTER = "master", _("Master's")
    DOCTORATE = "doctorate", _("Doctorate")


class CertificateKind(models.TextChoices):
    CDA = "cda", _("Child Development Associate (CDA)")
    UNIVERSITY_CERTIFICATE = "university_certificate", _("University certificate programme")
    POSTGRADUATE_SPECIALIZATION = (
        "postgraduate_specialization",
        _("Post-graduate specialisation in infant or early childhood mental health"),
    )


class AgeGroup(models.TextChoices):
    INFANT = "infant", _("Infants and toddlers (birth to 36 months)")
    EARLY_CHILDHOOD = "early_childhood", _("Young children (3 up to 6 years)")
    BOTH = "both", _("Both")


class ServiceKind(models.TextChoices):
    PROMOTION = "promotion", _("Promotion")
    PREVENTION = "prevention", _("Prevention / early intervention")
    INTERVENTION = "intervention", _("Intervention / treatment")
    RSC_PROVISION = "rsc_provision", _("Providing reflective supervision/consultation")
    POLICY_LEADERSHIP = "policy_leadership", _("Policy or programme leadership")
    RESEARCH_FACULTY_LEADERSHIP = (
        "research_faculty_leadership",
        _("University teaching or research"),
    )


class TrainingTopic(models.TextChoices):
    RSC_PROVISION = "rsc_provision", _("About providing reflective supervision/consultation")
    DEI = "dei", _("Diversity, equity and inclusion")


class RSCFormat(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")
    PEER = "peer", _("Peer")


class ProviderDegree(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor's")
    MASTER = "master", _("Master's")
    DOCTORATE = "doctorate", _("Doctorate")


class LeadershipLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    STATE = "state", _("State")
    NATIONAL = "national", _("National")


class DocumentKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("Transcript")
    CERTIFICATE = "certificate", _("Certificate")
    MEMBERSHIP_PROOF = "membership_proof", _("Proof of membership")


class DocumentSource(models.TextChoices):
    APPLICANT = "applicant", _("Uploaded by the applicant")
    POST = "post", _("Received by post")
    EMAIL = "email", _("Received by email")


class SignatureKind(models.TextChoices):
    CODE_OF_ETHICS = "code_of_ethics", _("Code of Ethics")
    AGREEMENT = "agreement", _("Endorsement Agreement")


#: A submitted reference rating counts for this many days (one year).
RATING_VALID_DAYS = 365


class ReferenceRelationship(models.TextChoices):
    """The rater's relationship to the applicant (codes of the dossier contract)."""

    CURRENT_SUPERVISOR = "current_supervisor", _("Current programme supervisor")
    OTHER_SUPERVISOR = "other_supervisor", _("Another supervisor")
    RSC_PROVIDER = "rsc_provider", _("My reflective supervision/consultation provider")
    RSC_RECIPIENT = "rsc_recipient", _("Someone who receives RS/C from me")
    SUPERVISEE = "supervisee", _("Someone I supervise")
    COLLEAGUE = "colleague", _("Colleague")
    TEACHER = "teacher", _("Teacher")
    TRAINER = "trainer", _("Trainer")
    CONSULTANT = "consultant", _("Consultant")
    PARENT = "parent", _("Parent or service recipient")
    BOARD_MEMBER = "board_member", _("Board member")
    CDA_MENTOR = "cda_mentor", _("CDA mentor")
    DEPARTMENT_CHAIR = "department_chair", _("Department supervisor or chair")
    STUDENT = "student", _("A student I taught or supervised")


class ReferenceStatus(models.TextChoices):
    """A nominated rater's progress. Invitations and the rater's form come with issue 5."""

    NOMINATED = "nominated", _("Nominated")
    INVITED = "invited", _("Invited")
    OPENED = "opened", _("Opened the form")
    SUBMITTED = "submitted", _("Rating submitted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Link expired")
    REPLACED = "replaced", _("Replaced")


#: References that still count toward the three (a replaced one makes room for another).
ACTIVE_REFERENCE_STATUSES = frozenset(set(ReferenceStatus) - {ReferenceStatus.REPLACED})


#: Endorsement category codes a provider, supervisor or rater may hold (the dossier contract).
ENDORSEMENT_CODES = (
    "IFA",
    "ECFA",
    "IFS",
    "ECFS",
    "IMHS",
    "ECMHS",
    "IMHM-C",
    "IMHM-P",
    "IMHM-R/F",
    "ECMHM-C",
    "ECMHM-P",
    "ECMHM-R/F",
    "IFRS",
)
