"""Payments: starting one, the single status ``transition``, offline payments and refunds."""

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from easy.audit.services import record

from .. import emails, queries, stripe_gateway
from ..enums import OFFLINE_METHODS, PaymentMethod, PaymentStatus
from ..models import Payment, PaymentBatch
from ..signals import payment_completed, payment_refunded
from .fees import quote

logger = logging.getLogger(__name__)

S = PaymentStatus
#: Every status change a payment may make. A card payment can move from cancelled or failed to
#: paid because Stripe may confirm money after the portal gave up on the checkout; a refund seen
#: before the confirmation (events out of order) moves a pending payment straight to refunded.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.PAID, S.FAILED, S.CANCELLED, S.REFUNDED}),
    S.FAILED: frozenset({S.PAID, S.CANCELLED}),
    S.CANCELLED: frozenset({S.PAID}),
    S.PAID: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
}


class InvalidTransition(Exception):
    pass


@dataclass(frozen=True)
class PaymentStart:
    payment: Payment
    redirect_url: str


def can_transition(payment: Payment, to: str) -> bool:
    return to in ALLOWED_TRANSITIONS[payment.status]


def _receipt_number(payment: Payment) -> str:
    year = timezone.localtime(payment.paid_at or timezone.now()).year
    return f"{payment.association.code}-{year}-{payment.pk:06d}"


def transition(
    payment: Payment,
    to: str,
    *,
    actor,
    reason: str = "",
    actor_label: str = "",
    changes: dict | None = None,
) -> Payment:
    """Move ``payment`` to status ``to`` (checked against ``ALLOWED_TRANSITIONS``).

    ``changes`` are other fields saved with it (method, reference, Stripe ids...).
    Side effects: saves the payment; one audit row ``payment.<status>``; on paid, a receipt
    number, the "payment received" email and ``payment_completed`` after commit; on refunded,
    the "payment refunded" email and ``payment_refunded`` after commit (if it had been paid).
    """
    if not can_transition(payment, to):
        raise InvalidTransition(f"a {payment.status} payment cannot become {to}")
    was = payment.status
    fields = {"status": to, **(changes or {})}
    now = timezone.now()
    if to == S.PAID:
        fields.setdefault("paid_at", now)
    if to == S.REFUNDED:
        fields.setdefault("refunded_at", now)
        fields.setdefault("refund_reason", reason)
        if not payment.paid_at:
            fields.setdefault("paid_at", now)
    for name, value in fields.items():
        setattr(payment, name, value)
    if to in (S.PAID, S.REFUNDED) and not payment.receipt_number:
        payment.receipt_number = _receipt_number(payment)
        fields["receipt_number"] = payment.receipt_number
    payment.save(update_fields=[*fields, "updated_at"])
    record(
        actor,
        f"payment.{to}",
        payment,
        reason=reason,
        actor_label=actor_label,
        data={
            "from": was,
            "to": to,
            "method": payment.method,
            "total_cents": payment.total_cents,
            **({"reference": payment.reference} if payment.reference else {}),
        },
    )
    if to == S.PAID:
        emails.send_payment_received(payment)
        transaction.on_commit(lambda: payment_completed.send(sender=Payment, payment=payment))
    elif to == S.REFUNDED and was == S.PAID:
        emails.send_payment_refunded(payment)
        transaction.on_commit(lambda: payment_refunded.send(sender=Payment, payment=payment))
    return payment


def _check_url(url: str) -> str:
    site = urlsplit(settings.SITE_URL)
    hosts = {site.netloc, *settings.ALLOWED_HOSTS}
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=hosts):
        raise ValueError(f"not a URL of this site: {url!r}")
    return url


def absolute(url: str) -> str:
    return url if urlsplit(url).scheme else f"{settings.SITE_URL}{url}"


def stripe_metadata(payment: Payment) -> dict[str, str]:
    return {
        "payment": str(payment.uuid),
        "association": payment.association.code,
        "fee_kind": payment.fee_kind,
    }


def _checkout(payment: Payment) -> str:
    """Where the payer goes to pay ``payment``: Stripe, or the test checkout in test mode."""
    if payment.method == PaymentMethod.TEST:
        return reverse("payments:test_checkout", args=[payment.uuid])
    if not payment.stripe_checkout_url:
        session = stripe_gateway.create_checkout_session(
            reference=str(payment.uuid),
            amount_cents=payment.total_cents,
            description=payment.description,
            email=payment.payer.email,
            metadata=stripe_metadata(payment),
            success_url=absolute(reverse("payments:payment_return", args=[payment.uuid])),
            cancel_url=absolute(payment.cancel_url),
        )
        payment.stripe_session_id, payment.stripe_checkout_url = session.id, session.url
        payment.save(update_fields=["stripe_session_id", "stripe_checkout_url", "updated_at"])
    return payment.stripe_checkout_url


