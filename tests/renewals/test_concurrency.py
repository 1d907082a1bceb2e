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
