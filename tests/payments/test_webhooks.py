import datetime
import logging
import time

import pytest
from django.core import mail
from django.utils import timezone

from easy.notifications.models import OutboundEmail
from payments import queries, services
from payments.enums import DiscountKind, FeeKind, PaymentStatus
from payments.models import Payment, StripeEvent
from payments.signals import payment_completed
from tests.factories.accounts import UserFactory
from tests.factories.payments import CouponFactory, start_fee
from tests.payments.conftest import signature_header

LOGGER = "payments.services.events"


@pytest.fixture
def payment(fees, association, payer, settings):
    settings.PAYMENTS_TEST_MODE = True
    return services.start_payment(
        payer=payer,
        association=association,
        fee_kind=FeeKind.PROCESSING,
        category_code="IMHS",
        purpose=payer,
        success_url="/apply/done/",
        cancel_url="/apply/",
        actor=payer,
    ).payment


def session_event(payment, *, event_id="evt_1", type="checkout.session.completed", **changes):
    obj = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "payment_status": "paid",
        "amount_total": payment.total_cents,
        "currency": "usd",
        "payment_intent": "pi_123",
        "client_reference_id": str(payment.uuid),
        "metadata": {"payment": str(payment.uuid), "association": payment.association.code},
    }
    obj.update(changes.pop("object", {}))
    return {
        "id": event_id,
        "object": "event",
        "type": type,
        "livemode": False,
        "created": int(time.time()),
        "data": {"object": obj},
        **changes,
    }


@pytest.fixture
def completions():
    seen = []

    def on_completed(sender, payment, **kwargs):
        seen.append(payment.pk)

    payment_completed.connect(on_completed)
    yield seen
    payment_completed.disconnect(on_completed)


def test_signed_event_marks_the_fee_paid_once(
    payment, post_event, completions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(session_event(payment))

    payment.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "processed", "duplicate": False}
    assert (payment.status, payment.stripe_payment_intent) == ("paid", "pi_123")
    assert completions == [payment.pk]
    assert [m.subject for m in mail.outbox] == ["Payment received: Processing fee — IMHS ($200.00)"]


