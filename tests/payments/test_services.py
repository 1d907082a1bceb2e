import datetime

import pytest
from django.core import mail
from django.utils import timezone

from easy.audit.models import AuditEvent
from payments import queries, services
from payments.enums import DiscountKind, FeeKind, PaymentMethod, PaymentStatus
from payments.models import Payment, PaymentBatch, StripeEvent
from payments.signals import payment_completed, payment_refunded
from tests.factories.accounts import UserFactory
from tests.factories.payments import CouponFactory, offline_payment


def start(payer, association, purpose=None, kind=FeeKind.PROCESSING, code="IFS", coupon=""):
    return services.start_payment(
        payer=payer,
        association=association,
        fee_kind=kind,
        category_code=code,
        purpose=purpose or payer,
        coupon_code=coupon,
        success_url="/apply/done/",
        cancel_url="/apply/",
        actor=payer,
    )


@pytest.fixture
def received():
    """Payments for which ``payment_completed`` / ``payment_refunded`` were sent."""
    sent = {"completed": [], "refunded": []}

    def on_completed(sender, payment, **kwargs):
        sent["completed"].append(payment.pk)

    def on_refunded(sender, payment, **kwargs):
        sent["refunded"].append(payment.pk)

    payment_completed.connect(on_completed)
    payment_refunded.connect(on_refunded)
    yield sent
    payment_completed.disconnect(on_completed)
    payment_refunded.disconnect(on_refunded)


def test_start_in_test_mode_waits_at_the_test_checkout(fees, association, payer):
    result = start(payer, association)

    payment = result.payment
    assert result.redirect_url == f"/payments/{payment.uuid}/test-checkout/"
    assert (payment.status, payment.method) == (PaymentStatus.PENDING, PaymentMethod.TEST)
    assert (payment.amount_cents, payment.total_cents) == (5000, 5000)
    assert payment.description == "Processing fee — IFS"
    assert not queries.is_paid(payer, FeeKind.PROCESSING)


def test_start_twice_reuses_the_pending_payment(fees, association, payer):
    first = start(payer, association).payment
    second = start(payer, association).payment

    assert second.pk == first.pk
    assert Payment.objects.count() == 1


def test_start_with_a_coupon_replaces_the_pending_payment(fees, association, payer):
    CouponFactory(
        association=association,
        code="TEN",
        fee_kind=FeeKind.PROCESSING,
        discount_kind="fixed",
        amount_off_cents=1000,
    )
    first = start(payer, association).payment

    second = start(payer, association, coupon="TEN").payment

    first.refresh_from_db()
    assert first.status == PaymentStatus.CANCELLED
    assert (second.status, second.total_cents, second.discount_cents) == ("pending", 4000, 1000)


def test_full_waiver_completes_at_once(
    fees, association, payer, received, django_capture_on_commit_callbacks
):
    CouponFactory(association=association, code="PARTNER-GRAD")

    with django_capture_on_commit_callbacks(execute=True):
        result = start(payer, association, kind=FeeKind.REGISTRATION, coupon="PARTNER-GRAD")

    payment = result.payment
    assert result.redirect_url == "/apply/done/"
    assert (payment.status, payment.method, payment.total_cents) == ("paid", "waiver", 0)
    assert queries.paid_payment_for(payer, FeeKind.REGISTRATION) == payment
    assert received["completed"] == [payment.pk]
    assert mail.outbox[0].subject == "Fee waived: Registration fee — IFS"
    assert "waived your Registration fee — IFS (code PARTNER-GRAD)" in mail.outbox[0].body


def test_paid_purpose_returns_the_paid_payment(fees, association, payer):
    payment = start(payer, association).payment
    services.transition(payment, PaymentStatus.PAID, actor=None)

    again = start(payer, association)

    assert again.payment == payment
    assert again.redirect_url == "/apply/done/"


