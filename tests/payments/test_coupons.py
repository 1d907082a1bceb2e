import datetime

import pytest
from django.utils import timezone

from payments import queries, services
from payments.enums import DiscountKind, FeeKind, PaymentStatus
from payments.models import CouponAttempt, Payment
from tests.factories.accounts import UserFactory
from tests.factories.payments import CouponFactory, start_fee

DAY = datetime.date(2026, 3, 1)


def quote(association, payer, code, kind=FeeKind.REGISTRATION, category="IFS"):
    return services.quote(
        payer=payer,
        association=association,
        fee_kind=kind,
        category_code=category,
        coupon_code=code,
        on=DAY,
    )


def reason(association, payer, code, **kwargs) -> tuple[str, str]:
    with pytest.raises(services.PaymentError) as info:
        quote(association, payer, code, **kwargs)
    assert info.value.code == services.PaymentError.COUPON
    return info.value.reason, info.value.message


def use(coupon, payer, association):
    """A paid registration with ``coupon`` (a waiver completes at once)."""
    return services.start_payment(
        payer=payer,
        association=association,
        fee_kind=coupon.fee_kind,
        category_code="IFS",
        purpose=UserFactory(),
        coupon_code=coupon.code,
        success_url="/dashboard/",
        cancel_url="/dashboard/",
        actor=payer,
    ).payment


def test_waiver_takes_the_whole_fee(fees, association, payer):
    CouponFactory(association=association, code="PARTNER-GRAD")

    q = quote(association, payer, "partner-grad ")

    assert (q.amount_cents, q.discount_cents, q.total_cents) == (2000, 2000, 0)
    assert q.coupon.code == "PARTNER-GRAD"


def test_percentage_rounds_to_the_cent(fees, association, payer):
    CouponFactory(
        association=association,
        code="FIFTEEN",
        fee_kind=FeeKind.PROCESSING,
        discount_kind=DiscountKind.PERCENT,
        percent_off=15,
    )

    q = quote(association, payer, "FIFTEEN", kind=FeeKind.PROCESSING, category="IFA")

    assert (q.amount_cents, q.discount_cents, q.total_cents) == (2500, 375, 2125)


def test_fixed_amount_never_exceeds_the_fee(fees, association, payer):
    CouponFactory(
        association=association,
        code="BIG",
        discount_kind=DiscountKind.FIXED,
        amount_off_cents=5000,
    )

    assert quote(association, payer, "BIG").total_cents == 0


def test_unknown_code(fees, association, payer):
    assert reason(association, payer, "NOPE") == (
        "unknown",
        "We do not know the code NOPE. Check it for typing mistakes.",
    )


def test_code_of_another_association_reads_like_an_unknown_code(
    fees, association, other_association, payer
):
    CouponFactory(association=other_association, code="WA-ONLY")

    assert reason(association, payer, "WA-ONLY") == (
        "unknown",
        "We do not know the code WA-ONLY. Check it for typing mistakes.",
    )


def test_code_for_another_fee(fees, association, payer):
    CouponFactory(association=association, code="REG", fee_kind=FeeKind.REGISTRATION)

    assert reason(association, payer, "REG", kind=FeeKind.PROCESSING) == (
        "wrong_fee",
        "This code applies to the registration fee, not to the processing fee.",
    )


def test_expired_code(fees, association, payer):
    CouponFactory(association=association, code="OLD", valid_until=datetime.date(2026, 2, 28))

    assert reason(association, payer, "OLD") == (
        "expired",
        "This code expired on 28 February 2026.",
    )


def test_code_valid_on_its_last_day(fees, association, payer):
    CouponFactory(association=association, code="LAST", valid_until=DAY)

    assert quote(association, payer, "LAST").total_cents == 0


def test_code_not_yet_valid(fees, association, payer):
    CouponFactory(association=association, code="SOON", valid_from=datetime.date(2026, 4, 1))

    assert reason(association, payer, "SOON") == (
        "not_yet_valid",
        "This code can be used from 1 April 2026.",
    )


