"""Card payments against localstripe with the real ``stripe`` library (see conftest.py)."""

import json
import time

import pytest
from django.urls import reverse

from easy.notifications.models import OutboundEmail
from payments import services, stripe_gateway
from payments.enums import DiscountKind, FeeKind, PaymentMethod, PaymentStatus
from payments.models import Payment, StripeEvent
from tests.factories.payments import CouponFactory
from tests.payments.conftest import WEBHOOK_SECRET, localstripe_call

pytestmark = pytest.mark.usefixtures("localstripe")


def start(payer, association, coupon=""):
    return services.start_payment(
        payer=payer,
        association=association,
        fee_kind=FeeKind.PROCESSING,
        category_code="IMHM-C",
        purpose=payer,
        coupon_code=coupon,
        success_url="/apply/done/",
        cancel_url="/apply/",
        actor=payer,
    )


def pay_on_stripe(localstripe, payment) -> dict:
    """What the person does on Stripe's page; returns the completed session."""
    return localstripe_call(
        localstripe, f"/_test/checkout/sessions/{payment.stripe_session_id}/pay", {}
    )


def test_start_creates_a_checkout_session(fees, association, payer, localstripe):
    result = start(payer, association)

    payment = result.payment
    session = localstripe_call(localstripe, f"/v1/checkout/sessions/{payment.stripe_session_id}")
    assert payment.method == PaymentMethod.CARD
    assert result.redirect_url == session["url"] == payment.stripe_checkout_url
    assert session["amount_total"] == 30000
    assert session["currency"] == "usd"
    assert session["customer_email"] == "avery@example.org"
    assert session["metadata"] == {
        "payment": str(payment.uuid),
        "association": "WI-AIMH",
        "fee_kind": "processing",
    }
    assert session["success_url"] == f"http://127.0.0.1:8000/payments/{payment.uuid}/return/"
    assert session["cancel_url"] == "http://127.0.0.1:8000/apply/"


def test_start_again_reuses_the_session(fees, association, payer):
    first = start(payer, association)
    second = start(payer, association)

    assert second.payment.pk == first.payment.pk
    assert second.redirect_url == first.redirect_url


def test_replaced_payment_closes_its_session(fees, association, payer, localstripe):
    CouponFactory(
        association=association,
        code="HALF",
        fee_kind=FeeKind.PROCESSING,
        discount_kind=DiscountKind.PERCENT,
        percent_off=50,
    )
    old = start(payer, association).payment

    new = start(payer, association, coupon="HALF").payment

    old_session = localstripe_call(localstripe, f"/v1/checkout/sessions/{old.stripe_session_id}")
    new_session = localstripe_call(localstripe, f"/v1/checkout/sessions/{new.stripe_session_id}")
    assert old_session["status"] == "expired"
    assert (new_session["status"], new_session["amount_total"]) == ("open", 15000)


def test_paid_session_event_then_refund_through_stripe(
    fees, association, payer, coordinator, localstripe, post_event
):
    payment = start(payer, association).payment
    session = pay_on_stripe(localstripe, payment)
    event = {"id": "evt_paid", "type": "checkout.session.completed", "data": {"object": session}}

    assert post_event(event).status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.stripe_payment_intent == session["payment_intent"]

    services.refund_payment(payment, actor=coordinator, reason="Applied to the wrong category")

    payment.refresh_from_db()
    refunds = localstripe_call(
        localstripe, f"/v1/refunds?payment_intent={payment.stripe_payment_intent}"
    )["data"]
    assert [(r["id"], r["amount"], r["status"]) for r in refunds] == [
        (payment.stripe_refund_id, 30000, "succeeded")
    ]
    assert refunds[0]["metadata"]["payment"] == str(payment.uuid)
    assert payment.status == PaymentStatus.REFUNDED


def test_refund_stripe_refuses_leaves_payment_paid(fees, association, payer, coordinator):
    payment = start(payer, association).payment
    services.transition(
        payment,
        PaymentStatus.PAID,
        actor=None,
        changes={"stripe_payment_intent": "pi_doesnotexist"},
    )

    with pytest.raises(stripe_gateway.GatewayError):
        services.refund_payment(payment, actor=coordinator, reason="test")

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


@pytest.mark.django_db(transaction=True)
def test_localstripe_delivers_the_signed_webhook(
    live_server, localstripe, fees, association, payer
):
    """End to end: localstripe signs checkout.session.completed and posts it to the portal."""
    webhook = f"{live_server.url}{reverse('payments:stripe_webhook')}"
    config = {"url": webhook, "secret": WEBHOOK_SECRET, "events": ["checkout.session.completed"]}
    localstripe_call(localstripe, "/_config/webhooks/portal", config)
    try:
        payment = start(payer, association).payment
        pay_on_stripe(localstripe, payment)
        deadline = time.monotonic() + 15
        # The event row is saved last: once it names the payment, the handling is over (with
        # in-memory SQLite the server thread shares this connection and its open transaction).
        while not StripeEvent.objects.filter(payment=payment, outcome="processed").exists():
            assert time.monotonic() < deadline, "the webhook did not mark the payment paid"
            time.sleep(0.2)
    finally:
        # Later tests must not post to this live server: point the endpoint nowhere.
        localstripe_call(
            localstripe,
            "/_config/webhooks/portal",
            {**config, "url": "http://127.0.0.1:9/", "events": ["none"]},
        )
    event = StripeEvent.objects.get(payment=payment)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID
    assert (event.type, event.outcome, event.source) == (
        "checkout.session.completed",
        "processed",
        "stripe",
    )
    assert json.loads(json.dumps(event.payload))["data"]["object"]["id"] == (
        payment.stripe_session_id
    )


