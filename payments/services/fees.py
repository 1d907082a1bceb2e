"""Fee schedules, coupons and quotes: what a person owes before paying."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from easy.audit.services import record

from .. import queries
from ..enums import FeeKind
from ..models import Amounts, Coupon, CouponAttempt, FeeSchedule
from .errors import PaymentError, coupon_error


@dataclass(frozen=True)
class Quote(Amounts):
    amount_cents: int
    discount_cents: int
    total_cents: int
    coupon: Coupon | None
    fee_schedule: FeeSchedule


#: Unknown coupon codes a person may enter in an hour before every code is refused for a while.
COUPON_GUESSES_PER_HOUR = 10
#: Stripe charges at least $0.50; a coupon that would leave less makes the fee free instead.
STRIPE_MINIMUM_CENTS = 50


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def _unknown(code: str) -> PaymentError:
    # The same words whether or not another association uses the code: a guess learns nothing.
    return coupon_error(
        _("We do not know the code %(code)s. Check it for typing mistakes.") % {"code": code},
        "unknown",
    )


def _throttled(payer) -> bool:
    if not getattr(payer, "pk", None):
        return False
    since = timezone.now() - datetime.timedelta(hours=1)
    refused = CouponAttempt.objects.filter(payer=payer, created_at__gte=since).count()
    return refused >= COUPON_GUESSES_PER_HOUR


def note_refused_code(code: str, error: PaymentError, *, payer, association) -> None:
    """Count a code unknown here against ``payer``'s hourly allowance. Codes that exist but do
    not apply (expired, used up...) are not guesses and do not count.

    Call it outside the transaction that refused the code, or a rollback forgets the try.
    Side effects: one ``CouponAttempt`` row.
    """
    if error.reason != "unknown" or not getattr(payer, "pk", None):
        return
    CouponAttempt.objects.create(
        payer=payer, association=association, code=normalise_code(code)[:40], reason=error.reason
    )


def check_coupon(
    code: str,
    *,
    payer,
    association,
    fee_kind: str,
    on: datetime.date,
    lock: bool = False,
    exclude: Iterable[int] = (),
) -> Coupon:
    """The coupon behind ``code`` if it applies to this payer, association and fee on ``on``;
    raises ``PaymentError`` (``COUPON``, with the reason) otherwise.

    ``lock`` takes the coupon row ``FOR UPDATE`` (inside a transaction) so that counting its
    uses and taking one cannot interleave with another checkout. ``exclude``: payments whose
    use does not count (those being replaced or re-checked).
    """
    code = normalise_code(code)
    if _throttled(payer):
        raise coupon_error(
            _(
                "You have entered too many codes that did not work. Try again in an hour, or "
                "pay without a code."
            ),
            "throttled",
        )
    coupons = Coupon.objects.select_for_update() if lock else Coupon.objects
    coupon = coupons.filter(association=association, code=code).first()
    if coupon is None:
        raise _unknown(code)
    if not coupon.is_active:
        raise coupon_error(_("This code is no longer offered."), "inactive")
    if coupon.fee_kind != fee_kind:
        raise coupon_error(
            _("This code applies to the %(coupon_fee)s, not to the %(fee)s.")
            % {
                "coupon_fee": FeeKind(coupon.fee_kind).label.lower(),
                "fee": FeeKind(fee_kind).label.lower(),
            },
            "wrong_fee",
        )
    if coupon.valid_from and on < coupon.valid_from:
        raise coupon_error(
            _("This code can be used from %(date)s.")
            % {"date": date_format(coupon.valid_from, "DATE_FORMAT")},
            "not_yet_valid",
        )
    if coupon.valid_until and on > coupon.valid_until:
        raise coupon_error(
            _("This code expired on %(date)s.")
            % {"date": date_format(coupon.valid_until, "DATE_FORMAT")},
            "expired",
        )
    limit = coupon_limit_reached(coupon, payer, exclude=exclude)
    if limit == "exhausted":
        raise coupon_error(_("This code has been used as many times as allowed."), "exhausted")
    if limit == "used_by_you":
        raise coupon_error(_("You have already used this code."), "used_by_you")
    return coupon


def coupon_limit_reached(coupon: Coupon, payer, *, exclude: Iterable[int] = ()) -> str:
    """ "exhausted" or "used_by_you" when one more use would pass a limit, else "".
    Lock the coupon row first when the answer decides a use."""
    if coupon.max_uses is not None and (
        queries.coupon_uses(coupon, exclude=exclude) >= coupon.max_uses
    ):
        return "exhausted"
    if queries.coupon_uses(coupon, payer, exclude=exclude) >= coupon.max_uses_per_person:
        return "used_by_you"
    return ""


def price(
    *,
    payer,
    association,
    fee_kind: str,
    category_code: str,
    coupon_code: str = "",
    on: datetime.date | None = None,
    lock: bool = False,
    exclude: Iterable[int] = (),
) -> Quote:
    """``quote`` without counting a refused code: for callers inside a transaction (which count
    it themselves after the rollback). ``lock`` and ``exclude``: see ``check_coupon``."""
    on = on or timezone.localdate()
    schedule = queries.schedule_for(association, fee_kind, category_code, on)
    if schedule is None:
        raise PaymentError(
            f"{association.code} has no {fee_kind} fee for {category_code or 'any category'} "
            f"on {on.isoformat()}",
            PaymentError.FEE_NOT_CONFIGURED,
        )
    coupon = None
    discount = 0
    if normalise_code(coupon_code):
        coupon = check_coupon(
            coupon_code,
            payer=payer,
            association=association,
            fee_kind=fee_kind,
            on=on,
            lock=lock,
            exclude=exclude,
        )
        discount = coupon.discount_on(schedule.amount_cents)
        if 0 < schedule.amount_cents - discount < STRIPE_MINIMUM_CENTS:
            # Stripe cannot charge under $0.50: the few cents left are waived, not refused.
            discount = schedule.amount_cents
    return Quote(
        amount_cents=schedule.amount_cents,
        discount_cents=discount,
        total_cents=schedule.amount_cents - discount,
        coupon=coupon,
        fee_schedule=schedule,
    )


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
    after the coupon. A coupon that would leave 1 to 49 cents makes the fee free (Stripe's
    minimum charge is $0.50). Raises ``PaymentError`` (``FEE_NOT_CONFIGURED`` or ``COUPON``).

    Side effects: a refused code counts against the payer's hourly allowance
    (``note_refused_code``); nothing else.
    """
    try:
        return price(
            payer=payer,
            association=association,
            fee_kind=fee_kind,
            category_code=category_code,
            coupon_code=coupon_code,
            on=on,
        )
    except PaymentError as exc:
        if exc.code == PaymentError.COUPON:
            note_refused_code(coupon_code, exc, payer=payer, association=association)
        raise


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
