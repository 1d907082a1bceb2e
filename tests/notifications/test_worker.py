"""Mail through the real path: outbox row -> Redis -> a Celery worker process -> SMTP."""

import pytest
from django.db import transaction

from easy.notifications.emails import send_test_email
from easy.notifications.enums import EmailStatus
from easy.notifications.models import OutboundEmail
from tests.service_support import (
    celery_worker,
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
