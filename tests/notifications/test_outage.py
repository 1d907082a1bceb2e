"""A broker outage after the data committed: the person sees no error, the email waits in the
outbox and the sweep sends it once the broker is back."""

import logging
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from easy.notifications import services
from easy.notifications.enums import EmailStatus, Event
from easy.notifications.models import OutboundEmail
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_broker_down_after_commit_shows_no_error_and_the_sweep_sends_later(
    client, broker_down, caplog
):
    UserFactory(email="lee@example.org")
    started = time.monotonic()

    with caplog.at_level(logging.WARNING, logger="easy.notifications.services"):
        response = client.post("/accounts/password/reset/", {"email": "lee@example.org"})

    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert elapsed < 10  # the broker's absence is noticed quickly, not after minutes
    email = OutboundEmail.objects.get(event=Event.PASSWORD_RESET)
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 0)
    assert mail.outbox == []
    assert [r.getMessage() for r in caplog.records] == [
        f"email {email.pk} stays queued: the task broker is unreachable ("
        + caplog.records[0].getMessage().split("unreachable (", 1)[1]
    ]
    assert "the sweep will send it once the broker is back" in caplog.records[0].getMessage()

    # The sweep, run by beat a minute later, while the broker is still down: nothing lost.
    assert services.requeue_due(now=timezone.now() + timedelta(minutes=2)) == 0
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED


def test_sweep_sends_the_waiting_email_once_the_broker_is_back():
    # (Eager mode stands for a reachable broker here; tests/notifications/test_worker.py runs
    # the same sweep through Redis and a real worker.)
    email = OutboundEmail.objects.create(
        key="waited", event=Event.TEST, to="lee@example.org", subject="S", body_text="B"
    )

    handed = services.requeue_due(now=timezone.now() + timedelta(minutes=2))

    assert handed == 1
    assert [m.to for m in mail.outbox] == [["lee@example.org"]]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
