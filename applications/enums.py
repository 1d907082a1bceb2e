"""Choices for the applicant's portal. Statuses change only through ``services.transition``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The values of every dossier field are listed once, in the rules module; the forms and the
# models here use the same lists.
from endorsements.rules.choices import (  # noqa: F401  (re-exported for this app's models and forms)
    AgeGroup,
    CertificateKind,
    DegreeLevel,
    LeadershipLevel,
    ProviderDegree,
    RSCFormat,
    ServiceKind,
)


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

#: Every allowed change of an application's status (``services.transition`` refuses any other).
ALLOWED: dict[str, frozenset[str]] = {
    S.REGISTERING: frozenset({S.REGISTERED, S.WITHDRAWN}),
    S.REGISTERED: frozenset({S.IN_PROGRESS, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.RETURNED, S.IN_REVIEW, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.IN_PROGRESS, S.SUBMITTED, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset(
        {
            S.RETURNED,
            S.APPROVED_TO_SIT_EXAM,
            S.ENDORSED,
            S.REVISE_RESUBMIT,
            S.NOT_ENDORSED,
            S.WITHDRAWN,
        }
    ),
    S.APPROVED_TO_SIT_EXAM: frozenset({S.ENDORSED, S.NOT_ENDORSED}),
    S.REVISE_RESUBMIT: frozenset({S.IN_PROGRESS, S.WITHDRAWN}),
    S.ENDORSED: frozenset(),
    S.NOT_ENDORSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

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


class TrainingTopic(models.TextChoices):
    RSC_PROVISION = "rsc_provision", _("About providing reflective supervision/consultation")
    DEI = "dei", _("Diversity, equity and inclusion")


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
