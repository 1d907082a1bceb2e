"""Choices of the yearly renewal: statuses, reminder kinds, reinstatement decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RenewalStatus(models.TextChoices):
    """A renewal's state. Changes only through ``renewals.services.transition``."""

    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    #: Drawn for the audit: waits for proof of attendance and the coordinator.
    WAITING = "waiting", _("Waiting for proof of attendance")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


#: The coordinator's queue tabs, in order.
QUEUE_STATUSES = (
    RenewalStatus.SUBMITTED,
    RenewalStatus.WAITING,
    RenewalStatus.RETURNED,
    RenewalStatus.APPROVED,
)
#: The endorsee may still change the form.
EDITABLE = frozenset({RenewalStatus.IN_PROGRESS, RenewalStatus.RETURNED})

RENEWAL_TRANSITIONS: dict[str, frozenset[str]] = {
    RenewalStatus.IN_PROGRESS: frozenset({RenewalStatus.SUBMITTED}),
    RenewalStatus.SUBMITTED: frozenset(
        {RenewalStatus.WAITING, RenewalStatus.RETURNED, RenewalStatus.APPROVED}
    ),
    RenewalStatus.WAITING: frozenset({RenewalStatus.RETURNED, RenewalStatus.APPROVED}),
    RenewalStatus.RETURNED: frozenset({RenewalStatus.SUBMITTED}),
    RenewalStatus.APPROVED: frozenset(),
}


class Phase(models.TextChoices):
    """Where a day falls in an association's renewal cycle for one year."""

    BEFORE = "before", _("Renewal window not open yet")
    OPEN = "open", _("Renewal window open")
    GRACE = "grace", _("Grace period (late fee)")
    CLOSED = "closed", _("Grace period over")


class ReminderKind(models.TextChoices):
    """Each is sent at most once per person and year (``ReminderSent``)."""

    WINDOW_OPEN = "window_open", _("The renewal window is open")
    DAYS_30 = "days_30", _("30 days before the deadline")
    DAYS_7 = "days_7", _("7 days before the deadline")
    DEADLINE = "deadline", _("Deadline day")
    GRACE_ENDING = "grace_ending", _("The grace period ends soon")
    LAPSED = "lapsed", _("The endorsement lapsed")
    MEMBERSHIP_EXPIRING = "membership_expiring", _("Membership expires within 30 days")


class ReinstatementStatus(models.TextChoices):
    """A reinstatement's state. Changes only through ``renewals.services.transition``."""

    REQUESTED = "requested", _("Requested")
    #: Everything is in; the coordinator decides.
    SUBMITTED = "submitted", _("Submitted to the coordinator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


#: Reinstatements not decided yet (one at a time per endorsement).
OPEN_REINSTATEMENT = (ReinstatementStatus.REQUESTED, ReinstatementStatus.SUBMITTED)

REINSTATEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReinstatementStatus.REQUESTED: frozenset(
        {ReinstatementStatus.SUBMITTED, ReinstatementStatus.DECLINED}
    ),
    ReinstatementStatus.SUBMITTED: frozenset(
        {ReinstatementStatus.APPROVED, ReinstatementStatus.DECLINED}
    ),
    ReinstatementStatus.APPROVED: frozenset(),
    ReinstatementStatus.DECLINED: frozenset(),
}
