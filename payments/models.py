"""Fees (schedules with effective dates), coupons, payments and the Stripe events received.

Amounts are whole cents in US dollars. A payment keeps its own copy of the amounts it was
quoted, so a later change to a fee schedule never changes what someone paid.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    SETTLED_STATUSES,
    DiscountKind,
    EventOutcome,
    FeeKind,
    PaymentMethod,
    PaymentStatus,
)


def dollars(cents: int) -> str:
    """``2500`` -> ``"$25.00"`` (negative amounts keep their sign in front)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"


class Amounts:
    """``amount``, ``discount`` and ``total`` shown in dollars, from the ``*_cents`` fields."""

    amount_cents: int
    discount_cents: int
    total_cents: int

    @property
    def total(self) -> str:
        return dollars(self.total_cents)

    @property
    def amount(self) -> str:
        return dollars(self.amount_cents)

    @property
    def discount(self) -> str:
        return dollars(self.discount_cents)


class UUIDNaturalKeyManager(models.Manager):
    """Fixtures address schedules by UUID so loading them twice updates instead of duplicating."""

    def get_by_natural_key(self, value: str):
        return self.get(uuid=value)


class FeeSchedule(models.Model):
    """What an association charges for one fee, for one category (blank: every category),
    from ``effective_from`` until ``effective_until`` (blank: until further notice).

    A category-specific schedule wins over the all-categories one on the same day.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.CASCADE, related_name="fee_schedules"
    )
    fee_kind = models.CharField(_("fee"), max_length=20, choices=FeeKind.choices)
    category_code = models.CharField(
        _("category"),
        max_length=20,
        blank=True,
        help_text=_("A category code such as IFS or IMHM-C. Leave blank for every category."),
    )
    amount_cents = models.PositiveIntegerField(_("amount in cents"))
    effective_from = models.DateField(_("first day"))
    effective_until = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Leave blank to keep it in force.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Not auto_now_add: fixtures load with raw saves, which skip it. Changes are in the audit log.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UUIDNaturalKeyManager()

    class Meta:
        ordering = ["association", "fee_kind", "category_code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "fee_kind", "category_code", "effective_from"],
                name="unique_fee_schedule_start",
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="fee_schedule_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        who = self.category_code or _("all categories")
        return f"{self.get_fee_kind_display()} ({who}): {dollars(self.amount_cents)}"

    def natural_key(self) -> tuple[str]:
        return (str(self.uuid),)

    @property
    def amount(self) -> str:
        return dollars(self.amount_cents)


class Coupon(models.Model):
    """A code that lowers or waives one fee at one association, within dates and usage limits.

    A use counts from the moment a checkout with the coupon starts (its pending payment holds
    the use, under a lock on this row), and stays counted once paid. A checkout that is
    cancelled, fails or passes ``Payment.checkout_expires_at`` gives the use back; so does a
    refund. See ``payments.queries.coupon_uses``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.CASCADE, related_name="coupons"
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_("Letters, digits and dashes; not case-sensitive.")
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("Who it is for, e.g. graduates of a partner programme."),
    )
    fee_kind = models.CharField(_("fee"), max_length=20, choices=FeeKind.choices)
    discount_kind = models.CharField(_("discount"), max_length=10, choices=DiscountKind.choices)
    percent_off = models.PositiveSmallIntegerField(_("percentage off"), null=True, blank=True)
    amount_off_cents = models.PositiveIntegerField(_("amount off in cents"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until (last day)"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(
        _("uses in total"), null=True, blank=True, help_text=_("Leave blank for no limit.")
    )
    max_uses_per_person = models.PositiveIntegerField(_("uses per person"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["association", "code"]
        constraints = [
            models.UniqueConstraint(fields=["association", "code"], name="unique_coupon_code"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)

    @property
    def discount_text(self) -> str:
        if self.discount_kind == DiscountKind.WAIVER:
            return str(_("Fee waived"))
        if self.discount_kind == DiscountKind.PERCENT:
            return _("%(percent)s%% off") % {"percent": self.percent_off}
        return _("%(amount)s off") % {"amount": dollars(self.amount_off_cents or 0)}

    def discount_on(self, amount_cents: int) -> int:
        """The discount in cents this coupon gives on ``amount_cents`` (never more than it)."""
        if self.discount_kind == DiscountKind.WAIVER:
            return amount_cents
        if self.discount_kind == DiscountKind.PERCENT:
            # Round half up to the cent: 15 % of $25.00 is $3.75, 33 % of $0.50 is $0.17.
            return min(amount_cents, (amount_cents * (self.percent_off or 0) + 50) // 100)
        return min(amount_cents, self.amount_off_cents or 0)


class PaymentBatch(models.Model):
    """One offline payment covering several people (an agency paying for a cohort)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.PROTECT, related_name="payment_batches"
    )
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    payer_name = models.CharField(_("paid by"), max_length=200)
    reference = models.CharField(_("reference"), max_length=100)
    received_on = models.DateField(_("received on"))
    total_cents = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.payer_name} {self.reference} ({dollars(self.total_cents)})"


class Payment(Amounts, models.Model):
    """One fee one person pays (or had waived) for one purpose, e.g. an application.

    Its status changes only through ``payments.services.transition``; a card payment
    becomes paid only when Stripe's signed webhook says so, never from the browser.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.PROTECT, related_name="payments"
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    fee_kind = models.CharField(_("fee"), max_length=20, choices=FeeKind.choices)
    category_code = models.CharField(_("category"), max_length=20, blank=True)
    description = models.CharField(_("paid for"), max_length=200)
    # What the payment is for, kept generic: an application, a renewal, an exam sitting...
    purpose_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose_id = models.CharField(max_length=64, blank=True)

    fee_schedule = models.ForeignKey(
        FeeSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    coupon = models.ForeignKey(
        Coupon, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount_cents = models.PositiveIntegerField(_("fee"))
    discount_cents = models.PositiveIntegerField(_("discount"), default=0)
    total_cents = models.PositiveIntegerField(_("total"))
    currency = models.CharField(max_length=3, default="usd", editable=False)

    status = models.CharField(
        max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Cheque or transfer number.")
    )
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    receipt_number = models.CharField(max_length=40, unique=True, null=True, blank=True)

    # Where the person goes after paying (the page that asked for the payment) or cancelling.
    return_url = models.CharField(max_length=500, blank=True)
    cancel_url = models.CharField(max_length=500, blank=True)

    # A pending checkout holds its coupon use until then; Stripe closes the page at the same time.
    checkout_expires_at = models.DateTimeField(null=True, blank=True)

    stripe_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_checkout_url = models.URLField(max_length=1000, blank=True)
    stripe_payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)

    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["purpose_type", "purpose_id", "fee_kind", "status"]),
            models.Index(fields=["association", "status", "-created_at"]),
            models.Index(fields=["payer", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.description} — {dollars(self.total_cents)} ({self.get_status_display()})"

    @property
    def has_receipt(self) -> bool:
        return self.status in SETTLED_STATUSES and bool(self.receipt_number)

    # What pages ask of a status (the status itself changes only in ``payments.services``).
    @property
    def is_pending(self) -> bool:
        return self.status == PaymentStatus.PENDING

    @property
    def is_paid(self) -> bool:
        return self.status == PaymentStatus.PAID

    @property
    def is_refunded(self) -> bool:
        return self.status == PaymentStatus.REFUNDED


class ReceiptCounter(models.Model):
    """The last receipt number given by one association in one year.

    Numbers are taken under a row lock in the transaction that marks the payment paid, so they
    run 1, 2, 3... without gaps or repeats (a rolled-back payment rolls its number back too).
    """

    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.CASCADE, related_name="receipt_counters"
    )
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="unique_receipt_year"),
        ]

    def __str__(self) -> str:
        return f"{self.association_id} {self.year}: {self.last_number}"


class CouponAttempt(models.Model):
    """A coupon code someone entered that is unknown here; too many in an hour stop the guessing.

    Kept in the database (not a per-process cache) so every web worker counts the same tries.
    """

    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coupon_attempts"
    )
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=40)
    reason = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["payer", "created_at"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.reason})"


class StripeEvent(models.Model):
    """Each Stripe event the portal received, once: a second delivery finds its row and stops.

    Test-mode confirmations are stored the same way (ids starting ``evt_test_``).
    """

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    source = models.CharField(max_length=20, default="stripe")
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="stripe_events"
    )
    outcome = models.CharField(max_length=12, choices=EventOutcome.choices)
    message = models.CharField(max_length=500, blank=True)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type} ({self.outcome})"
