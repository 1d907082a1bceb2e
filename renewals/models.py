"""The yearly renewal: an association's cycle, one renewal per person and year covering all
their endorsements, proof for the audit, reminders sent, reinstatements after a lapse.

A renewal's or a reinstatement's status changes only through ``renewals.services.transition``
(checked against the tables beside the status enums in ``renewals.enums``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Phase, ReinstatementStatus, ReminderKind, RenewalStatus


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February in a common year, 31 in a 30-day month
        return dt.date(year, month, 28 if month == 2 else 30)


class RenewalSettings(models.Model):
    """One association's renewal cycle. Defaults are the domain's: the window opens on
    1 October, the deadline is 31 December, a late fee applies in a grace period to 31 January,
    then unrenewed endorsements lapse."""

    association = models.OneToOneField(
        "endorsements.Association", on_delete=models.CASCADE, related_name="renewal_settings"
    )
    opens_month = models.PositiveSmallIntegerField(
        _("window opens: month"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    opens_day = models.PositiveSmallIntegerField(
        _("window opens: day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    deadline_month = models.PositiveSmallIntegerField(
        _("deadline: month"), default=12, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    deadline_day = models.PositiveSmallIntegerField(
        _("deadline: day"), default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period in days after the deadline (late fee)"), default=31
    )
    auto_approve = models.BooleanField(
        _("approve renewals that meet the rules and were not drawn for the audit"), default=True
    )
    audit_percent = models.PositiveSmallIntegerField(
        _("share of renewals drawn for the audit (%)"),
        default=10,
        validators=[MaxValueValidator(100)],
    )
    archive_reactivation_years = models.PositiveSmallIntegerField(
        _("an archived category may be reactivated within (years)"), default=2
    )
    inactive_allowed = models.BooleanField(_("offer an inactive status"), default=False)
    inactive_max_years = models.PositiveSmallIntegerField(
        _("longest inactive period (years)"), default=2
    )

    class Meta:
        verbose_name_plural = "renewal settings"

    def __str__(self) -> str:
        return f"renewal settings of {self.association}"

    # -- the cycle of one renewal year ----------------------------------------------------------

    def opens_on(self, year: int) -> dt.date:
        return _day(year, self.opens_month, self.opens_day)

    def deadline(self, year: int) -> dt.date:
        return _day(year, self.deadline_month, self.deadline_day)

    def grace_ends_on(self, year: int) -> dt.date:
        return self.deadline(year) + dt.timedelta(days=self.grace_days)

    def year_for(self, on: dt.date) -> int:
        """The renewal year ``on`` belongs to: until the grace period of last year's cycle ends
        it is last year's; otherwise this year's (its window may not be open yet)."""
        if on <= self.grace_ends_on(on.year - 1):
            return on.year - 1
        return on.year

    def phase(self, year: int, on: dt.date) -> str:
        if on < self.opens_on(year):
            return Phase.BEFORE
        if on <= self.deadline(year):
            return Phase.OPEN
        if on <= self.grace_ends_on(year):
            return Phase.GRACE
        return Phase.CLOSED


class Renewal(models.Model):
    """One person's renewal for one year at one association: one form, one Code of Ethics
    signature, one membership proof and one fee for all the categories they hold.

    ``snapshot`` is the frozen copy made on submission (the log entries counted and each
    category's verdict): what the coordinator judges never changes afterwards.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="renewals"
    )
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.PROTECT, related_name="renewals"
    )
    year = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=RenewalStatus.choices, default=RenewalStatus.IN_PROGRESS
    )
    provides_rsc = models.BooleanField(
        _("I provide reflective supervision/consultation to others"), default=False
    )
    membership_expires_on = models.DateField(_("membership expires on"), null=True, blank=True)
    membership_number = models.CharField(_("member number"), max_length=60, blank=True)
    membership_proof = models.ForeignKey(
        "applications.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ethics_signed_at = models.DateTimeField(null=True, blank=True)
    ethics_typed_name = models.CharField(max_length=200, blank=True)
    late = models.BooleanField(default=False)
    audited = models.BooleanField(default=False)
    return_reason = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "association", "year"], name="one_renewal_per_person_year"
            )
        ]
        indexes = [models.Index(fields=["association", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.year} renewal of {self.person}"

    @property
    def is_submitted(self) -> bool:
        return self.status == RenewalStatus.SUBMITTED

    @property
    def is_waiting(self) -> bool:
        """Drawn for the audit: waits for proof of attendance."""
        return self.status == RenewalStatus.WAITING

    @property
    def is_returned(self) -> bool:
        return self.status == RenewalStatus.RETURNED

    @property
    def is_approved(self) -> bool:
        return self.status == RenewalStatus.APPROVED


class RenewalItem(models.Model):
    """One endorsement covered by a renewal, with its verdict when submitted."""

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="items")
    endorsement = models.ForeignKey(
        "endorsements.Endorsement", on_delete=models.PROTECT, related_name="renewal_items"
    )
    ready = models.BooleanField(default=False)
    evaluation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["renewal", "endorsement"], name="one_item_per_endorsement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.endorsement} in {self.renewal}"


class AttendanceProof(models.Model):
    """A proof of attendance an audited endorsee uploaded for one training or RS/C entry."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="proofs")
    training = models.ForeignKey(
        "applications.Training", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rsc_session = models.ForeignKey(
        "applications.RSCSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: A storage name (random folder), served only after a permission check.
    name = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReminderSent(models.Model):
    """A renewal reminder recorded for one person, year and kind. The unique constraint is what
    makes each reminder go out once, however many beat runs or workers try at the same time."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    #: The queued email (the delivery log), set by the task that renders it.
    email = models.ForeignKey(
        "notifications.OutboundEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "kind"], name="one_reminder_per_person_year_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} to {self.person_id}"


class Reinstatement(models.Model):
    """A lapsed endorsee's request to be reinstated. It needs three new reference ratings (on
    ``application``, the references machinery), the processing fee and this year's renewal
    requirements; the endorsee submits it and the coordinator decides. Its status changes only
    through ``renewals.services.transition``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endorsement = models.ForeignKey(
        "endorsements.Endorsement", on_delete=models.PROTECT, related_name="reinstatements"
    )
    application = models.OneToOneField(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reinstatement",
    )
    status = models.CharField(
        max_length=20, choices=ReinstatementStatus.choices, default=ReinstatementStatus.REQUESTED
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement"],
                condition=models.Q(status__in=["requested", "submitted"]),
                name="one_open_reinstatement",
            )
        ]

    def __str__(self) -> str:
        return f"reinstatement of {self.endorsement}"

    @property
    def is_requested(self) -> bool:
        """Not submitted yet: the endorsee still gathers what it needs."""
        return self.status == ReinstatementStatus.REQUESTED

    @property
    def is_submitted(self) -> bool:
        return self.status == ReinstatementStatus.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.status == ReinstatementStatus.APPROVED

    @property
    def is_declined(self) -> bool:
        return self.status == ReinstatementStatus.DECLINED
