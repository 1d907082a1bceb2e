"""The outbox: every email is a row first, then a Celery task sends it.

Sending is exactly once as far as the portal can make it: a worker *claims* a row (status
``sending`` with a lease) in its own short transaction, talks to the mail server outside any
transaction, then marks the row sent, but only if its claim still holds. A worker killed before
the mail server accepted the message leaves a claim that runs out; the sweep
(``requeue_due``, every minute from Celery beat) queues the row again. The one window left: a
worker killed after the mail server said "accepted" and before the row was marked sent; the
message then goes out a second time with the same Message-ID (``OutboundEmail.message_id``),
which mail clients use to recognise the copy. The lease (``EMAIL_LEASE_SECONDS``) is longer
than the send task's hard time limit, so a worker that is only slow is stopped before anyone
else may take its row over.

Enqueuing never fails the caller: when the broker is unreachable after the data committed,
the row stays queued, the failure is logged, and the sweep sends it once the broker is back.
"""

import logging
import random
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import KombuError

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
    SoftTimeLimitExceeded,
)

#: Emails waiting for a worker (queued at first, retrying after a failed attempt).
WAITING = frozenset({EmailStatus.QUEUED, EmailStatus.RETRYING})
#: Emails whose bodies may still go out: the waiting ones and those a worker is sending.
UNFINISHED = WAITING | {EmailStatus.SENDING}

#: A queued row whose task has not claimed it after this long is queued again by the sweep
#: (the broker lost the task, or was down when the row was stored).
QUEUED_GRACE = timedelta(minutes=1)
#: Attempts before an email is given up as failed; the waits between them double up to an hour.
MAX_ATTEMPTS = 8
RETRY_FIRST_WAIT = timedelta(minutes=1)
RETRY_LONGEST_WAIT = timedelta(hours=1)
#: Rows one run of the sweep queues again (the next run takes the rest).
SWEEP_BATCH = 500


def _lease() -> timedelta:
    return timedelta(seconds=settings.EMAIL_LEASE_SECONDS)


def queue_email(
    *,
    event: Event,
    to: str,
    template: str,
    context: dict,
    key: str,
    language: str = "en",
    reply_to: str = "",
    about: Model | None = None,
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
        about=about,
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
    about: Model | None = None,
) -> OutboundEmail:
    """Store an already rendered email and send it from a task after commit (idempotent by key).
    ``about``: the object the email is about, for ``cancel_pending(emails_about(obj))``."""
    email, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "event": event,
            "to": to,
            "reply_to": reply_to,
            "subject": " ".join(subject.split())[:300],
            "body_text": body_text.strip() + "\n",
            "body_html": body_html,
            "due_at": timezone.now() + QUEUED_GRACE,
            "about": about_key(about) if about is not None else "",
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue([email.pk]))
    return email


def enqueue(email_ids: Iterable[int]) -> int:
    """Hand each email to the broker for a worker to send. Never raises for a broker that is
    down: the rows stay queued and the sweep sends them when it is back (the person whose
    action queued the email has nothing to do with the broker). Returns how many were handed
    over."""
    from .tasks import task_send_email

    handed = 0
    for email_id in email_ids:
        try:
            task_send_email.delay(email_id=email_id)
        except (KombuError, OSError) as exc:
            logger.warning(
                "email %s stays queued: the task broker is unreachable (%s); the sweep will "
                "send it once the broker is back",
                email_id,
                exc,
            )
            break  # the broker is down for the rest too; do not wait on each of them
        handed += 1
    return handed


def deliver(email_id: int) -> OutboundEmail | None:
    """Send one email if it is waiting (or its last claim ran out). Safe to call any number of
    times, from any number of workers: only the worker holding the claim sends.

    Must not run inside a transaction: the claim has to be visible to other workers before the
    mail server is contacted, and the result recorded whatever happens next.
    Side effects: the row's status, ``attempts``, ``lease_until``, ``due_at``, ``sent_at`` and
    ``last_error``; one message to the mail server. Re-raises unexpected errors after recording
    the attempt as failed-for-now (the sweep tries again).
    """
    email = _claim(email_id)
    if email is None:
        return OutboundEmail.objects.filter(pk=email_id).first()
    try:
        _message(email).send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        logger.warning("email %s refused by the mail server: %s", email.pk, exc)
        _finish(email, EmailStatus.BOUNCED, error=str(exc))
    except Exception as exc:
        _try_later(email, exc)
        if not isinstance(exc, TRANSIENT_ERRORS):
            raise
    else:
        _finish(email, EmailStatus.SENT)
    return email