def test_start_refuses_a_url_outside_the_site(fees, association, payer):
    with pytest.raises(ValueError):
        services.start_payment(
            payer=payer,
            association=association,
            fee_kind=FeeKind.PROCESSING,
            category_code="IFS",
            purpose=payer,
            success_url="https://evil.example/",
            cancel_url="/apply/",
            actor=payer,
        )


def test_transition_map_refuses_paid_to_pending(fees, association, payer):
    payment = start(payer, association).payment
    services.transition(payment, PaymentStatus.PAID, actor=None)

    with pytest.raises(services.PaymentError) as info:
        services.transition(payment, PaymentStatus.CANCELLED, actor=None)
    assert info.value.code == services.PaymentError.INVALID_TRANSITION


def test_paid_gets_receipt_number_audit_and_signal_once(
    fees, association, payer, received, django_capture_on_commit_callbacks
):
    payment = start(payer, association).payment

    with django_capture_on_commit_callbacks(execute=True):
        services.transition(payment, PaymentStatus.PAID, actor=None, actor_label="stripe")

    year = timezone.localtime(payment.paid_at).year
    assert payment.receipt_number == f"WI-AIMH-{year}-000001"
    assert received["completed"] == [payment.pk]
    actions = list(
        AuditEvent.objects.filter(object_id=str(payment.uuid)).values_list("action", "actor_label")
    )
    assert ("payment.paid", "stripe") in actions
    assert ("payment.started", "") in actions


def test_offline_cheque_completes_the_pending_payment(
    fees, association, payer, coordinator, received, django_capture_on_commit_callbacks
):
    pending = start(payer, association).payment

    with django_capture_on_commit_callbacks(execute=True):
        payment = offline_payment(payer, association, coordinator, reference="CHQ 1042")

    assert payment.pk == pending.pk
    assert (payment.status, payment.method, payment.reference) == ("paid", "cheque", "CHQ 1042")
    assert payment.paid_at.date() == datetime.date(2026, 3, 2)
    assert queries.is_paid(payer, FeeKind.PROCESSING)
    assert received["completed"] == [payment.pk]
    assert "received your payment of $50.00 for the Processing fee — IFS (Cheque)" in (
        mail.outbox[0].body
    )


def test_offline_payment_without_pending_is_taken_up_by_the_next_start(
    fees, association, payer, coordinator
):
    payment = offline_payment(
        payer,
        association,
        coordinator,
        fee_kind=FeeKind.REGISTRATION,
        amount_cents=2000,
        method=PaymentMethod.BANK_TRANSFER,
        reference="TR-77",
    )
    application = UserFactory()  # any object with a uuid stands for the purpose

    result = start(payer, association, purpose=application, kind=FeeKind.REGISTRATION)

    assert result.payment.pk == payment.pk
    assert result.redirect_url == "/apply/done/"
    assert queries.paid_payment_for(application, FeeKind.REGISTRATION) == payment


def test_agency_payment_covers_several_people(fees, association, coordinator):
    people = [UserFactory(), UserFactory(), UserFactory()]

    batch = services.record_group_payment(
        association=association,
        payers=people,
        fee_kind=FeeKind.REGISTRATION,
        amount_cents_each=2000,
        payer_name="Head Start of Dane County",
        reference="INV-2026-9",
        received_on=datetime.date(2026, 3, 2),
        actor=coordinator,
    )

    assert batch.total_cents == 6000
    payments = list(batch.payments.order_by("payer__email"))
    assert [p.payer for p in payments] == sorted(people, key=lambda u: u.email)
    assert {(p.status, p.method, p.reference, p.total_cents) for p in payments} == {
        ("paid", "agency", "INV-2026-9", 2000)
    }


