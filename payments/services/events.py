"""Stripe events: the one code path that marks card (and test-mode) payments paid.

The webhook view hands each verified event to ``process_event``; the test-mode checkout builds
the same kind of event with ``test_checkout_event`` and hands it to the same function.
"""

import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..enums import EventOutcome, PaymentMethod, PaymentStatus
from ..models import Payment, StripeEvent
from .payments import can_transition, complete_card_payment, stripe_metadata, transition

logger = logging.getLogger(__name__)

S = PaymentStatus


class _Result(Exception):
    """How handling ended: raised by handlers to stop with an outcome and a log message."""

    def __init__(self, outcome: str, message: str, payment: Payment | None = None):
        super().__init__(message)
        self.outcome, self.message, self.payment = outcome, message, payment


def _find_payment(obj: dict) -> Payment:
    """The payment an event object is about: by the metadata the portal put on it, else by the
    PaymentIntent id. Checks that the association and the account are ours."""
    metadata = obj.get("metadata") or {}
    payment = None
    reference = metadata.get("payment") or obj.get("client_reference_id") or ""
    try:
        if reference:
            payment = (
                Payment.objects.select_for_update()
                .select_related("association", "payer")
                .filter(uuid=uuid.UUID(str(reference)))
                .first()
            )
    except ValueError:
        payment = None
    intent = obj.get("payment_intent") or (
        obj.get("id") if obj.get("object") == "payment_intent" else ""
    )
    if payment is None and isinstance(intent, str) and intent:
        payment = (
            Payment.objects.select_for_update()
            .select_related("association", "payer")
            .filter(stripe_payment_intent=intent)
            .first()
        )
    if payment is None:
        raise _Result(
            EventOutcome.IGNORED, f"no payment here matches (metadata payment={reference!r})"
        )
    association = metadata.get("association")
    if association and association != payment.association.code:
        raise _Result(
            EventOutcome.IGNORED,
            f"event names association {association!r} but payment {payment.uuid} belongs to "
            f"{payment.association.code!r}",
        )
    return payment


def _settle(payment: Payment, obj: dict, *, event_id: str, actor_label: str) -> None:
    amount = obj.get("amount_total")
    currency = (obj.get("currency") or "usd").lower()
    if amount != payment.total_cents or currency != payment.currency:
        raise _Result(
            EventOutcome.REJECTED,
            f"amount {amount} {currency} does not match payment {payment.uuid} "
            f"({payment.total_cents} {payment.currency}); not marked paid",
            payment,
        )
    if payment.status == S.PAID:
        raise _Result(EventOutcome.IGNORED, f"payment {payment.uuid} is already paid", payment)
    if not can_transition(payment, S.PAID):
        raise _Result(
            EventOutcome.IGNORED, f"payment {payment.uuid} is {payment.status}; left so", payment
        )
    intent = obj.get("payment_intent")
    complete_card_payment(
        payment,
        actor_label=actor_label,
        reason=f"Stripe event {event_id}",
        changes={"stripe_payment_intent": intent if isinstance(intent, str) else ""},
    )


def _session_completed(obj: dict, event: dict, actor_label: str) -> Payment:
    payment = _find_payment(obj)
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        if payment.status == S.PENDING and payment.checkout_expires_at is not None:
            # The money is on its way (a bank debit): the coupon use stays held until Stripe
            # says it arrived or failed, however long that takes.
            payment.checkout_expires_at = None
            payment.save(update_fields=["checkout_expires_at", "updated_at"])
        raise _Result(
            EventOutcome.IGNORED,
            f"checkout for {payment.uuid} completed but not paid yet "
            f"({obj.get('payment_status')}); waiting for async_payment_succeeded",
            payment,
        )
    _settle(payment, obj, event_id=event["id"], actor_label=actor_label)
    return payment


def _session_async_succeeded(obj: dict, event: dict, actor_label: str) -> Payment:
    payment = _find_payment(obj)
    _settle(payment, obj, event_id=event["id"], actor_label=actor_label)
    return payment


def _give_up(to: str):
    def handle(obj: dict, event: dict, actor_label: str) -> Payment:
        payment = _find_payment(obj)
        if payment.status != S.PENDING:
            raise _Result(
                EventOutcome.IGNORED,
                f"payment {payment.uuid} is {payment.status}; {event['type']} changes nothing",
                payment,
            )
        transition(
            payment, to, actor=None, actor_label=actor_label, reason=f"Stripe event {event['id']}"
        )
        return payment

    return handle