def test_inactive_code(fees, association, payer):
    CouponFactory(association=association, code="OFF", is_active=False)

    assert reason(association, payer, "OFF")[0] == "inactive"


def test_exhausted_code(fees, association, payer):
    coupon = CouponFactory(association=association, code="TWO", max_uses=2)
    use(coupon, UserFactory(), association)
    use(coupon, UserFactory(), association)

    assert reason(association, payer, "TWO") == (
        "exhausted",
        "This code has been used as many times as allowed.",
    )


def test_per_person_limit(fees, association, payer):
    coupon = CouponFactory(association=association, code="ONCE", max_uses_per_person=1)
    use(coupon, payer, association)

    assert reason(association, payer, "ONCE") == ("used_by_you", "You have already used this code.")
    assert quote(association, UserFactory(), "ONCE").total_cents == 0


def test_refund_gives_the_use_back(fees, association, payer, coordinator):
    coupon = CouponFactory(
        association=association,
        code="HALF",
        discount_kind=DiscountKind.PERCENT,
        percent_off=50,
        max_uses=1,
    )
    payment = use(coupon, payer, association)
    services.transition(payment, PaymentStatus.PAID, actor=payer)
    services.refund_payment(payment, actor=coordinator, reason="paid twice")

    assert quote(association, payer, "HALF").total_cents == 1000


def test_coupon_code_form_gives_the_reason_at_the_field(fees, association, payer):
    from payments.forms import CouponCodeForm

    CouponFactory(association=association, code="REG")
    kwargs = {"payer": payer, "association": association, "category_code": "IFS"}

    wrong = CouponCodeForm({"coupon_code": "reg"}, fee_kind=FeeKind.PROCESSING, **kwargs)
    right = CouponCodeForm({"coupon_code": "reg"}, fee_kind=FeeKind.REGISTRATION, **kwargs)

    assert wrong.errors["coupon_code"] == [
        "This code applies to the registration fee, not to the processing fee."
    ]
    assert right.is_valid()
    assert (right.quote.total_cents, right.cleaned_data["coupon_code"]) == (0, "REG")


# --- Uses held from checkout (issue 10, item 7) ------------------------------------------------


@pytest.fixture
def half_once(association, settings):
    settings.PAYMENTS_TEST_MODE = True
    return CouponFactory(
        association=association,
        code="HALF-ONCE",
        fee_kind=FeeKind.PROCESSING,
        discount_kind=DiscountKind.PERCENT,
        percent_off=50,
        max_uses=1,
    )


def test_a_started_checkout_holds_the_use(fees, association, payer, half_once):
    held = start_fee(payer, association, coupon_code="HALF-ONCE")

    assert (held.status, held.total_cents) == (PaymentStatus.PENDING, 15000)
    assert held.checkout_expires_at is not None
    assert reason(association, UserFactory(), "HALF-ONCE", kind=FeeKind.PROCESSING) == (
        "exhausted",
        "This code has been used as many times as allowed.",
    )


def test_starting_the_same_checkout_again_keeps_its_own_use(fees, association, payer, half_once):
    first = start_fee(payer, association, coupon_code="HALF-ONCE")

    again = start_fee(payer, association, coupon_code="HALF-ONCE")

    assert again.pk == first.pk
    assert half_once.payments.count() == 1


