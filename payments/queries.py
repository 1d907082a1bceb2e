"""Reusable lookups: what a purpose has paid, which fee applies, lists for people and staff."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .enums import FeeKind, PaymentStatus
from .models import Coupon, FeeSchedule, Payment


def for_purpose(purpose) -> QuerySet[Payment]:
    """Payments made for ``purpose`` (any model instance with a ``uuid``)."""
    return Payment.objects.filter(
        purpose_type=ContentType.objects.get_for_model(purpose, for_concrete_model=True),
        purpose_id=str(purpose.uuid),
    )


def paid_payment_for(purpose, fee_kind: str) -> Payment | None:
    """The paid (not refunded) payment of ``fee_kind`` for ``purpose``, if there is one."""
    return (
        for_purpose(purpose)
        .filter(fee_kind=fee_kind, status=PaymentStatus.PAID)
        .order_by("paid_at", "id")
        .first()
    )


def is_paid(purpose, fee_kind: str) -> bool:
    return for_purpose(purpose).filter(fee_kind=fee_kind, status=PaymentStatus.PAID).exists()


def schedule_for(
    association, fee_kind: str, category_code: str, on: datetime.date
) -> FeeSchedule | None:
    """The schedule in force on ``on``: the category's own one first, else the all-categories one;
    among several, the one that started last."""
    candidates = (
        FeeSchedule.objects.filter(
            association=association,
            fee_kind=fee_kind,
            category_code__in=[category_code or "", ""],
            effective_from__lte=on,
        )
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .order_by("-effective_from")
    )
    schedules = list(candidates)
    specific = [s for s in schedules if s.category_code and s.category_code == category_code]
    return (specific or schedules or [None])[0]


def payments_of(user) -> QuerySet[Payment]:
    """Everything a person has paid or started to pay, newest first (for "My payments")."""
    return (
        Payment.objects.filter(payer=user)
        .exclude(status=PaymentStatus.CANCELLED)
        .select_related("association", "coupon")
        .order_by("-created_at", "-id")
    )


def payments_for_staff(association, filters: dict | None = None) -> QuerySet[Payment]:
    """An association's payments for its staff list and CSV export, filtered."""
    filters = filters or {}
    qs = Payment.objects.filter(association=association).select_related("payer", "coupon", "batch")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("method"):
        qs = qs.filter(method=filters["method"])
    if filters.get("fee_kind"):
        qs = qs.filter(fee_kind=filters["fee_kind"])
    if filters.get("paid_from"):
        qs = qs.filter(paid_at__date__gte=filters["paid_from"])
    if filters.get("paid_until"):
        qs = qs.filter(paid_at__date__lte=filters["paid_until"])
    if filters.get("search"):
        term = filters["search"].strip()
        qs = qs.filter(
            Q(payer__full_name__icontains=term)
            | Q(payer__email__icontains=term)
            | Q(receipt_number__icontains=term)
            | Q(reference__icontains=term)
        )
    return qs.order_by("-created_at", "-id")


def holding_a_use(prefix: str = "") -> Q:
    """Payments that count as a use of their coupon: paid ones, and pending checkouts whose hold
    has not run out. Cancelled, failed and refunded payments give the use back."""
    now = timezone.now()
    return Q(**{f"{prefix}status": PaymentStatus.PAID}) | (
        Q(**{f"{prefix}status": PaymentStatus.PENDING})
        & (
            Q(**{f"{prefix}checkout_expires_at__isnull": True})
            | Q(**{f"{prefix}checkout_expires_at__gt": now})
        )
    )


def coupons_for_staff(association) -> QuerySet[Coupon]:
    return Coupon.objects.filter(association=association).annotate(
        uses=Count("payments", filter=holding_a_use("payments__"))
    )


def coupon_uses(coupon: Coupon, payer=None, *, exclude: Iterable[int] = ()) -> int:
    """Uses of ``coupon`` (by ``payer`` when given): paid payments and live checkouts, leaving
    out the payments ``exclude`` names (the ones being replaced or re-checked)."""
    qs = coupon.payments.filter(holding_a_use()).exclude(pk__in=list(exclude))
    if payer is not None:
        qs = qs.filter(payer=payer)
    return qs.count()


def describe_fee(fee_kind: str, category_code: str) -> str:
    label = str(FeeKind(fee_kind).label)
    return f"{label} — {category_code}" if category_code else label
