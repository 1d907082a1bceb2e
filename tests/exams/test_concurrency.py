"""Server-side timing under concurrency (PostgreSQL, threads): two tabs starting the same part
get one deadline; simultaneous saves all land; nothing is saved after the deadline."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from easy.audit.models import AuditEvent
from exams import services
from exams.enums import Part
from exams.models import Answer, Sitting
from tests.factories.exams import registered
from tests.service_support import require_postgres

pytestmark = [pytest.mark.service, pytest.mark.django_db(transaction=True)]


def in_threads(count, fn):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.fixture
def mc(approval, week, exam_bank):
    require_postgres()
    return registered(approval, week).sittings.get(part=Part.MC)


def test_two_tabs_starting_at_once_get_one_deadline(mc, approval):
    results, errors = in_threads(
        2, lambda i: services.start(Sitting.objects.get(pk=mc.pk), actor=approval.candidate)
    )
    assert errors == []
    mc.refresh_from_db()
    assert {r.deadline for r in results} == {mc.deadline}
    assert AuditEvent.objects.filter(action="exam.sitting_in_progress").count() == 1


def test_simultaneous_saves_all_land(mc, approval):
    services.start(mc, actor=approval.candidate)
    mc.refresh_from_db()
    _results, errors = in_threads(
        8,
        lambda i: services.save_answer(
            Sitting.objects.get(pk=mc.pk), i + 1, choice=i % 4, actor=approval.candidate
        ),
    )
    assert errors == []
    stored = {a.item_id: a.choice for a in Answer.objects.filter(sitting=mc)}
    expected = {mc.item_order[i]: mc.option_orders[str(mc.item_order[i])][i % 4] for i in range(8)}
    assert stored == expected


def test_saves_racing_the_deadline_are_refused_and_the_part_submitted_once(mc, approval):
    t0 = timezone.now()
    services.start(mc, actor=approval.candidate, now=t0)
    late = t0 + dt.timedelta(hours=3)
    _results, errors = in_threads(
        4,
        lambda i: services.save_answer(
            Sitting.objects.get(pk=mc.pk), i + 1, choice=0, actor=approval.candidate, now=late
        ),
    )
    assert len(errors) == 4 and all(
        isinstance(e, services.ExamError) and e.code == services.ExamError.CLOSED for e in errors
    )
    assert Answer.objects.filter(sitting=mc).count() == 0
    mc.refresh_from_db()
    assert mc.status == "scored" and mc.auto_submitted is True
    assert AuditEvent.objects.filter(action="exam.sitting_submitted").count() == 1
