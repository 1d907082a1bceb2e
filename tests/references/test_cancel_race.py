"""A reminder prepared while the rater declines is never left to go out with a dead link
(PostgreSQL, threads): the reminder job and the rater's answer take the reference's row in turn,
so either the job sees the answer and sends nothing, or the answer cancels the reminder."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from easy.notifications.enums import EmailStatus, Event
from easy.notifications.models import OutboundEmail
from references import services
from references.enums import Notice
from references.models import SentNotice
from tests.service_support import require_postgres

pytestmark = [pytest.mark.service, pytest.mark.django_db(transaction=True)]


def test_reminder_prepared_while_the_rater_declines_is_not_left_to_be_sent(invitation):
    require_postgres()
    notice = SentNotice.objects.create(
        invitation=invitation, kind=Notice.RATER_DAY_7, due_on=timezone.localdate()
    )
    declined = threading.Event()
    errors = []

    def rater_declines():
        try:
            with transaction.atomic():
                services.decline(invitation, reason="I do not know her work well enough.")
                declined.set()
                time.sleep(1.5)  # the reminder job runs meanwhile, before this commits
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    def reminder_job():
        try:
            declined.wait(10)
            services.send_notices([notice.pk])
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=rater_declines), threading.Thread(target=reminder_job)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    reminders = OutboundEmail.objects.filter(event=Event.REFERENCE_REMINDER)
    assert reminders.exclude(status=EmailStatus.CANCELLED).count() == 0
