"""Every call to Stripe goes through this module; nothing else in the portal imports ``stripe``.

Settings: ``STRIPE_SECRET_KEY``, ``STRIPE_WEBHOOK_SECRET`` and ``STRIPE_API_BASE`` (a stand-in
server such as localstripe in tests; blank means Stripe itself).
"""

import datetime
import json
import logging
from dataclasses import dataclass

import stripe
from django.conf import settings

logger = logging.getLogger(__name__)


class GatewayError(Exception):
    """Stripe could not be reached or refused the request; the message is safe to show staff."""


class InvalidEvent(Exception):
    """A webhook whose signature or payload does not verify."""


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


def _client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


def create_checkout_session(
    *,
    reference: str,
    amount_cents: int,
    description: str,
    email: str,
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str,
    expires_at: datetime.datetime | None = None,
) -> CheckoutSession:
    """A hosted Checkout page for one fee. ``reference`` (the payment's UUID) makes the call
    idempotent: asking twice for the same payment and amount returns the same session.
    ``expires_at``: when Stripe closes the page (30 minutes to 24 hours ahead)."""
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": amount_cents,
                    "product_data": {"name": description},
                },
            }
        ],
        "customer_email": email,
        "client_reference_id": reference,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata, "description": description},
    }
    if expires_at is not None:
        params["expires_at"] = int(expires_at.timestamp())
    try:
        session = _client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": f"checkout-{reference}-{amount_cents}"}
        )
    except stripe.StripeError as exc:
        logger.error("stripe: could not create a checkout session for %s: %s", reference, exc)
        raise GatewayError(str(exc.user_message or exc)) from exc
    return CheckoutSession(id=session.id, url=session.url)


def expire_checkout_session(session_id: str) -> bool:
    """Close an unpaid Checkout page so nobody pays a payment the portal replaced. Best effort."""
    try:
        _client().v1.checkout.sessions.expire(session_id)
    except stripe.StripeError as exc:
        logger.warning("stripe: could not expire checkout session %s: %s", session_id, exc)
        return False
    return True


def refund(*, payment_intent: str, amount_cents: int, reference: str, reason: str) -> str:
    """Refund a card payment in full; returns Stripe's refund id. Idempotent per ``reference``."""
    try:
        result = _client().v1.refunds.create(
            params={
                "payment_intent": payment_intent,
                "amount": amount_cents,
                "metadata": {"payment": reference, "reason": reason[:500]},
            },
            options={"idempotency_key": f"refund-{reference}"},
        )
    except stripe.StripeError as exc:
        logger.error("stripe: refund of %s failed: %s", reference, exc)
        raise GatewayError(str(exc.user_message or exc)) from exc
    return result.id


def verify_event(payload: bytes, signature: str | None) -> dict:
    """The event as a plain dict, once its ``Stripe-Signature`` header checks out."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidEvent("STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified")
    if not signature:
        raise InvalidEvent("no Stripe-Signature header")
    try:
        stripe.Webhook.construct_event(payload, signature, secret)
        event = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise InvalidEvent(str(exc)) from exc
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise InvalidEvent("payload is not a Stripe event")
    return event