def test_refund_of_an_offline_payment_records_the_reason(
    fees, association, payer, coordinator, received, django_capture_on_commit_callbacks
):
    payment = offline_payment(payer, association, coordinator, category_code="IFS")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.refund_payment(payment, actor=coordinator, reason="Withdrew before review")

    payment.refresh_from_db()
    assert (payment.status, payment.refund_reason) == ("refunded", "Withdrew before review")
    assert received["refunded"] == [payment.pk]
    assert not queries.is_paid(payer, FeeKind.PROCESSING)
    assert mail.outbox[0].subject == "Refund issued: Processing fee — IFS ($50.00)"
    assert "Reason: Withdrew before review" in mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert "Withdrew before review" in html
    audit = AuditEvent.objects.get(object_id=str(payment.uuid), action="payment.refunded")
    assert (audit.actor, audit.reason) == (coordinator, "Withdrew before review")


def test_refund_of_a_pending_payment_is_refused(fees, association, payer, coordinator):
    payment = start(payer, association).payment

    with pytest.raises(services.PaymentError) as info:
        services.refund_payment(payment, actor=coordinator, reason="no")
    assert info.value.code == services.PaymentError.INVALID_TRANSITION


def test_test_checkout_goes_through_event_processing(fees, association, payer):
    payment = start(payer, association).payment

    stored = services.process_event(services.test_checkout_event(payment), source="test")

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert StripeEvent.objects.get(pk=stored.pk).source == "test"
    assert stored.outcome == "processed"


# --- Offline payments match the fee (issue 10, item 9) -----------------------------------------


def test_a_25_dollar_cheque_does_not_settle_a_300_dollar_fee(fees, association, payer, coordinator):
    waiting = start(payer, association, code="IMHM-C").payment

    with pytest.raises(services.PaymentError) as info:
        offline_payment(payer, association, coordinator, category_code="IMHM-C", amount_cents=2500)
    assert info.value.code == services.PaymentError.AMOUNT_MISMATCH

    waiting.refresh_from_db()
    assert str(info.value) == (
        "Avery Applicant owes $300.00 for the Processing fee — IMHM-C; this payment is $25.00. "
        "Record a payment only when it covers the fee exactly."
    )
    assert (waiting.status, waiting.total_cents) == (PaymentStatus.PENDING, 30000)
    assert not queries.is_paid(payer, FeeKind.PROCESSING)


def test_a_cheque_without_a_pending_payment_must_match_the_schedule(
    fees, association, payer, coordinator
):
    with pytest.raises(services.PaymentError) as info:
        offline_payment(payer, association, coordinator, category_code="IMHM-C", amount_cents=2500)
    assert info.value.code == services.PaymentError.AMOUNT_MISMATCH

    assert not Payment.objects.exists()


def test_a_cheque_for_the_discounted_total_keeps_the_fee_and_coupon(
    fees, association, payer, coordinator
):
    CouponFactory(
        association=association,
        code="HALF",
        fee_kind=FeeKind.PROCESSING,
        discount_kind=DiscountKind.PERCENT,
        percent_off=50,
    )
    waiting = start(payer, association, code="IMHM-C", coupon="HALF").payment

    paid = offline_payment(
        payer, association, coordinator, category_code="IMHM-C", amount_cents=15000
    )

    assert paid.pk == waiting.pk
    assert (paid.status, paid.method, paid.description) == (
        "paid",
        "cheque",
        "Processing fee — IMHM-C",
    )
    assert (paid.amount_cents, paid.discount_cents, paid.total_cents, paid.coupon.code) == (
        30000,
        15000,
        15000,
        "HALF",
    )


def test_an_agency_payment_short_for_one_person_records_nobody(fees, association, coordinator):
    people = [UserFactory(), UserFactory()]
    start(people[1], association, code="IMHS")

    with pytest.raises(services.PaymentError) as info:
        services.record_group_payment(
            association=association,
            payers=people,
            fee_kind=FeeKind.PROCESSING,
            category_code="IFS",
            amount_cents_each=5000,
            payer_name="Head Start of Dane County",
            reference="INV-1",
            received_on=datetime.date(2026, 3, 2),
            actor=coordinator,
        )
    assert info.value.code == services.PaymentError.AMOUNT_MISMATCH

    assert not Payment.objects.filter(status=PaymentStatus.PAID).exists()
    assert not PaymentBatch.objects.exists()
