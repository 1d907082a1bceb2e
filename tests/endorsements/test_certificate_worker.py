"""The certificate through a real Celery worker on Redis: granted, rendered by the worker,
stored, and one email to the holder even when the task is delivered twice."""

import time

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from easy.notifications.enums import EmailStatus
from easy.notifications.models import OutboundEmail
from endorsements.models import Endorsement
from endorsements.tasks import task_make_certificate
from tests.endorsements.records import endorsement
from tests.service_support import celery_worker, require_postgres, require_redis, smtp_server

pytestmark = [pytest.mark.service, pytest.mark.django_db(transaction=True)]


def test_worker_makes_the_certificate_once_and_mails_the_holder_once(association):
    require_postgres()
    broker = require_redis()

    with smtp_server() as (inbox, email_url), celery_worker(broker_url=broker, email_url=email_url):
        with transaction.atomic():
            held = endorsement(association)
            # The same task again, as a broker redelivery would.
            transaction.on_commit(lambda: task_make_certificate.delay(endorsement_id=held.pk))
        inbox.wait_for(1, timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            email = OutboundEmail.objects.filter(key__startswith="certificate:").first()
            if email and email.status == EmailStatus.SENT:
                break
            time.sleep(0.2)
        inbox.wait_for(2, timeout=3)  # time for a wrong second mail to arrive

    held = Endorsement.objects.get(pk=held.pk)
    assert len(inbox.messages) == 1
    assert inbox.messages[0]["To"] == "jane@example.org"
    assert inbox.messages[0]["Subject"] == "Your IFS certificate (WI-IFS-000123) is ready"
    assert held.certificate_file.endswith("certificate-WI-IFS-000123.pdf")
    with default_storage.open(held.certificate_file, "rb") as fh:
        assert fh.read(4) == b"%PDF"
