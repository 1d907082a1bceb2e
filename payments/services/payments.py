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
from django.utils.translation import gettext as _

from easy.audit.services import record

from .. import emails, queries, stripe_gateway
from ..enums import ALLOWED_TRANSITIONS, OFFLINE_METHODS, PaymentMethod, PaymentStatus
from ..models import Coupon, Payment, PaymentBatch, ReceiptCounter, dollars
from ..signals import payment_completed, payment_refunded
from .errors import PaymentError
from .fees import coupon_limit_reached, note_refused_code, price

logger = logging.getLogger(__name__)

S = PaymentStatus
#: ``ALLOWED_TRANSITIONS`` (every status change a payment may make) is beside the enum, in
#: ``payments.enums``.


#: How long a started checkout holds its coupon use; Stripe closes its page at the same time
#: (Stripe accepts 30 minutes to 24 hours).
CHECKOUT_HOLD = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class PaymentStart:
    payment: Payment
    redirect_url: str


def can_transition(payment: Payment, to: str) -> bool:
    return to in ALLOWED_TRANSITIONS[payment.status]


def _receipt_number(payment: Payment) -> str:
    """The association's next receipt number for the year the money arrived, e.g.
    ``WI-AIMH-2026-000123``: taken under a lock on the counter row, so numbers never repeat
    and, since a rollback returns the number too, never skip."""
    year = timezone.localtime(payment.paid_at or timezone.now()).year
    # Create the year's counter if it is missing without failing when another transaction
    # creates it at the same moment, then wait for the row lock.
    ReceiptCounter.objects.bulk_create(
        [ReceiptCounter(association_id=payment.association_id, year=year)],
        ignore_conflicts=True,
    )
    counter = ReceiptCounter.objects.select_for_update().get(
        association_id=payment.association_id, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{payment.association.code}-{year}-{counter.last_number:06d}"


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
        raise PaymentError(
            f"a {payment.status} payment cannot become {to}", PaymentError.INVALID_TRANSITION
        )
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
            expires_at=payment.checkout_expires_at,
        )
        payment.stripe_session_id, payment.stripe_checkout_url = session.id, session.url
        payment.save(update_fields=["stripe_session_id", "stripe_checkout_url", "updated_at"])
    return payment.stripe_checkout_url


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
    with a different quote (a coupon added, a new fee) or whose checkout ran out is cancelled and
    replaced. A paid payment is returned as it is. A payment a coordinator recorded offline for
    this person and fee, not yet tied to anything, is tied to ``purpose`` and returned.

    A coupon use is taken here, not when the money arrives: the coupon row is locked while its
    uses are counted and the pending payment that holds the use is created, so concurrent
    checkouts can never take more uses than ``max_uses``. The pending payment holds the use
    until ``CHECKOUT_HOLD`` runs out (when Stripe closes the page) or it is cancelled.

    Raises ``PaymentError`` (fee not configured, coupon), ``stripe_gateway.GatewayError`` or
    ``ValueError`` (a URL outside the site). Side effects: a ``Payment`` row and audit row; a
    Stripe Checkout session (card); a total of zero completes the payment at once (see
    ``transition``); a refused coupon code counts against the payer's hourly allowance.
    """
    try:
        return _start_payment(
            payer=payer,
            association=association,
            fee_kind=fee_kind,
            category_code=category_code,
            purpose=purpose,
            coupon_code=coupon_code,
            success_url=success_url,
            cancel_url=cancel_url,
            actor=actor,
        )
    except PaymentError as exc:
        # After the rollback, or the refused try would be forgotten with it.
        if exc.code == PaymentError.COUPON:
            note_refused_code(coupon_code, exc, payer=payer, association=association)
        raise


@transaction.atomic
def _start_payment(
    *,
    payer,
    association,
    fee_kind: str,
    category_code: str,
    purpose,
    coupon_code: str,
    success_url: str,
    cancel_url: str,
    actor,
) -> PaymentStart:
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

    pendings = list(same_purpose.filter(status=S.PENDING))
    # The pending payments are reused or replaced below: their coupon uses do not count.
    q = price(
        payer=payer,
        association=association,
        fee_kind=fee_kind,
        category_code=category_code,
        coupon_code=coupon_code,
        lock=True,
        exclude=[p.pk for p in pendings],
    )
    method = PaymentMethod.TEST if settings.PAYMENTS_TEST_MODE else PaymentMethod.CARD
    if q.total_cents == 0:
        method = PaymentMethod.WAIVER
    now = timezone.now()
    for pending in pendings:
        if (
            pending.payer_id == payer.pk
            and pending.total_cents == q.total_cents
            and pending.coupon_id == (q.coupon.pk if q.coupon else None)
            and pending.method == method
            and (pending.checkout_expires_at is None or pending.checkout_expires_at > now)
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
        checkout_expires_at=None if method == PaymentMethod.WAIVER else now + CHECKOUT_HOLD,
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


@dataclass(frozen=True)
class Owed:
    """What a person owes for one fee: from their pending payment, else from the fee schedule."""

    amount_cents: int
    description: str
    payment: Payment | None


def _pending_for_offline(*, association, payer, fee_kind: str, purpose=None, lock: bool = False):
    pending = Payment.objects.filter(
        association=association, payer=payer, fee_kind=fee_kind, status=S.PENDING
    )
    if lock:
        pending = pending.select_for_update()
    if purpose is not None:
        pending = pending.filter(
            purpose_type=ContentType.objects.get_for_model(purpose, for_concrete_model=True),
            purpose_id=str(purpose.uuid),
        )
    return pending.order_by("-created_at").first()


def amount_owed(
    *,
    association,
    payer,
    fee_kind: str,
    category_code: str,
    on: datetime.date,
    purpose=None,
) -> Owed:
    """The amount an offline payment for ``fee_kind`` must bring: the total of the person's
    pending payment for that fee (after its coupon), else the schedule in force ``on``.
    Raises ``PaymentError`` (``FEE_NOT_CONFIGURED``) when neither exists. No side effects."""
    pending = _pending_for_offline(
        association=association, payer=payer, fee_kind=fee_kind, purpose=purpose
    )
    if pending is not None:
        return Owed(pending.total_cents, pending.description, pending)
    q = price(
        payer=payer,
        association=association,
        fee_kind=fee_kind,
        category_code=category_code,
        on=on,
    )
    return Owed(q.amount_cents, queries.describe_fee(fee_kind, category_code), None)


def mismatch_message(owed: Owed, amount_cents: int, payer) -> str:
    """Why an offline amount cannot settle a fee, in words for the coordinator."""
    return _(
        "%(name)s owes %(owed)s for the %(fee)s; this payment is %(amount)s. Record a payment "
        "only when it covers the fee exactly."
    ) % {
        "name": payer.display_name,
        "owed": dollars(owed.amount_cents),
        "fee": owed.description,
        "amount": dollars(amount_cents),
    }


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

    The amount must be what the fee asks (``amount_owed``): a $25 cheque never settles a $300
    fee. It completes the person's pending payment for this fee when there is one (so the
    application that asked for it sees it paid), keeping that payment's fee, coupon and amounts;
    otherwise it creates a paid payment at the schedule's amount that the person's next
    ``start_payment`` for this fee takes up.

    Raises ``PaymentError`` (``AMOUNT_MISMATCH``, ``FEE_NOT_CONFIGURED``) or ``ValueError``
    (not an offline method: a caller's mistake).
    Side effects: see ``transition``; closes the pending payment's Stripe Checkout page.
    """
    if method not in OFFLINE_METHODS:
        raise ValueError(f"{method} is not an offline payment method")
    payment = _pending_for_offline(
        association=association, payer=payer, fee_kind=fee_kind, purpose=purpose, lock=True
    )
    owed = (
        Owed(payment.total_cents, payment.description, payment)
        if payment is not None
        else amount_owed(
            association=association,
            payer=payer,
            fee_kind=fee_kind,
            category_code=category_code,
            on=received_on,
        )
    )
    if amount_cents != owed.amount_cents:
        raise PaymentError(
            mismatch_message(owed, amount_cents, payer), PaymentError.AMOUNT_MISMATCH
        )
    changes = {
        "method": method,
        "reference": reference,
        "batch": batch,
        "paid_at": _received_at(received_on),
    }
    if payment is None:
        payment = Payment.objects.create(
            association=association,
            payer=payer,
            fee_kind=fee_kind,
            category_code=category_code,
            description=owed.description,
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
    category_code: str = "",
) -> PaymentBatch:
    """One agency payment covering several people: a batch and a paid payment for each.

    Raises ``PaymentError`` (``AMOUNT_MISMATCH``; records nothing) when the amount is not what one of them
    owes. Side effects: one ``PaymentBatch``; for each person, see ``record_offline_payment``.
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
            category_code=category_code,
            amount_cents=amount_cents_each,
            method=method,
            reference=reference,
            received_on=received_on,
            actor=actor,
            batch=batch,
            note=f"paid by {payer_name}",
        )
    return batch


def _siblings(payment: Payment):
    """Other payments of the same fee for the same purpose, locked, oldest first."""
    return (
        Payment.objects.select_for_update()
        .filter(
            purpose_type_id=payment.purpose_type_id,
            purpose_id=payment.purpose_id,
            fee_kind=payment.fee_kind,
        )
        .exclude(pk=payment.pk)
        .order_by("pk")
    )


def _reason_to_refund(payment: Payment) -> str:
    """Why money that arrived for ``payment`` must not count, or "" when it counts: the fee is
    paid already (by another payment for the same purpose), or the coupon's uses ran out while
    this payment no longer held one."""
    if payment.purpose_type_id is not None:
        paid = next((p for p in _siblings(payment) if p.status == S.PAID), None)
        if paid is not None:
            return _(
                "The %(fee)s was already paid (receipt %(receipt)s), so this second payment "
                "is refunded in full."
            ) % {"fee": payment.description, "receipt": paid.receipt_number}
    if payment.coupon_id is not None:
        coupon = Coupon.objects.select_for_update().get(pk=payment.coupon_id)
        if coupon_limit_reached(coupon, payment.payer, exclude=[payment.pk]):
            return _(
                "The code %(code)s had been used as many times as allowed by the time this "
                "payment arrived, so it is refunded in full."
            ) % {"code": coupon.code}
    return ""


def complete_card_payment(
    payment: Payment, *, actor_label: str, reason: str, changes: dict
) -> Payment:
    """Stripe (or the test checkout) says the money for ``payment`` arrived; call with the
    payment locked, inside a transaction.

    The money counts once per fee: when the fee is already paid, or the coupon's limit is
    reached (re-checked here under the coupon's lock), the payment is recorded and refunded at
    once (``refund_extra_payment``). Otherwise it becomes paid and the other checkouts still
    open for the same fee are cancelled. Raises ``stripe_gateway.GatewayError`` when a needed
    refund fails (nothing is saved; Stripe delivers the event again later). Side effects: see
    ``transition``, ``cancel_payment`` and ``refund_extra_payment``.
    """
    why = _reason_to_refund(payment)
    if why:
        return refund_extra_payment(payment, why=why, actor_label=actor_label, changes=changes)
    transition(payment, S.PAID, actor=None, actor_label=actor_label, reason=reason, changes=changes)
    if payment.purpose_type_id is not None:
        for other in _siblings(payment).filter(status=S.PENDING):
            cancel_payment(other, actor=None, reason="the fee was paid by another payment")
    return payment


def refund_extra_payment(payment: Payment, *, why: str, actor_label: str, changes: dict) -> Payment:
    """Money arrived for a payment that must not count (see ``complete_card_payment``): record
    it (paid date, receipt number, Stripe ids) and give it all back at once.

    Raises ``stripe_gateway.GatewayError`` when Stripe refuses the refund. Side effects: a
    Stripe refund (card); the payment goes to refunded (one audit row); the "payment refunded"
    email to the payer with ``why``; a notice to the association's coordinators.
    """
    changes = dict(changes)
    if payment.method == PaymentMethod.CARD:
        changes["stripe_refund_id"] = stripe_gateway.refund(
            payment_intent=changes.get("stripe_payment_intent") or payment.stripe_payment_intent,
            amount_cents=payment.total_cents,
            reference=str(payment.uuid),
            reason=why,
        )
    changes["paid_at"] = timezone.now()
    transition(
        payment, S.REFUNDED, actor=None, actor_label=actor_label, reason=why, changes=changes
    )
    emails.send_payment_refunded(payment)
    emails.send_extra_payment_refunded(payment)
    return payment


@transaction.atomic
def refund_payment(payment: Payment, *, actor, reason: str) -> Payment:
    """Give a paid fee back, with a reason. Card payments are refunded through Stripe first.

    Raises ``PaymentError`` (``INVALID_TRANSITION``: not paid) or ``stripe_gateway.GatewayError``. Side effects: a
    Stripe refund (card); see ``transition``. Stripe's ``charge.refunded`` event that follows
    finds the payment refunded already and changes nothing.
    """
    payment = Payment.objects.select_for_update().select_related("association").get(pk=payment.pk)
    if not can_transition(payment, S.REFUNDED) or payment.status != S.PAID:
        raise PaymentError(
            f"a {payment.status} payment cannot be refunded", PaymentError.INVALID_TRANSITION
        )
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