def _claim(email_id: int) -> OutboundEmail | None:
    now = timezone.now()
    claimable = Q(status__in=WAITING) | Q(status=EmailStatus.SENDING, lease_until__lt=now)
    with transaction.atomic(durable=True):
        claimed = (
            OutboundEmail.objects.filter(claimable, pk=email_id)
            .select_for_update(skip_locked=True)
            .first()
        )
        if claimed is None:
            return None
        OutboundEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.SENDING, lease_until=now + _lease(), attempts=F("attempts") + 1
        )
    return OutboundEmail.objects.get(pk=email_id)


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        from_email=settings.DEFAULT_FROM_EMAIL,
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={"Message-ID": email.message_id, "X-Easy-Email-Id": str(email.pk)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _record(email: OutboundEmail, **fields) -> None:
    """Save the outcome of ``email``'s current claim, unless the claim was taken over."""
    with transaction.atomic(durable=True):
        done = OutboundEmail.objects.filter(
            pk=email.pk, status=EmailStatus.SENDING, attempts=email.attempts
        ).update(lease_until=None, **fields)
    if not done:
        logger.warning(
            "email %s: claim %s ended after it was taken over or cancelled (%s not recorded)",
            email.pk,
            email.attempts,
            fields.get("status"),
        )
        return
    for name, value in fields.items():
        setattr(email, name, value)
    email.lease_until = None


def _finish(email: OutboundEmail, status: EmailStatus, *, error: str = "") -> None:
    sent_at = timezone.now() if status == EmailStatus.SENT else None
    _record(email, status=status, sent_at=sent_at, last_error=error[:2000])


def _try_later(email: OutboundEmail, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if email.attempts >= MAX_ATTEMPTS:
        logger.error(
            "email %s failed for good after %s attempts: %s", email.pk, email.attempts, error
        )
        _record(email, status=EmailStatus.FAILED, last_error=error)
        return
    wait = min(RETRY_FIRST_WAIT * 2 ** (email.attempts - 1), RETRY_LONGEST_WAIT)
    wait *= random.uniform(0.8, 1.2)  # noqa: S311 (spreading retries, not a secret)
    _record(email, status=EmailStatus.RETRYING, due_at=timezone.now() + wait, last_error=error)


def requeue_due(*, now: datetime | None = None) -> int:
    """The sweep (Celery beat, every minute): hand to the broker again every email that should
    be moving and is not: queued but not claimed within ``QUEUED_GRACE`` (the broker lost the
    task, or was down when the email was stored), retrying and due, or claimed by a worker whose
    lease ran out (it died). Returns how many were handed over.

    Side effects: those rows become ``queued`` (a stale claim) and are due again after
    ``QUEUED_GRACE``; one task each after commit.
    """
    now = now or timezone.now()
    due = Q(status__in=WAITING, due_at__lte=now) | Q(
        status=EmailStatus.SENDING, lease_until__lt=now
    )
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.filter(due)
            .select_for_update(skip_locked=True)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        OutboundEmail.objects.filter(pk__in=ids, status=EmailStatus.SENDING).update(
            status=EmailStatus.QUEUED, lease_until=None
        )
        OutboundEmail.objects.filter(pk__in=ids).update(due_at=now + QUEUED_GRACE)
    if ids:
        logger.info("sweep: %s email(s) queued again", len(ids))
    return enqueue(ids)


def about_key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def emails_about(*objects: Model) -> QuerySet[OutboundEmail]:
    """The emails queued ``about=`` any of ``objects``."""
    return OutboundEmail.objects.filter(about__in=[about_key(obj) for obj in objects])


def cancel_pending(emails: QuerySet[OutboundEmail]) -> int:
    """Cancel ``emails`` that have not gone out yet: what they say no longer holds (the rater
    answered, the link they carry stopped working). Select them by a relation of your own or
    with ``emails_about(obj)``. An email being sent at this moment is left
    to finish; one whose claim ran out (its worker died) is cancelled too.

    Side effects: ``status`` becomes ``cancelled`` on those rows, in one UPDATE (a worker that
    picks one up afterwards sends nothing). Returns how many were cancelled.
    """
    stale = Q(status=EmailStatus.SENDING, lease_until__lt=timezone.now())
    return (
        emails.filter(Q(status__in=WAITING) | stale)
        .order_by()
        .update(status=EmailStatus.CANCELLED, lease_until=None)
    )


def redact(emails: QuerySet[OutboundEmail], note: str) -> int:
    """Replace the text of ``emails`` by ``note`` once it must no longer be kept (a personal
    link that stopped working, say), instead of waiting for the purge of old emails. Each row
    keeps its recipient, subject, status and dates, so delivery can still be checked. Emails
    still waiting to go out, or being sent, are left as they are: the worker sends their
    bodies (``cancel_pending`` first when they must not go out).

    Side effects: ``body_text`` (the note) and ``body_html`` (emptied) of those rows, in one
    UPDATE. Returns how many rows were redacted.
    """
    return emails.exclude(status__in=UNFINISHED).update(body_text=note, body_html="")


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
        about=email.about,
        due_at=timezone.now() + QUEUED_GRACE,
    )
    transaction.on_commit(lambda: enqueue([copy.pk]))
    return copy
