"""The invitation through a real Celery worker on Redis to a local SMTP server: a task run twice
(a retry after a lost acknowledgement) still gives one invitation and one mail."""

import pytest
from django.db import transaction

from easy.notifications.enums import EmailStatus
from easy.notifications.models import OutboundEmail
from references import services
from references.models import Invitation, Link
from references.tasks import task_send_reference_invitation
from tests.factories.references import ReferenceFactory
from tests.service_support import celery_worker, require_postgres, require_redis, smtp_server

pytestmark = [pytest.mark.service, pytest.mark.django_db(transaction=True)]


def test_invitation_task_run_twice_by_the_worker_sends_one_mail(application):
    require_postgres()
    broker = require_redis()
    reference = ReferenceFactory(
        application=application, rater_name="Rita Rater", email="rita@agency.example"
    )

    with smtp_server() as (inbox, email_url), celery_worker(broker_url=broker, email_url=email_url):
        with transaction.atomic():
            invitation = services.invite(reference, actor=application.applicant)
            # The same task again, as a broker redelivery would.
            transaction.on_commit(
                lambda: task_send_reference_invitation.delay(invitation_id=invitation.pk, number=1)
            )
        inbox.wait_for(1)
        email = OutboundEmail.objects.get(key__startswith="reference-invitation:")
        for _ in range(100):
            email.refresh_from_db()
            if email.status == EmailStatus.SENT:
                break
            inbox.wait_for(2, timeout=0.1)
        inbox.wait_for(2, timeout=3)  # time for a wrong second mail to arrive

    assert len(inbox.messages) == 1
    assert inbox.messages[0]["To"] == "rita@agency.example"
    assert Invitation.objects.count() == 1
    assert Link.objects.count() == 1
    assert email.status == EmailStatus.SENT
