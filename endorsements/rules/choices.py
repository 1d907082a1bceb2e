"""The values each field of a dossier may take (shared/dossier/README.md), with the words people
read. One list per field: the rules check a dossier against them (``dossier.py``), the portal's
models and forms offer them (``applications.enums`` re-exports them).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
