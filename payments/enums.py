from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeKind(models.TextChoices):
    """Every fee the endorsement charges."""

    REGISTRATION = "registration", _("Registration fee")
    PROCESSING = "processing", _("Processing fee")
    RENEWAL = "renewal", _("Renewal fee")
    LATE_RENEWAL = "late_renewal", _("Late renewal fee")
    REACTIVATION = "reactivation", _("Reactivation fee (after an inactive period)")
    EXAM = "exam", _("Exam fee")


class PaymentStatus(models.TextChoices):
    """A payment's state. Changes only through ``payments.services.transition``."""

    PENDING = "pending", _("Waiting for payment")
    PAID = "paid", _("Paid")
    REFUNDED = "refunded", _("Refunded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


#: Every status change a payment may make. A card payment can move from cancelled or failed to
#: paid because Stripe may confirm money after the portal gave up on the checkout; a refund seen
#: before the confirmation (events out of order) moves a pending payment straight to refunded,
#: and money that must not count (the fee was paid already) goes from any unpaid status straight
#: to refunded (``refund_extra_payment``).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    PaymentStatus.PENDING: frozenset(
        {PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.CANCELLED, PaymentStatus.REFUNDED}
    ),
    PaymentStatus.FAILED: frozenset(
        {PaymentStatus.PAID, PaymentStatus.CANCELLED, PaymentStatus.REFUNDED}
    ),
    PaymentStatus.CANCELLED: frozenset({PaymentStatus.PAID, PaymentStatus.REFUNDED}),
    PaymentStatus.PAID: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.REFUNDED: frozenset(),
}

#: Payments that still wait for money.
OPEN_STATUSES = frozenset({PaymentStatus.PENDING})
#: Payments where money was received (and may have been given back): they have a receipt.
SETTLED_STATUSES = frozenset({PaymentStatus.PAID, PaymentStatus.REFUNDED})


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card (Stripe)")
    TEST = "test", _("Test payment (no card charged)")
    CHEQUE = "cheque", _("Cheque")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    AGENCY = "agency", _("Agency group payment")
    WAIVER = "waiver", _("Fee waived")


#: Methods a coordinator records by hand, with a reference.
OFFLINE_METHODS = (PaymentMethod.CHEQUE, PaymentMethod.BANK_TRANSFER, PaymentMethod.AGENCY)


class DiscountKind(models.TextChoices):
    PERCENT = "percent", _("Percentage off")
    FIXED = "fixed", _("Fixed amount off")
    WAIVER = "waiver", _("Full waiver")


class EventOutcome(models.TextChoices):
    """What the portal did with one Stripe event (or one test-mode confirmation)."""

    PROCESSED = "processed", _("Processed")
    IGNORED = "ignored", _("Ignored")
    REJECTED = "rejected", _("Rejected: did not match the payment")
