import smtplib

import pytest
from django.core import mail
from django.db import transaction

from easy.notifications import services
from easy.notifications.emails import send_test_email
from easy.notifications.enums import EmailStatus
from easy.notifications.models import OutboundEmail
from easy.notifications.tasks import task_send_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_email_is_sent_once_after_commit_with_text_and_html():
    with transaction.atomic():
        email = send_test_email(to="kim@example.org", name="Kim", key="k1")
        assert mail.outbox == []

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["kim@example.org"]
    assert sent.subject == "Test message from Endorsement Portal"
    assert "Hello Kim," in sent.body
    assert sent.alternatives[0].mimetype == "text/html"
    assert "<p>Hello Kim,</p>" in sent.alternatives[0].content
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_queuing_the_same_key_twice_sends_one_mail():
    first = send_test_email(to="kim@example.org", name="Kim", key="same")
    second = send_test_email(to="kim@example.org", name="Kim", key="same")

    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_running_the_task_again_does_not_send_again():
    email = send_test_email(to="kim@example.org", name="Kim", key="again")

    result = task_send_email.apply(kwargs={"email_id": email.pk}).get()

    assert result == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_transient_smtp_failure_is_recorded_and_raised_for_retry(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.DisconnectingBackend"
    with transaction.atomic():
        email = OutboundEmail.objects.create(
            key="x", event="test", to="a@example.org", subject="S", body_text="B"
        )

    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.deliver(email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.RETRYING
    assert email.attempts == 1
    assert "went away" in email.last_error


def test_refused_recipient_is_marked_bounced_and_not_retried(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    email = OutboundEmail.objects.create(
        key="y", event="test", to="gone@example.org", subject="S", body_text="B"
    )

    services.deliver(email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.BOUNCED
    assert "gone@example.org" in email.last_error


def test_redact_replaces_the_bodies_of_emails_no_longer_waiting_to_go():
    emails = {
        status: OutboundEmail.objects.create(
            key=f"redact-{status}",
            event="test",
            to="rita@agency.example",
            subject=f"Subject {status}",
            body_text="Your link: https://portal.example/r/secret/",
            body_html='<a href="https://portal.example/r/secret/">Open</a>',
            status=status,
        )
        for status in EmailStatus.values
    }
    before = {e.pk: (e.subject, e.status, e.created_at, e.sent_at) for e in emails.values()}

    count = services.redact(OutboundEmail.objects.all(), "Removed: the link is no longer needed.")

    assert count == 3
    rows = {e.status: e for e in OutboundEmail.objects.all()}
    for status in (EmailStatus.SENT, EmailStatus.FAILED, EmailStatus.BOUNCED):
        assert (rows[status].body_text, rows[status].body_html) == (
            "Removed: the link is no longer needed.",
            "",
        )
    # The worker still has to send these.
    for status in (EmailStatus.QUEUED, EmailStatus.RETRYING):
        assert rows[status].body_text == "Your link: https://portal.example/r/secret/"
        assert rows[status].body_html == '<a href="https://portal.example/r/secret/">Open</a>'
    assert {e.pk: (e.subject, e.status, e.created_at, e.sent_at) for e in rows.values()} == before