def test_same_event_twice_pays_once(
    payment, post_event, completions, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(session_event(payment))
    caplog.set_level(logging.INFO, logger=LOGGER)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(session_event(payment))

    assert response.status_code == 200
    assert response.json()["duplicate"] is True
    assert StripeEvent.objects.count() == 1
    assert completions == [payment.pk]
    assert len(mail.outbox) == 1
    assert "stripe event evt_1 (checkout.session.completed): duplicate delivery, ignored" in (
        caplog.text
    )


def test_second_completion_with_another_id_changes_nothing(
    payment, post_event, completions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(session_event(payment, event_id="evt_1"))
        response = post_event(session_event(payment, event_id="evt_2"))

    assert response.json()["outcome"] == "ignored"
    assert StripeEvent.objects.get(event_id="evt_2").message == (
        f"payment {payment.uuid} is already paid"
    )
    assert completions == [payment.pk]


def test_wrong_signature_is_rejected_with_400(payment, post_event, caplog):
    caplog.set_level(logging.WARNING, logger="payments.views")

    response = post_event(session_event(payment), secret="whsec_someone_else")

    payment.refresh_from_db()
    assert response.status_code == 400
    assert payment.status == PaymentStatus.PENDING
    assert not StripeEvent.objects.exists()
    assert "stripe webhook rejected: No signatures found matching the expected signature" in (
        caplog.text
    )


def test_old_signature_is_rejected(payment, post_event):
    import json

    event = session_event(payment)
    header = signature_header(
        json.dumps(event), "whsec_test_secret_for_the_suite", timestamp=int(time.time()) - 3600
    )

    assert post_event(event, header=header).status_code == 400


def test_missing_signature_and_bad_payload_are_400(client, webhook_secret):
    no_header = client.post("/payments/stripe/webhook/", data="{}", content_type="application/json")
    payload = "not json"
    bad_body = client.post(
        "/payments/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, webhook_secret),
    )

    assert (no_header.status_code, bad_body.status_code) == (400, 400)


def test_webhook_without_configured_secret_is_400(payment, post_event, settings):
    event = session_event(payment)
    settings.STRIPE_WEBHOOK_SECRET = ""

    assert post_event(event).status_code == 400


def test_unknown_event_type_is_acknowledged_and_ignored(payment, post_event, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)

    response = post_event(session_event(payment, type="customer.created"))

    payment.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert payment.status == PaymentStatus.PENDING
    assert (
        "stripe event evt_1 (customer.created): ignored: event type customer.created not handled"
        in caplog.text
    )


def test_event_naming_another_association_does_not_pay(
    payment, post_event, other_association, caplog
):
    caplog.set_level(logging.INFO, logger=LOGGER)
    event = session_event(
        payment,
        object={"metadata": {"payment": str(payment.uuid), "association": "WA-AIMH"}},
    )

    response = post_event(event)

    payment.refresh_from_db()
    assert response.status_code == 200
    assert payment.status == PaymentStatus.PENDING
    assert (
        f"event names association 'WA-AIMH' but payment {payment.uuid} belongs to 'WI-AIMH'"
        in caplog.text
    )


def test_event_from_another_stripe_account_does_not_pay(payment, post_event):
    response = post_event(session_event(payment, account="acct_other"))

    payment.refresh_from_db()
    assert response.json()["outcome"] == "ignored"
    assert payment.status == PaymentStatus.PENDING


def test_event_for_a_payment_we_do_not_have_is_ignored(payment, post_event):
    event = session_event(
        payment,
        object={
            "metadata": {"payment": "7d4f1f0e-0000-4000-8000-000000000000", "association": "X"},
            "client_reference_id": None,
            "payment_intent": "pi_unknown",
        },
    )

    response = post_event(event)

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"


def test_amount_mismatch_is_rejected_and_logged(payment, post_event, caplog):
    caplog.set_level(logging.WARNING, logger=LOGGER)

    response = post_event(session_event(payment, object={"amount_total": 100}))

    payment.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["outcome"] == "rejected"
    assert payment.status == PaymentStatus.PENDING
    assert "amount 100 usd does not match" in caplog.text


def test_unpaid_completion_waits_for_async_success(payment, post_event):
    assert payment.checkout_expires_at is not None
    post_event(session_event(payment, object={"payment_status": "unpaid"}))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    # A bank debit in flight holds its coupon use until Stripe says how it ended.
    assert payment.checkout_expires_at is None

    post_event(
        session_event(payment, event_id="evt_2", type="checkout.session.async_payment_succeeded")
    )

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_expiry_after_completion_leaves_it_paid(payment, post_event):
    post_event(session_event(payment, event_id="evt_1"))
    post_event(session_event(payment, event_id="evt_2", type="checkout.session.expired"))

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_completion_after_expiry_still_pays(payment, post_event):
    post_event(session_event(payment, event_id="evt_2", type="checkout.session.expired"))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED

    post_event(session_event(payment, event_id="evt_1"))

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_refund_seen_before_completion(payment, post_event):
    refund = {
        "id": "ch_1",
        "object": "charge",
        "amount": payment.total_cents,
        "amount_refunded": payment.total_cents,
        "payment_intent": "pi_123",
        "metadata": {"payment": str(payment.uuid), "association": "WI-AIMH"},
    }
    post_event({"id": "evt_r", "type": "charge.refunded", "data": {"object": refund}})
    post_event(session_event(payment, event_id="evt_1"))

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 0


def test_failed_async_payment_marks_failed(payment, post_event):
    post_event(session_event(payment, type="checkout.session.async_payment_failed"))

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED


def test_webhook_refuses_get(client):
    assert client.get("/payments/stripe/webhook/").status_code == 405


def test_webhook_needs_no_csrf_token(payment, webhook_secret):
    import json

    from django.test import Client

    payload = json.dumps(session_event(payment))
    response = Client(enforce_csrf_checks=True).post(
        "/payments/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, webhook_secret),
    )

    assert response.status_code == 200


# --- One fee is paid once; the coupon is re-checked (issue 10, items 7-8) -------------------


def test_replaced_checkout_paid_late_counts_when_the_fee_is_unpaid(
    payment, association, payer, post_event
):
    CouponFactory(
        association=association,
        code="HALF",
        fee_kind=FeeKind.PROCESSING,
        discount_kind=DiscountKind.PERCENT,
        percent_off=50,
    )
    replacement = start_fee(payer, association, category_code="IMHS", coupon_code="HALF")

    response = post_event(session_event(payment))

    payment.refresh_from_db()
    replacement.refresh_from_db()
    assert response.json()["outcome"] == "processed"
    assert (payment.status, payment.total_cents) == (PaymentStatus.PAID, 20000)
    assert replacement.status == PaymentStatus.CANCELLED
    assert queries.paid_payment_for(payer, FeeKind.PROCESSING) == payment


def test_payment_arriving_after_its_coupon_ran_out_is_refunded(
    fees, association, payer, coordinator, post_event, settings
):
    settings.PAYMENTS_TEST_MODE = True
    CouponFactory(
        association=association,
        code="ONE",
        fee_kind=FeeKind.PROCESSING,
        discount_kind=DiscountKind.PERCENT,
        percent_off=50,
        max_uses=1,
    )
    late = start_fee(payer, association, category_code="IMHS", coupon_code="ONE")
    Payment.objects.filter(pk=late.pk).update(
        checkout_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    other = UserFactory()
    taken = start_fee(other, association, category_code="IMHS", coupon_code="ONE")
    post_event(session_event(taken, event_id="evt_taken"))

    response = post_event(session_event(late, event_id="evt_late"))

    late.refresh_from_db()
    taken.refresh_from_db()
    assert response.json()["outcome"] == "processed"
    assert (taken.status, late.status) == (PaymentStatus.PAID, PaymentStatus.REFUNDED)
    assert late.refund_reason == (
        "The code ONE had been used as many times as allowed by the time this payment "
        "arrived, so it is refunded in full."
    )
    assert late.receipt_number
    assert set(
        OutboundEmail.objects.filter(key__contains=str(late.uuid)).values_list("to", "subject")
    ) == {
        (payer.email, "Refund issued: Processing fee — IMHS ($100.00)"),
        (coordinator.email, "Extra payment refunded automatically: Avery Applicant ($100.00)"),
    }
