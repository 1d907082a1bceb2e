"""Emails about payments: one function per email (templates in templates/emails/payment-*)."""

from django.conf import settings
from django.urls import reverse

from easy.accounts.enums import Role
from easy.accounts.models import User
from easy.notifications.enums import Event
from easy.notifications.services import queue_email


def _context(payment) -> dict:
    return {
        "payment": payment,
        "name": payment.payer.display_name,
        "association": payment.association,
        "payment_url": f"{settings.SITE_URL}{reverse('payments:payment_detail', args=[payment.uuid])}",
        "receipt_url": f"{settings.SITE_URL}{reverse('payments:receipt', args=[payment.uuid])}",
    }


def send_payment_received(payment):
    """To the payer when a fee is paid (or waived): amount, what for, link to the receipt."""
    return queue_email(
        event=Event.PAYMENT_RECEIVED,
        to=payment.payer.email,
        template="payment-received",
        context=_context(payment),
        key=f"payment-received:{payment.uuid}",
        language=payment.payer.email_language,
        reply_to=payment.association.contact_email,
    )


def send_payment_refunded(payment):
    """To the payer when a paid fee is refunded, with the coordinator's reason."""
    return queue_email(
        event=Event.PAYMENT_REFUNDED,
        to=payment.payer.email,
        template="payment-refunded",
        context=_context(payment),
        key=f"payment-refunded:{payment.uuid}",
        language=payment.payer.email_language,
        reply_to=payment.association.contact_email,
    )


def _coordinator_addresses(association) -> list[str]:
    """The association's coordinators, else its contact address."""
    addresses = list(
        User.objects.filter(
            is_active=True,
            role_assignments__association=association,
            role_assignments__role=Role.COORDINATOR,
        )
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return addresses or ([association.contact_email] if association.contact_email else [])


def send_extra_payment_refunded(payment):
    """To the coordinators: money arrived for a fee that did not need it (paid already, or
    past its coupon's limit) and the portal refunded it by itself; names payer, amount, why."""
    context = {
        **_context(payment),
        "payer": payment.payer,
        "staff_url": f"{settings.SITE_URL}"
        f"{reverse('payments:staff_payments', args=[payment.association.code])}",
    }
    return [
        queue_email(
            event=Event.PAYMENT_REFUNDED,
            to=address,
            template="payment-extra-refunded",
            context=context,
            key=f"payment-extra-refunded:{payment.uuid}:{address}",
        )
        for address in _coordinator_addresses(payment.association)
    ]