# --- One fee is paid once (issue 10, item 8) ---------------------------------------------------


def paid_event(event_id: str, session: dict) -> dict:
    return {"id": event_id, "type": "checkout.session.completed", "data": {"object": session}}


@pytest.fixture
def replaced(fees, association, payer, localstripe):
    """A $300 checkout replaced by a $150 one (a coupon), the $150 one paid through Stripe."""
    CouponFactory(
        association=association,
        code="HALF",
        fee_kind=FeeKind.PROCESSING,
        discount_kind=DiscountKind.PERCENT,
        percent_off=50,
    )
    old = start(payer, association).payment
    new = start(payer, association, coupon="HALF").payment
    return old, new


def test_replaced_checkout_paid_at_stripe_is_recorded_refunded_and_reported(
    replaced, association, payer, coordinator, localstripe, post_event
):
    old, new = replaced
    assert post_event(paid_event("evt_new", pay_on_stripe(localstripe, new))).status_code == 200
    # The person had the old page open and paid it as the portal closed it.
    old_session = localstripe_call(
        localstripe, f"/_test/checkout/sessions/{old.stripe_session_id}/pay", {"force": True}
    )

    response = post_event(paid_event("evt_old", old_session))

    old.refresh_from_db()
    new.refresh_from_db()
    assert response.json() == {"received": True, "outcome": "processed", "duplicate": False}
    assert (new.status, new.total_cents) == (PaymentStatus.PAID, 15000)
    assert (old.status, old.total_cents) == (PaymentStatus.REFUNDED, 30000)
    assert old.stripe_payment_intent == old_session["payment_intent"]
    assert old.receipt_number.removeprefix("WI-AIMH-")[5:] == "000002"
    assert old.refund_reason == (
        f"The Processing fee — IMHM-C was already paid (receipt {new.receipt_number}), so this "
        "second payment is refunded in full."
    )
    refunds = localstripe_call(
        localstripe, f"/v1/refunds?payment_intent={old.stripe_payment_intent}"
    )["data"]
    assert [(r["id"], r["amount"], r["status"]) for r in refunds] == [
        (old.stripe_refund_id, 30000, "succeeded")
    ]
    assert list(Payment.objects.filter(purpose_id=str(payer.uuid), status=PaymentStatus.PAID)) == [
        new
    ]
    mails = {m.to: m for m in OutboundEmail.objects.filter(key__contains=str(old.uuid))}
    assert mails[payer.email].subject == "Refund issued: Processing fee — IMHM-C ($300.00)"
    assert old.refund_reason in mails[payer.email].body_text
    assert mails[coordinator.email].subject == (
        "Extra payment refunded automatically: Avery Applicant ($300.00)"
    )
    assert "Avery Applicant (avery@example.org) paid $300.00 for the Processing fee — IMHM-C" in (
        mails[coordinator.email].body_text
    )
    assert old.refund_reason in mails[coordinator.email].body_html


def test_redelivered_extra_payment_is_refunded_once(replaced, payer, localstripe, post_event):
    old, new = replaced
    post_event(paid_event("evt_new", pay_on_stripe(localstripe, new)))
    old_session = localstripe_call(
        localstripe, f"/_test/checkout/sessions/{old.stripe_session_id}/pay", {"force": True}
    )
    post_event(paid_event("evt_old", old_session))

    again = post_event(paid_event("evt_old", old_session))
    other_id = post_event(paid_event("evt_old_2", old_session))

    assert again.json()["duplicate"] is True
    assert other_id.json()["outcome"] == "ignored"
    refunds = localstripe_call(
        localstripe, f"/v1/refunds?payment_intent={old_session['payment_intent']}"
    )["data"]
    assert len(refunds) == 1


def test_extra_payment_whose_refund_fails_is_left_for_stripe_to_retry(
    replaced, payer, localstripe, post_event
):
    old, new = replaced
    post_event(paid_event("evt_new", pay_on_stripe(localstripe, new)))
    old_session = localstripe_call(
        localstripe, f"/_test/checkout/sessions/{old.stripe_session_id}/pay", {"force": True}
    )

    failed = post_event(paid_event("evt_old", {**old_session, "payment_intent": "pi_missing"}))

    old.refresh_from_db()
    assert failed.status_code == 503
    assert old.status == PaymentStatus.CANCELLED
    assert not StripeEvent.objects.filter(event_id="evt_old").exists()
    retried = post_event(paid_event("evt_old", old_session))
    old.refresh_from_db()
    assert (retried.status_code, old.status) == (200, PaymentStatus.REFUNDED)
