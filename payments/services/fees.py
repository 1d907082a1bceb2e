"""Fee schedules, coupons and quotes: what a person owes before paying."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from easy.audit.services import record

from .. import queries
from ..enums import FeeKind
from ..models import Amounts, Coupon, FeeSchedule


class FeeNotConfigured(Exception):
    """The association has no fee schedule in force for this fee and category."""


class CouponError(Exception):
    """A coupon code that does not apply; ``message`` is written for the person paying."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.message = message
        #: A short machine name: unknown, other_association, inactive, wrong_fee,
        #: not_yet_valid, expired, exhausted, used_by_you.
        self.reason = reason


@dataclass(frozen=True)
class Quote(Amounts):
    amount_cents: int
    discount_cents: int
    total_cents: int
    coupon: Coupon | None
    fee_schedule: FeeSchedule


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def check_coupon(code: str, *, payer, association, fee_kind: str, on: datetime.date) -> Coupon:
    """The coupon behind ``code`` if it applies to this payer, association and fee on ``on``;
    raises ``CouponError`` with the reason otherwise."""
    code = normalise_code(code)
    coupon = Coupon.objects.filter(association=association, code=code).first()
    if coupon is None:
        if Coupon.objects.filter(code=code).exists():
            raise CouponError(
                _("This code belongs to another association and cannot be used here."),
                "other_association",
            )
        raise CouponError(
            _("We do not know the code %(code)s. Check it for typing mistakes.") % {"code": code},
            "unknown",
        )
    if not coupon.is_active:
        raise CouponError(_("This code is no longer offered."), "inactive")
    if coupon.fee_kind != fee_kind:
        raise CouponError(
            _("This code applies to the %(coupon_fee)s, not to the %(fee)s.")
            % {
                "coupon_fee": FeeKind(coupon.fee_kind).label.lower(),
                "fee": FeeKind(fee_kind).label.lower(),
            },
            "wrong_fee",
        )
    if coupon.valid_from and on < coupon.valid_from:
        raise CouponError(
            _("This code can be used from %(date)s.")
            % {"date": date_format(coupon.valid_from, "DATE_FORMAT")},
            "not_yet_valid",
        )
    if coupon.valid_until and on > coupon.valid_until:
        raise CouponError(
            _("This code expired on %(date)s.")
            % {"date": date_format(coupon.valid_until, "DATE_FORMAT")},
            "expired",
        )
    if coupon.max_uses is not None and queries.coupon_uses(coupon) >= coupon.max_uses:
        raise CouponError(_("This code has been used as many times as allowed."), "exhausted")
    if queries.coupon_uses(coupon, payer) >= coupon.max_uses_per_person:
        raise CouponError(_("You have already used this code."), "used_by_you")
    return coupon


def quote(
    *,
    payer,
    association,
    fee_kind: str,
    category_code: str,
    coupon_code: str = "",
    on: datetime.date | None = None,
) -> Quote:
    """What ``payer`` owes for ``fee_kind`` in ``category_code`` on ``on`` (today by default),
    after the coupon. Raises ``FeeNotConfigured`` or ``CouponError``. No side effects."""
    on = on or timezone.localdate()
    schedule = queries.schedule_for(association, fee_kind, category_code, on)
    if schedule is None:
        raise FeeNotConfigured(
            f"{association.code} has no {fee_kind} fee for {category_code or 'any category'} "
            f"on {on.isoformat()}"
        )
    coupon = None
    discount = 0
    if normalise_code(coupon_code):
        coupon = check_coupon(
            coupon_code, payer=payer, association=association, fee_kind=fee_kind, on=on
        )
        discount = coupon.discount_on(schedule.amount_cents)
    return Quote(
        amount_cents=schedule.amount_cents,
        discount_cents=discount,
        total_cents=schedule.amount_cents - discount,
        coupon=coupon,
        fee_schedule=schedule,
    )


def _fields(obj, names: list[str]) -> dict:
    return {n: str(getattr(obj, n)) if getattr(obj, n) is not None else None for n in names}


SCHEDULE_FIELDS = ["fee_kind", "category_code", "amount_cents", "effective_from", "effective_until"]
COUPON_FIELDS = [
    "code",
    "fee_kind",
    "discount_kind",
    "percent_off",
    "amount_off_cents",
    "valid_from",
    "valid_until",
    "max_uses",
    "max_uses_per_person",
    "is_active",
]


@transaction.atomic
def save_fee_schedule(schedule: FeeSchedule, *, actor) -> FeeSchedule:
    """Create or change a fee schedule (already validated by its form).

    Side effects: saves the schedule; one audit row (``fee_schedule.created``/``.changed``).
    Payments already made keep their amounts.
    """
    created = schedule.pk is None
    schedule.save()
    record(
        actor,
        "fee_schedule.created" if created else "fee_schedule.changed",
        schedule,
        data=_fields(schedule, SCHEDULE_FIELDS),
    )
    return schedule


@transaction.atomic
def save_coupon(coupon: Coupon, *, actor) -> Coupon:
    """Create or change a coupon. Side effects: saves it; one audit row."""
    created = coupon.pk is None
    coupon.save()
    record(
        actor,
        "coupon.created" if created else "coupon.changed",
        coupon,
        data=_fields(coupon, COUPON_FIELDS),
    )
    return coupon
