"""Races that only a real database shows: threads, each with its own PostgreSQL connection,
released together by a barrier."""

import datetime
import threading

import pytest
from django.db import connection

from payments import services
from payments.enums import DiscountKind, FeeKind, PaymentStatus
from payments.models import Payment, ReceiptCounter
from tests.conftest import skip_or_fail
from tests.factories.accounts import UserFactory
from tests.factories.payments import CouponFactory, start_fee

pytestmark = [pytest.mark.service, pytest.mark.django_db(transaction=True)]


def run_together(work, arguments: list) -> list:
    """Call ``work(argument)`` in one thread per argument, all released at once; returns each
    call's result or the exception it raised, in argument order."""
    barrier = threading.Barrier(len(arguments))
    results: list = [None] * len(arguments)

    def thread(index: int, argument) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(argument)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=thread, args=(i, a), daemon=True) for i, a in enumerate(arguments)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread did not finish in 60 s"
    return results


@pytest.fixture(autouse=True)
def postgres():
    if connection.vendor != "postgresql":
        skip_or_fail("row locks between connections need PostgreSQL: set DATABASE_URL")


def test_six_simultaneous_checkouts_of_a_single_use_coupon_give_one_use(
    fees, association, settings
):
    settings.PAYMENTS_TEST_MODE = True
    coupon = CouponFactory(
        association=association,
        code="ONE-ONLY",
        fee_kind=FeeKind.PROCESSING,
        discount_kind=DiscountKind.PERCENT,
        percent_off=50,
        max_uses=1,
    )
    people = [UserFactory() for _ in range(6)]

    results = run_together(
        lambda person: start_fee(person, association, coupon_code="one-only"), people
    )

    started = [r for r in results if isinstance(r, Payment)]
    refused = [r for r in results if isinstance(r, services.PaymentError)]
    assert {e.code for e in refused} == {services.PaymentError.COUPON}
    assert len(started) == 1, results
    assert [e.reason for e in refused] == ["exhausted"] * 5
    assert (started[0].status, started[0].total_cents) == (PaymentStatus.PENDING, 15000)
    assert list(coupon.payments.values_list("pk", flat=True)) == [started[0].pk]


def test_receipt_numbers_stay_consecutive_under_simultaneous_payments(
    fees, association, coordinator
):
    people = [UserFactory() for _ in range(8)]

    def cheque(person):
        return services.record_offline_payment(
            association=association,
            payer=person,
            fee_kind=FeeKind.REGISTRATION,
            amount_cents=2000,
            method="cheque",
            reference=f"CHQ {person.pk}",
            received_on=datetime.date(2026, 3, 2),
            actor=coordinator,
        ).receipt_number

    results = run_together(cheque, people)

    assert sorted(results) == [f"WI-AIMH-2026-{n:06d}" for n in range(1, 9)], results
    assert ReceiptCounter.objects.get(association=association, year=2026).last_number == 8