def _charge_refunded(obj: dict, event: dict, actor_label: str) -> Payment:
    payment = _find_payment(obj)
    if payment.status == S.REFUNDED:
        raise _Result(EventOutcome.IGNORED, f"payment {payment.uuid} is refunded already", payment)
    if obj.get("amount_refunded", 0) < payment.total_cents:
        raise _Result(
            EventOutcome.IGNORED,
            f"partial refund of {payment.uuid} ({obj.get('amount_refunded')} of "
            f"{payment.total_cents} cents) is not tracked; the payment stays {payment.status}",
            payment,
        )
    if not can_transition(payment, S.REFUNDED):
        raise _Result(
            EventOutcome.IGNORED, f"payment {payment.uuid} is {payment.status}; left so", payment
        )
    transition(
        payment,
        S.REFUNDED,
        actor=None,
        actor_label=actor_label,
        reason=f"Refunded in Stripe (event {event['id']})",
    )
    return payment


HANDLERS = {
    "checkout.session.completed": _session_completed,
    "checkout.session.async_payment_succeeded": _session_async_succeeded,
    "checkout.session.async_payment_failed": _give_up(S.FAILED),
    "checkout.session.expired": _give_up(S.CANCELLED),
    "charge.refunded": _charge_refunded,
}


def process_event(event: dict, *, source: str = "stripe") -> StripeEvent:
    """Act on one verified Stripe event, exactly once per event id.

    A second delivery of the same id changes nothing. Unknown types, events for another Stripe
    account or association, and events that do not match the payment are stored and ignored
    with a log line. Money for a fee that is paid already (or past its coupon's limit) is
    recorded and refunded (``complete_card_payment``). Raises ``stripe_gateway.GatewayError``
    when that refund fails: nothing is stored, so Stripe's next delivery tries again.
    Side effects: one ``StripeEvent`` row; through ``transition``, a payment marked paid,
    failed, cancelled or refunded.
    """
    event_id = str(event["id"])
    event_type = str(event.get("type", ""))
    obj = (event.get("data") or {}).get("object") or {}
    actor_label = "stripe" if source == "stripe" else "test checkout"
    with transaction.atomic():
        try:
            with transaction.atomic():
                stored = StripeEvent.objects.create(
                    event_id=event_id,
                    type=event_type,
                    livemode=bool(event.get("livemode")),
                    source=source,
                    outcome=EventOutcome.IGNORED,
                    payload=event,
                )
        except IntegrityError:
            logger.info("stripe event %s (%s): duplicate delivery, ignored", event_id, event_type)
            existing = StripeEvent.objects.get(event_id=event_id)
            existing.duplicate = True
            return existing
        try:
            if event.get("account"):
                # The portal takes payments on its own Stripe account; a Connect event comes
                # from someone else's and must never move our payments.
                raise _Result(
                    EventOutcome.IGNORED, f"event for another Stripe account {event['account']}"
                )
            handler = HANDLERS.get(event_type)
            if handler is None:
                raise _Result(EventOutcome.IGNORED, f"event type {event_type} not handled")
            payment = handler(obj, event, actor_label)
            stored.outcome, stored.payment = EventOutcome.PROCESSED, payment
            stored.message = f"payment {payment.uuid} is now {payment.status}"
        except _Result as result:
            stored.outcome, stored.message, stored.payment = (
                result.outcome,
                result.message[:500],
                result.payment,
            )
        stored.save(update_fields=["outcome", "message", "payment"])
    stored.duplicate = False
    level = logging.WARNING if stored.outcome == EventOutcome.REJECTED else logging.INFO
    logger.log(
        level, "stripe event %s (%s): %s: %s", event_id, event_type, stored.outcome, stored.message
    )
    return stored


def test_checkout_event(payment: Payment) -> dict:
    """The event Stripe would send when ``payment``'s checkout is paid, for test mode only."""
    if payment.method != PaymentMethod.TEST:
        raise ValueError("only test-mode payments have a test checkout")
    return {
        "id": f"evt_test_{uuid.uuid4().hex}",
        "object": "event",
        "type": "checkout.session.completed",
        "livemode": False,
        "created": int(timezone.now().timestamp()),
        "data": {
            "object": {
                "id": payment.stripe_session_id or f"cs_test_{payment.uuid.hex}",
                "object": "checkout.session",
                "payment_status": "paid",
                "amount_total": payment.total_cents,
                "currency": payment.currency,
                "client_reference_id": str(payment.uuid),
                "payment_intent": f"pi_test_{payment.uuid.hex}",
                "metadata": stripe_metadata(payment),
            }
        },
    }