@transaction.atomic
def start_payment(
    *,
    payer,
    association,
    fee_kind: str,
    category_code: str,
    purpose,
    coupon_code: str = "",
    success_url: str,
    cancel_url: str,
    actor,
) -> PaymentStart:
    """Begin paying ``fee_kind`` for ``purpose`` (a model instance with a ``uuid``).

    Idempotent: a pending payment for the same purpose and fee with the same quote is reused; one
    with a different quote (a coupon added, a new fee) is cancelled and replaced. A paid payment
    is returned as it is. A payment a coordinator recorded offline for this person and fee, not
    yet tied to anything, is tied to ``purpose`` and returned.

    Raises ``FeeNotConfigured``, ``CouponError``, ``stripe_gateway.GatewayError`` or
    ``ValueError`` (a URL outside the site). Side effects: a ``Payment`` row and audit row; a
    Stripe Checkout session (card); a total of zero completes the payment at once (see
    ``transition``).
    """
    _check_url(success_url)
    _check_url(cancel_url)
    purpose_type = ContentType.objects.get_for_model(purpose, for_concrete_model=True)
    purpose_id = str(purpose.uuid)
    same_purpose = Payment.objects.select_for_update().filter(
        purpose_type=purpose_type, purpose_id=purpose_id, fee_kind=fee_kind
    )
    paid = same_purpose.filter(status=S.PAID).first()
    if paid is not None:
        return PaymentStart(payment=paid, redirect_url=success_url)
    unlinked = (
        Payment.objects.select_for_update()
        .filter(
            payer=payer,
            association=association,
            fee_kind=fee_kind,
            status=S.PAID,
            purpose_type__isnull=True,
            method__in=OFFLINE_METHODS,
        )
        .order_by("paid_at")
        .first()
    )
    if unlinked is not None:
        unlinked.purpose_type, unlinked.purpose_id = purpose_type, purpose_id
        unlinked.save(update_fields=["purpose_type", "purpose_id", "updated_at"])
        record(actor, "payment.linked", unlinked, data={"purpose": purpose_id})
        return PaymentStart(payment=unlinked, redirect_url=success_url)

    q = quote(
        payer=payer,
        association=association,
        fee_kind=fee_kind,
        category_code=category_code,
        coupon_code=coupon_code,
    )
    method = PaymentMethod.TEST if settings.PAYMENTS_TEST_MODE else PaymentMethod.CARD
    if q.total_cents == 0:
        method = PaymentMethod.WAIVER
    for pending in same_purpose.filter(status=S.PENDING):
        if (
            pending.payer_id == payer.pk
            and pending.total_cents == q.total_cents
            and pending.coupon_id == (q.coupon.pk if q.coupon else None)
            and pending.method == method
        ):
            pending.return_url, pending.cancel_url = success_url, cancel_url
            pending.save(update_fields=["return_url", "cancel_url", "updated_at"])
            return PaymentStart(payment=pending, redirect_url=_checkout(pending))
        cancel_payment(pending, actor=actor, reason="replaced by a new payment")

    payment = Payment.objects.create(
        association=association,
        payer=payer,
        fee_kind=fee_kind,
        category_code=category_code or "",
        description=queries.describe_fee(fee_kind, category_code),
        purpose_type=purpose_type,
        purpose_id=purpose_id,
        fee_schedule=q.fee_schedule,
        coupon=q.coupon,
        amount_cents=q.amount_cents,
        discount_cents=q.discount_cents,
        total_cents=q.total_cents,
        method=method,
        return_url=success_url,
        cancel_url=cancel_url,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        actor,
        "payment.started",
        payment,
        data={
            "fee_kind": fee_kind,
            "total_cents": q.total_cents,
            **({"coupon": q.coupon.code} if q.coupon else {}),
        },
    )
    if method == PaymentMethod.WAIVER:
        transition(payment, S.PAID, actor=actor, reason=f"coupon {q.coupon.code}")
        return PaymentStart(payment=payment, redirect_url=success_url)
    return PaymentStart(payment=payment, redirect_url=_checkout(payment))


def cancel_payment(payment: Payment, *, actor, reason: str = "") -> Payment:
    """Give up a pending payment (replaced, or the person chose another way to pay).

    Side effects: see ``transition``; closes its Stripe Checkout page when there is one.
    """
    transition(payment, S.CANCELLED, actor=actor, reason=reason)
    if payment.stripe_session_id and payment.method == PaymentMethod.CARD:
        stripe_gateway.expire_checkout_session(payment.stripe_session_id)
    return payment


