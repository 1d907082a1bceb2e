"""Reminders raced by two beat runs at once on PostgreSQL: each goes out once."""

import datetime as dt
import threading

import pytest
from django.db import connection

from easy.notifications.enums import Event
from easy.notifications.models import OutboundEmail
from renewals import services
from renewals.enums import ReminderKind
from renewals.models import ReminderSent
from tests.factories.accounts import UserFactory
from tests.service_support import require_postgres

from .conftest import YEAR, endorse

pytestmark = [pytest.mark.service, pytest.mark.django_db(transaction=True)]
PEOPLE = 60


def run_together(work, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def thread(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=thread, args=(i,), daemon=True) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


def test_two_runs_at_once_then_a_third_send_each_reminder_once(association):
    require_postgres()
    for i in range(PEOPLE):
        endorse(UserFactory(email=f"e{i}@example.org"), association, "IFS")
    day = dt.date(YEAR, 10, 3)

    results = run_together(lambda: services.record_cycle_reminders(as_of=day), 2)
    third = services.record_cycle_reminders(as_of=day)

    assert all(isinstance(r, dict) for r in results), results
    assert sum(r[ReminderKind.WINDOW_OPEN] for r in results) == PEOPLE
    assert third == {ReminderKind.WINDOW_OPEN: 0}
    assert ReminderSent.objects.count() == PEOPLE
    emails = OutboundEmail.objects.filter(event=Event.RENEWAL_REMINDER)
    assert emails.count() == PEOPLE
    assert sorted(emails.values_list("to", flat=True)) == sorted(
        f"e{i}@example.org" for i in range(PEOPLE)
    )
    assert not ReminderSent.objects.filter(email=None).exists()


def test_two_celery_workers_running_the_daily_job_at_once_mail_each_person_once(association):
    import time
    import uuid

    from renewals.tasks import task_run_renewal_cycle
    from tests.service_support import celery_worker, require_redis, smtp_server

    require_postgres()
    broker = require_redis()
    for i in range(10):
        endorse(UserFactory(email=f"w{i}@example.org"), association, "IFS")
    queue = f"easy-test-{uuid.uuid4().hex[:10]}"
    with (
        smtp_server() as (inbox, email_url),
        celery_worker(broker_url=broker, email_url=email_url, queue=queue),
        celery_worker(broker_url=broker, email_url=email_url, queue=queue),
    ):
        for _ in range(3):
            task_run_renewal_cycle.delay(as_of=f"{YEAR}-10-02")
        inbox.wait_for(10, timeout=60)
        time.sleep(3)  # time for a wrong second copy to arrive
    assert sorted(m["To"] for m in inbox.messages) == sorted(f"w{i}@example.org" for i in range(10))
    assert {m["Subject"] for m in inbox.messages} == {"Renewal for 2026 is open"}
    assert ReminderSent.objects.count() == 10
