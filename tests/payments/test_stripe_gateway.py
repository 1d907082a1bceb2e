"""Card payments against localstripe with the real ``stripe`` library (see conftest.py)."""

import json
import time

import pytest
from django.urls import reverse

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
        while Payment.objects.get(pk=payment.pk).status != PaymentStatus.PAID:
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
    assert (event.type, event.outcome, event.source) == (
        "checkout.session.completed",
        "processed",
        "stripe",
    )
    assert json.loads(json.dumps(event.payload))["data"]["object"]["id"] == (
        payment.stripe_session_id
    )