def _received_at(day: datetime.date) -> datetime.datetime:
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@transaction.atomic
def record_offline_payment(
    *,
    association,
    payer,
    fee_kind: str,
    amount_cents: int,
    method: str,
    reference: str,
    received_on: datetime.date,
    actor,
    category_code: str = "",
    purpose=None,
    batch: PaymentBatch | None = None,
    note: str = "",
) -> Payment:
    """A coordinator records money received outside Stripe (cheque, transfer, agency).

    It completes the person's pending payment for this fee when there is one (so the application
    that asked for it sees it paid); otherwise it creates a paid payment that the person's next
    ``start_payment`` for this fee takes up. Side effects: see ``transition``.
    """
    if method not in OFFLINE_METHODS:
        raise ValueError(f"{method} is not an offline payment method")
    pending = Payment.objects.select_for_update().filter(
        association=association, payer=payer, fee_kind=fee_kind, status=S.PENDING
    )
    if purpose is not None:
        pending = pending.filter(
            purpose_type=ContentType.objects.get_for_model(purpose, for_concrete_model=True),
            purpose_id=str(purpose.uuid),
        )
    payment = pending.order_by("-created_at").first()
    changes = {
        "method": method,
        "reference": reference,
        "batch": batch,
        "amount_cents": amount_cents,
        "discount_cents": 0,
        "total_cents": amount_cents,
        "coupon": None,
        "paid_at": _received_at(received_on),
    }
    if payment is None:
        payment = Payment.objects.create(
            association=association,
            payer=payer,
            fee_kind=fee_kind,
            category_code=category_code,
            description=queries.describe_fee(fee_kind, category_code),
            amount_cents=amount_cents,
            total_cents=amount_cents,
            method=method,
            created_by=actor,
            **(
                {
                    "purpose_type": ContentType.objects.get_for_model(purpose),
                    "purpose_id": str(purpose.uuid),
                }
                if purpose is not None
                else {}
            ),
        )
    elif payment.method == PaymentMethod.CARD and payment.stripe_session_id:
        stripe_gateway.expire_checkout_session(payment.stripe_session_id)
    return transition(payment, S.PAID, actor=actor, reason=note, changes=changes)


@transaction.atomic
def record_group_payment(
    *,
    association,
    payers: list,
    fee_kind: str,
    amount_cents_each: int,
    payer_name: str,
    reference: str,
    received_on: datetime.date,
    actor,
    method: str = PaymentMethod.AGENCY,
) -> PaymentBatch:
    """One agency payment covering several people: a batch and a paid payment for each.

    Side effects: one ``PaymentBatch``; for each person, see ``record_offline_payment``.
    """
    batch = PaymentBatch.objects.create(
        association=association,
        method=method,
        payer_name=payer_name,
        reference=reference,
        received_on=received_on,
        total_cents=amount_cents_each * len(payers),
        recorded_by=actor,
    )
    record(actor, "payment_batch.recorded", batch, data={"people": len(payers)})
    for person in payers:
        record_offline_payment(
            association=association,
            payer=person,
            fee_kind=fee_kind,
            amount_cents=amount_cents_each,
            method=method,
            reference=reference,
            received_on=received_on,
            actor=actor,
            batch=batch,
            note=f"paid by {payer_name}",
        )
    return batch


@transaction.atomic
def refund_payment(payment: Payment, *, actor, reason: str) -> Payment:
    """Give a paid fee back, with a reason. Card payments are refunded through Stripe first.

    Raises ``InvalidTransition`` (not paid) or ``stripe_gateway.GatewayError``. Side effects: a
    Stripe refund (card); see ``transition``. Stripe's ``charge.refunded`` event that follows
    finds the payment refunded already and changes nothing.
    """
    payment = Payment.objects.select_for_update().select_related("association").get(pk=payment.pk)
    if not can_transition(payment, S.REFUNDED) or payment.status != S.PAID:
        raise InvalidTransition(f"a {payment.status} payment cannot be refunded")
    changes = {}
    if payment.method == PaymentMethod.CARD:
        if not payment.stripe_payment_intent:
            raise stripe_gateway.GatewayError("Stripe did not tell us the card payment's id.")
        changes["stripe_refund_id"] = stripe_gateway.refund(
            payment_intent=payment.stripe_payment_intent,
            amount_cents=payment.total_cents,
            reference=str(payment.uuid),
            reason=reason,
        )
    return transition(payment, S.REFUNDED, actor=actor, reason=reason, changes=changes)
