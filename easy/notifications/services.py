import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .enums import EmailStatus, Event
from .models import OutboundEmail

logger = logging.getLogger(__name__)

#: Errors worth another try: the mail server or the network, not the message.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPDataError,
    smtplib.SMTPHeloError,
    ConnectionError,
    TimeoutError,
    OSError,
)


def queue_email(
    *,
    event: Event,
    to: str,
    template: str,
    context: dict,
    key: str,
    language: str = "en",
    reply_to: str = "",
) -> OutboundEmail:
    """Render ``templates/emails/<template>-{subject,body}.txt`` and ``-body.html``, store the
    email and send it from a Celery task once the current transaction commits.

    Idempotent by ``key``: a second call with the same key returns the first email unchanged
    and sends nothing more. Side effects: one ``OutboundEmail`` row; one task on commit.
    """
    existing = OutboundEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}-subject.txt", context)
        body_text = render_to_string(f"emails/{template}-body.txt", context)
        body_html = render_to_string(f"emails/{template}-body.html", context)
    return queue_message(
        event=event,
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        key=key,
        reply_to=reply_to,
    )


def queue_message(
    *,
    event: Event,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    key: str,
    reply_to: str = "",
) -> OutboundEmail:
    """Store an already rendered email and send it from a task after commit (idempotent by key)."""
    email, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "event": event,
            "to": to,
            "reply_to": reply_to,
            "subject": " ".join(subject.split())[:300],
            "body_text": body_text.strip() + "\n",
            "body_html": body_html,
        },
    )
    if created:
        from .tasks import task_send_email

        transaction.on_commit(lambda: task_send_email.delay(email_id=email.pk))
    return email


def deliver(email_id: int) -> OutboundEmail | None:
    """Send one queued email. Safe to call twice: a sent email is never sent again.

    Raises a transient error for the task to retry; records permanent failures on the row.
    """
    retry_error: Exception | None = None
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status in (EmailStatus.SENT, EmailStatus.BOUNCED):
            return email
        email.attempts += 1
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            to=[email.to],
            from_email=settings.DEFAULT_FROM_EMAIL,
            reply_to=[email.reply_to] if email.reply_to else None,
            headers={"X-Easy-Email-Id": str(email.pk)},
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            email.status, email.last_error = EmailStatus.BOUNCED, str(exc)[:2000]
            logger.warning("email %s refused by the mail server: %s", email.pk, exc)
        except TRANSIENT_ERRORS as exc:
            # Recorded (so staff see it) and re-raised after commit for the task to retry.
            email.status, email.last_error = EmailStatus.RETRYING, str(exc)[:2000]
            retry_error = exc
        else:
            email.status, email.sent_at, email.last_error = EmailStatus.SENT, timezone.now(), ""
        email.save(update_fields=["status", "sent_at", "last_error", "attempts"])
    if retry_error is not None:
        raise retry_error
    return email


def mark_failed(email_id: int, error: str) -> None:
    OutboundEmail.objects.filter(pk=email_id).exclude(status=EmailStatus.SENT).update(
        status=EmailStatus.FAILED, last_error=error[:2000]
    )


#: Emails the worker has still to send: their bodies are what goes out.
WAITING = frozenset({EmailStatus.QUEUED, EmailStatus.RETRYING})


def redact(emails: QuerySet[OutboundEmail], note: str) -> int:
    """Replace the text of ``emails`` by ``note`` once it must no longer be kept (a personal
    link that stopped working, say), instead of waiting for the purge of old emails. Each row
    keeps its recipient, subject, status and dates, so delivery can still be checked. Emails
    still waiting to go out are left as they are: the worker sends their bodies.

    Side effects: ``body_text`` (the note) and ``body_html`` (emptied) of those rows, in one
    UPDATE. Returns how many rows were redacted.
    """
    return emails.exclude(status__in=WAITING).update(body_text=note, body_html="")


def resend(email: OutboundEmail) -> OutboundEmail:
    """Queue a copy of an email under a fresh key (a person asked for it again)."""
    copy = OutboundEmail.objects.create(
        key=f"{email.key}:resend:{timezone.now().timestamp()}",
        event=email.event,
        to=email.to,
        subject=email.subject,
        body_text=email.body_text,
        body_html=email.body_html,
        reply_to=email.reply_to,
    )
    from .tasks import task_send_email

    transaction.on_commit(lambda: task_send_email.delay(email_id=copy.pk))
    return copy
