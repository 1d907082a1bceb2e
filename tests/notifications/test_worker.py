"""Mail through the real path: outbox row -> Redis -> a Celery worker process -> SMTP."""

import asyncio
import os
import signal
import time
import uuid
from collections import Counter
from contextlib import ExitStack, contextmanager
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from easy.notifications import services
from easy.notifications.emails import send_test_email
from easy.notifications.enums import EmailStatus
from easy.notifications.models import OutboundEmail
from easy.notifications.tasks import task_requeue_emails
from tests.notifications.conftest import unreachable_broker
from tests.service_support import (
    Inbox,
    celery_worker,
    free_port,
    require_postgres,
    require_redis,
    smtp_server,
)

pytestmark = [pytest.mark.service, pytest.mark.django_db(transaction=True)]


def test_worker_consumes_task_from_redis_and_mail_reaches_smtp_server():
    require_postgres()
    broker = require_redis()
    with smtp_server() as (inbox, email_url), celery_worker(broker_url=broker, email_url=email_url):
        with transaction.atomic():
            email = send_test_email(to="rae@example.org", name="Rae", key="worker-test-1")
            # Nothing is sent before the transaction commits.
            assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.QUEUED

        messages = inbox.wait_for(1)

        assert len(messages) == 1
        assert messages[0]["To"] == "rae@example.org"
        assert messages[0]["Subject"] == "Test message from Endorsement Portal"
        parts = {
            p.get_content_type(): p.get_payload(decode=True).decode()
            for p in messages[0].walk()
            if not p.is_multipart()
        }
        assert "Hello Rae," in parts["text/plain"]
        assert "<p>Hello Rae,</p>" in parts["text/html"]
        email.refresh_from_db()
        assert email.status == EmailStatus.SENT
        assert email.attempts == 1


# --- Exactly once when a worker dies ---------------------------------------------------------

#: The worker under test gives each step with the mail server 2 s, so its send task's hard
#: limit is 3 x 2 + 5 = 11 s; its claim on an email lasts 15 s (longer, as settings require).
KILL_TEST_ENV = {"EMAIL_TIMEOUT": "2", "EMAIL_LEASE_SECONDS": "15"}


class KillingInbox(Inbox):
    """The stand-in mail server, which SIGKILLs the worker talking to it at chosen moments:
    ``kill_at_rcpt`` — in the n-th conversation, before the message was sent (mid-send);
    ``kill_after_accept`` — once the n-th message was stored, before the worker hears "250"."""

    def __init__(self, *, kill_at_rcpt=(), kill_after_accept=()) -> None:
        super().__init__()
        self.kill_at_rcpt, self.kill_after_accept = set(kill_at_rcpt), set(kill_after_accept)
        self.worker_pid = 0
        self.conversations = 0
        self.kills = 0

    def _kill_worker(self) -> None:
        os.kill(self.worker_pid, signal.SIGKILL)
        self.kills += 1

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.conversations += 1
        if self.conversations in self.kill_at_rcpt:
            self._kill_worker()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.01)  # a mail server takes a moment; kills land inside sends
        reply = await super().handle_DATA(server, session, envelope)
        if len(self.messages) in self.kill_after_accept:
            self._kill_worker()
        return reply


@contextmanager
def killing_smtp_server(inbox: KillingInbox):
    from aiosmtpd.controller import Controller

    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


def send_through_dying_workers(inbox: KillingInbox, count: int, *, timeout: float = 240):
    """Queue ``count`` emails, let a worker send them, start a new worker on the same queue
    whenever the mail server killed one, and run the sweep every second (as beat would, more
    often) until every email is sent. Returns the emails."""
    broker = require_redis()
    queue = f"easy-test-kill-{uuid.uuid4().hex[:8]}"
    with killing_smtp_server(inbox) as email_url, ExitStack() as workers:

        def start_worker():
            process = workers.enter_context(
                celery_worker(
                    broker_url=broker, email_url=email_url, extra_env=KILL_TEST_ENV, queue=queue
                )
            )
            inbox.worker_pid = process.pid
            return process

        worker = start_worker()
        with transaction.atomic():
            emails = [
                send_test_email(to=f"rater{i}@example.org", name=f"Rater {i}", key=f"kill-{i}")
                for i in range(count)
            ]
        deadline = time.monotonic() + timeout
        next_sweep = time.monotonic() + 1
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                worker = start_worker()
            if time.monotonic() >= next_sweep:
                task_requeue_emails.delay()
                next_sweep = time.monotonic() + 1
            if not OutboundEmail.objects.exclude(status=EmailStatus.SENT).exists():
                break
            time.sleep(0.2)
        time.sleep(1)  # a late duplicate would arrive now
    return emails


def deliveries(inbox: Inbox) -> tuple[int, int, Counter]:
    """(raw deliveries, unique Message-IDs, deliveries per Message-ID)."""
    per_id = Counter(m["Message-ID"] for m in inbox.messages)
    return len(inbox.messages), len(per_id), per_id


def test_worker_killed_mid_send_loses_and_doubles_no_email_of_200():
    require_postgres()
    inbox = KillingInbox(kill_at_rcpt={25, 90, 150})

    emails = send_through_dying_workers(inbox, 200)

    raw, unique, per_id = deliveries(inbox)
    print(f"\nworker kills mid-send: {inbox.kills}; raw deliveries {raw}; unique {unique}")
    assert inbox.kills == 3
    assert (raw, unique) == (200, 200)
    rows = OutboundEmail.objects.filter(pk__in=[e.pk for e in emails])
    assert set(per_id) == {e.message_id for e in rows}
    assert {e.status for e in rows} == {EmailStatus.SENT}
    # Three emails were claimed by a worker that died and sent by the next one.
    assert sorted(e.attempts for e in rows)[-4:] == [1, 2, 2, 2]
    assert sum(e.attempts for e in rows) == 203


def test_worker_killed_after_the_server_accepted_sends_a_copy_with_the_same_message_id():
    """The window no claim closes: the mail server accepted the message, the worker died before
    recording it. The copy carries the same Message-ID, so the count of distinct messages stays
    exact and a mail client can recognise it."""
    require_postgres()
    inbox = KillingInbox(kill_after_accept={3})

    emails = send_through_dying_workers(inbox, 5)

    raw, unique, per_id = deliveries(inbox)
    print(f"\nworker kill after acceptance: raw deliveries {raw}; unique {unique}")
    assert (inbox.kills, raw, unique) == (1, 6, 5)
    assert sorted(per_id.values()) == [1, 1, 1, 1, 2]
    assert {e.status for e in OutboundEmail.objects.filter(pk__in=[e.pk for e in emails])} == {
        EmailStatus.SENT
    }


# --- A broker outage --------------------------------------------------------------------------


def test_email_queued_while_the_broker_was_down_goes_out_through_the_sweep_once_it_is_back():
    require_postgres()
    broker = require_redis()
    with unreachable_broker(), transaction.atomic():
        email = send_test_email(to="kai@example.org", name="Kai", key="outage-1")
    assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.QUEUED

    with smtp_server() as (inbox, email_url), celery_worker(broker_url=broker, email_url=email_url):
        # Beat's sweep a minute later, with the broker back.
        handed = services.requeue_due(now=timezone.now() + timedelta(minutes=2))
        messages = inbox.wait_for(1)
        time.sleep(1)

    assert handed == 1
    assert [m["To"] for m in messages] == ["kai@example.org"]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