def test_an_expired_checkout_gives_the_use_back(fees, association, payer, half_once):
    held = start_fee(payer, association, coupon_code="HALF-ONCE")
    Payment.objects.filter(pk=held.pk).update(
        checkout_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    other = start_fee(UserFactory(), association, coupon_code="HALF-ONCE")

    assert (other.status, other.total_cents) == (PaymentStatus.PENDING, 15000)


def test_an_expired_checkout_is_replaced_when_its_payer_starts_again(
    fees, association, payer, half_once
):
    held = start_fee(payer, association, coupon_code="HALF-ONCE")
    Payment.objects.filter(pk=held.pk).update(
        checkout_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    again = start_fee(payer, association, coupon_code="HALF-ONCE")

    held.refresh_from_db()
    assert again.pk != held.pk
    assert (held.status, again.status) == (PaymentStatus.CANCELLED, PaymentStatus.PENDING)


def test_a_cancelled_checkout_gives_the_use_back(fees, association, payer, half_once):
    held = start_fee(payer, association, coupon_code="HALF-ONCE")
    services.cancel_payment(held, actor=payer, reason="cancelled at checkout")

    assert quote(association, UserFactory(), "HALF-ONCE", kind=FeeKind.PROCESSING).total_cents == (
        2500
    )


def test_staff_coupon_list_counts_held_uses(fees, association, payer, half_once):
    start_fee(payer, association, coupon_code="HALF-ONCE")

    assert queries.coupons_for_staff(association).get(pk=half_once.pk).uses == 1


# --- Guessing codes ----------------------------------------------------------------------------


def test_ten_refused_codes_in_an_hour_stop_even_a_good_one(fees, association, payer):
    CouponFactory(association=association, code="GOOD")
    for n in range(10):
        assert reason(association, payer, f"GUESS-{n}")[0] == "unknown"

    assert reason(association, payer, "GOOD") == (
        "throttled",
        "You have entered too many codes that did not work. Try again in an hour, or pay "
        "without a code.",
    )
    assert quote(association, UserFactory(), "GOOD").total_cents == 0
    assert CouponAttempt.objects.filter(payer=payer).count() == 10


def test_codes_that_exist_but_do_not_apply_are_not_counted_as_guesses(fees, association, payer):
    CouponFactory(association=association, code="OLD", valid_until=datetime.date(2026, 2, 1))
    for _ in range(12):
        assert reason(association, payer, "OLD")[0] == "expired"

    assert not CouponAttempt.objects.exists()


def test_refused_codes_older_than_an_hour_no_longer_count(fees, association, payer):
    CouponFactory(association=association, code="GOOD")
    for n in range(10):
        reason(association, payer, f"GUESS-{n}")
    CouponAttempt.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))

    assert quote(association, payer, "GOOD").total_cents == 0


def test_a_refused_code_at_checkout_counts_despite_the_rollback(fees, association, payer):
    with pytest.raises(services.PaymentError) as info:
        start_fee(payer, association, coupon_code="NOPE")
    assert info.value.code == services.PaymentError.COUPON

    assert list(CouponAttempt.objects.values_list("payer", "code", "reason")) == [
        (payer.pk, "NOPE", "unknown")
    ]
    assert not Payment.objects.exists()


# --- Stripe's minimum charge (issue 10, item 10) ---------------------------------------------


@pytest.mark.parametrize(("off_cents", "total"), [(1999, 0), (1951, 0), (1950, 50), (1900, 100)])
def test_a_coupon_leaving_under_fifty_cents_makes_the_fee_free(
    fees, association, payer, off_cents, total
):
    CouponFactory(
        association=association,
        code="NEARLY",
        discount_kind=DiscountKind.FIXED,
        amount_off_cents=off_cents,
    )

    q = quote(association, payer, "NEARLY")

    assert (q.amount_cents, q.discount_cents, q.total_cents) == (2000, 2000 - total, total)


def test_ninety_nine_percent_off_is_free_and_completes_at_once(fees, association, payer):
    CouponFactory(
        association=association,
        code="ALMOST",
        discount_kind=DiscountKind.PERCENT,
        percent_off=99,
    )

    payment = start_fee(payer, association, coupon_code="ALMOST", fee_kind=FeeKind.REGISTRATION)

    assert (payment.status, payment.method, payment.total_cents) == ("paid", "waiver", 0)
