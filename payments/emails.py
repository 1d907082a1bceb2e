"""Emails about payments: one function per email (templates in templates/emails/payment-*)."""

from django.conf import settings
from django.urls import reverse

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
        reply_to=payment.association.contact_email,
    )
