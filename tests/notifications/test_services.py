from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from easy.notifications import services
from easy.notifications.emails import send_test_email
from easy.notifications.enums import EmailStatus, Event
from easy.notifications.models import OutboundEmail
from easy.notifications.tasks import task_send_email
from tests.factories.accounts import UserFactory

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


def test_transient_smtp_failure_is_recorded_and_tried_again_about_a_minute_later(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.DisconnectingBackend"
    with transaction.atomic():
        email = OutboundEmail.objects.create(
            key="x", event="test", to="a@example.org", subject="S", body_text="B"
        )
    before = timezone.now()

    services.deliver(email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.RETRYING
    assert email.attempts == 1
    assert email.lease_until is None
    assert email.last_error == "SMTPServerDisconnected: the mail server went away"
    wait = (email.due_at - before).total_seconds()
    assert 48 <= wait <= 73  # one minute, give or take the 20% spread


def test_email_failing_on_its_last_attempt_is_marked_failed(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.DisconnectingBackend"
    email = OutboundEmail.objects.create(
        key="x",
        event="test",
        to="a@example.org",
        subject="S",
        body_text="B",
        status=EmailStatus.RETRYING,
        attempts=services.MAX_ATTEMPTS - 1,
    )

    services.deliver(email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, services.MAX_ATTEMPTS)


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

    assert count == 4
    rows = {e.status: e for e in OutboundEmail.objects.all()}
    for status in (
        EmailStatus.SENT,
        EmailStatus.FAILED,
        EmailStatus.BOUNCED,
        EmailStatus.CANCELLED,
    ):
        assert (rows[status].body_text, rows[status].body_html) == (
            "Removed: the link is no longer needed.",
            "",
        )
    # The worker still has to send these (or is sending them).
    for status in (EmailStatus.QUEUED, EmailStatus.RETRYING, EmailStatus.SENDING):
        assert rows[status].body_text == "Your link: https://portal.example/r/secret/"
        assert rows[status].body_html == '<a href="https://portal.example/r/secret/">Open</a>'
    assert {e.pk: (e.subject, e.status, e.created_at, e.sent_at) for e in rows.values()} == before


# --- Claims, the sweep, cancelling ------------------------------------------------------------


def make_email(key: str, **fields) -> OutboundEmail:
    return OutboundEmail.objects.create(
        key=key, event="test", to=f"{key}@example.org", subject="S", body_text="B", **fields
    )


def test_email_claimed_by_a_live_worker_is_not_sent_by_another():
    lease = timezone.now() + timedelta(minutes=4)
    email = make_email("busy", status=EmailStatus.SENDING, attempts=1, lease_until=lease)

    services.deliver(email.pk)

    email.refresh_from_db()
    assert mail.outbox == []
    assert (email.status, email.attempts, email.lease_until) == (EmailStatus.SENDING, 1, lease)


def test_email_whose_claim_ran_out_is_sent_once_by_the_next_worker():
    email = make_email(
        "dead",
        status=EmailStatus.SENDING,
        attempts=1,
        lease_until=timezone.now() - timedelta(seconds=1),
    )

    services.deliver(email.pk)
    services.deliver(email.pk)

    email.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["dead@example.org"]]
    assert (email.status, email.attempts, email.lease_until) == (EmailStatus.SENT, 2, None)


def test_message_id_names_the_row_on_every_attempt(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.DisconnectingBackend"
    email = make_email("mid")
    services.deliver(email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    services.deliver(email.pk)

    expected = f"<outbound.{email.pk}.{int(email.created_at.timestamp())}@localhost>"
    assert email.message_id == expected
    assert mail.outbox[0].extra_headers["Message-ID"] == expected
    assert mail.outbox[0].message()["Message-ID"] == expected


def test_worker_whose_claim_was_taken_over_does_not_record_its_outcome(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.TakeoverBackend"
    email = make_email("late")

    services.deliver(email.pk)

    email.refresh_from_db()
    # The second claim (attempt 2) is the one that records; the first worker left it alone.
    assert (email.status, email.attempts, email.sent_at) == (EmailStatus.SENDING, 2, None)


def test_sweep_hands_over_again_exactly_the_emails_left_behind():
    now = timezone.now()
    past, future = now - timedelta(seconds=1), now + timedelta(minutes=5)
    make_email("queued-lost", due_at=past)  # broker lost the task, or was down
    make_email("queued-fresh", due_at=future)  # its task is still on the way
    make_email("retrying-due", status=EmailStatus.RETRYING, attempts=1, due_at=past)
    make_email("retrying-later", status=EmailStatus.RETRYING, attempts=1, due_at=future)
    make_email("sending-dead", status=EmailStatus.SENDING, attempts=1, lease_until=past)
    make_email("sending-live", status=EmailStatus.SENDING, attempts=1, lease_until=future)
    make_email("sent", status=EmailStatus.SENT, due_at=past)
    make_email("cancelled", status=EmailStatus.CANCELLED, due_at=past)

    handed = services.requeue_due(now=now)

    assert handed == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "queued-lost@example.org",
        "retrying-due@example.org",
        "sending-dead@example.org",
    ]
    statuses = dict(OutboundEmail.objects.values_list("key", "status"))
    assert statuses == {
        "queued-lost": EmailStatus.SENT,
        "queued-fresh": EmailStatus.QUEUED,
        "retrying-due": EmailStatus.SENT,
        "retrying-later": EmailStatus.RETRYING,
        "sending-dead": EmailStatus.SENT,
        "sending-live": EmailStatus.SENDING,
        "sent": EmailStatus.SENT,
        "cancelled": EmailStatus.CANCELLED,
    }


def test_cancel_pending_stops_emails_not_yet_on_their_way():
    now = timezone.now()
    rows = {
        "queued": make_email("queued"),
        "retrying": make_email("retrying", status=EmailStatus.RETRYING),
        "stale": make_email(
            "stale", status=EmailStatus.SENDING, lease_until=now - timedelta(seconds=1)
        ),
        "live": make_email("live", status=EmailStatus.SENDING, lease_until=now + timedelta(1)),
        "sent": make_email("sent", status=EmailStatus.SENT),
    }

    cancelled = services.cancel_pending(OutboundEmail.objects.all())
    for email in rows.values():
        services.deliver(email.pk)

    assert cancelled == 3
    assert mail.outbox == []
    assert dict(OutboundEmail.objects.values_list("key", "status")) == {
        "queued": EmailStatus.CANCELLED,
        "retrying": EmailStatus.CANCELLED,
        "stale": EmailStatus.CANCELLED,
        "live": EmailStatus.SENDING,
        "sent": EmailStatus.SENT,
    }


def test_deliver_refuses_to_run_inside_a_transaction():
    email = make_email("inside")

    with pytest.raises(RuntimeError), transaction.atomic():
        services.deliver(email.pk)

    assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.QUEUED


def test_emails_queued_about_an_object_are_cancelled_with_it_and_no_others():
    ada, bo = UserFactory(email="ada@example.org"), UserFactory(email="bo@example.org")
    with transaction.atomic():  # the tasks run after commit, when both are already cancelled
        for person in (ada, bo):
            for n in (1, 2):
                services.queue_message(
                    event=Event.TEST,
                    to=person.email,
                    subject=f"Reminder {n}",
                    body_text="Your link",
                    key=f"about-{person.pk}-{n}",
                    about=person,
                )
        cancelled = services.cancel_pending(services.emails_about(ada))

    assert cancelled == 2
    assert [m.to for m in mail.outbox] == [["bo@example.org"], ["bo@example.org"]]
    assert sorted(OutboundEmail.objects.values_list("to", "about", "status")) == [
        ("ada@example.org", f"accounts.user:{ada.pk}", EmailStatus.CANCELLED),
        ("ada@example.org", f"accounts.user:{ada.pk}", EmailStatus.CANCELLED),
        ("bo@example.org", f"accounts.user:{bo.pk}", EmailStatus.SENT),
        ("bo@example.org", f"accounts.user:{bo.pk}", EmailStatus.SENT),
    ]
