"""Choices of the catalog, the rules module and granted endorsements."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    INFANT = "infant", _("Infant (birth to 36 months)")
    EARLY_CHILDHOOD = "early_childhood", _("Early childhood (3 up to 6 years)")


class Scope(models.TextChoices):
    PROMOTION = "promotion", _("Promotion")
    PREVENTION = "prevention", _("Prevention / early intervention")
    INTERVENTION = "intervention", _("Intervention / treatment")
    LEADERSHIP = "leadership", _("Leadership")
    REFLECTIVE_SUPERVISION = "reflective_supervision", _("Reflective supervision")


class Designation(models.TextChoices):
    CLINICAL = "C", _("Clinical")
    POLICY = "P", _("Policy")
    RESEARCH_FACULTY = "RF", _("Research/Faculty")


class Purpose(models.TextChoices):
    APPLICATION = "application", _("Application")
    RENEWAL = "renewal", _("Renewal")


class Severity(models.TextChoices):
    REQUIRED = "required", _("Required")
    RECOMMENDED = "recommended", _("Recommended")


class Status(models.TextChoices):
    MET = "met", _("Met")
    UNMET = "unmet", _("Not met yet")
    PENDING = "pending", _("Pending")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class RequirementCode(models.TextChoices):
    """Stable codes (shared/dossier/README.md). The order here is the order of a checklist."""

    EDUCATION = "education", _("Education")
    WORK_EXPERIENCE = "work_experience", _("Work experience")
    TRAINING_HOURS = "training_hours", _("Training hours")
    TRAINING_RSC_PROVISION_HOURS = (
        "training_rsc_provision_hours",
        _("Training about providing RS/C"),
    )
    TRAINING_DEI_HOURS = "training_dei_hours", _("Training on diversity, equity and inclusion")
    RSC_HOURS = "rsc_hours", _("Reflective supervision/consultation received")
    RSC_ABOUT_PROVISION = "rsc_about_provision", _("RS/C about the RS/C you provide")
    LEADERSHIP_ACTIVITIES = "leadership_activities", _("Leadership activities")
    REFERENCES = "references", _("Reference ratings")
    REFERENCE_ROLES = "reference_roles", _("Who your reference raters are")
    REFERENCE_ENDORSED_RATER = "reference_endorsed_rater", _("An endorsed reference rater")
    CODE_OF_ETHICS = "code_of_ethics", _("Code of Ethics signed")
    AGREEMENT = "agreement", _("Endorsement Agreement signed")
    MEMBERSHIP = "membership", _("Association membership")
    EXAM = "exam", _("Written exam")
    RENEWAL_TRAINING_HOURS = "renewal_training_hours", _("Training this year")
    RENEWAL_RSC_TRAINING_HOURS = "renewal_rsc_training_hours", _("Training about providing RS/C")
    RENEWAL_DEI_TRAINING_HOURS = "renewal_dei_training_hours", _("Training on DEI this year")
    RENEWAL_RSC_HOURS = "renewal_rsc_hours", _("RS/C received this year")


#: The checklist order of requirement codes.
CODE_ORDER: dict[str, int] = {code: i for i, code in enumerate(RequirementCode.values)}


class EndorsementStatus(models.TextChoices):
    """A granted endorsement's standing. Changes only through
    ``endorsements.services.transition`` (renewals lapse, archive and renew; coordinators
    revoke)."""

    CURRENT = "current", _("Current")
    EXPIRED = "expired", _("Expired (renewal overdue)")
    LAPSED = "lapsed", _("Lapsed")
    ARCHIVED = "archived", _("Archived")
    REVOKED = "revoked", _("Revoked")
    INACTIVE = "inactive", _("Inactive")


#: Standings in which the endorsement may be shown as held (registry, dashboard, credential).
HELD_STATUSES = frozenset({EndorsementStatus.CURRENT})

#: Which standing may follow which. Revoked is final.
ENDORSEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    EndorsementStatus.CURRENT: frozenset(
        {
            EndorsementStatus.EXPIRED,
            EndorsementStatus.LAPSED,
            EndorsementStatus.ARCHIVED,
            EndorsementStatus.REVOKED,
            EndorsementStatus.INACTIVE,
        }
    ),
    EndorsementStatus.EXPIRED: frozenset(
        {
            EndorsementStatus.CURRENT,
            EndorsementStatus.LAPSED,
            EndorsementStatus.ARCHIVED,
            EndorsementStatus.REVOKED,
        }
    ),
    EndorsementStatus.LAPSED: frozenset(
        {EndorsementStatus.CURRENT, EndorsementStatus.ARCHIVED, EndorsementStatus.REVOKED}
    ),
    EndorsementStatus.INACTIVE: frozenset(
        {EndorsementStatus.CURRENT, EndorsementStatus.ARCHIVED, EndorsementStatus.REVOKED}
    ),
    EndorsementStatus.ARCHIVED: frozenset({EndorsementStatus.CURRENT, EndorsementStatus.REVOKED}),
    EndorsementStatus.REVOKED: frozenset(),
}


class TransferStatus(models.TextChoices):
    """A move of an endorsement to another association. Changes only through
    ``endorsements.services.transition_transfer``."""

    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The receiving association decides a requested transfer once.
TRANSFER_TRANSITIONS: dict[str, frozenset[str]] = {
    TransferStatus.REQUESTED: frozenset(
        {TransferStatus.ACCEPTED, TransferStatus.DECLINED, TransferStatus.WITHDRAWN}
    ),
    TransferStatus.ACCEPTED: frozenset(),
    TransferStatus.DECLINED: frozenset(),
    TransferStatus.WITHDRAWN: frozenset(),
}


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    MAPPED = "mapped", _("Columns mapped")
    CHECKED = "checked", _("Dry run done")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


#: An import's steps (``endorsements.services.transition_import``): the columns may be mapped
#: again until the import runs; the dry run may be repeated; checking or running with the
#: columns guessed at upload, or without a dry run, is the service's own shortcut (the pages
#: always map and check first).
IMPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ImportStatus.UPLOADED: frozenset(
        {ImportStatus.MAPPED, ImportStatus.CHECKED, ImportStatus.RUNNING}
    ),
    ImportStatus.MAPPED: frozenset(
        {ImportStatus.MAPPED, ImportStatus.CHECKED, ImportStatus.RUNNING}
    ),
    ImportStatus.CHECKED: frozenset(
        {ImportStatus.MAPPED, ImportStatus.CHECKED, ImportStatus.RUNNING}
    ),
    ImportStatus.RUNNING: frozenset({ImportStatus.DONE, ImportStatus.FAILED}),
    ImportStatus.DONE: frozenset(),
    ImportStatus.FAILED: frozenset(),
}
