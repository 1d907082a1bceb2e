import datetime as dt

import pytest
from django.utils import timezone

from exams import services
from exams.enums import ApprovalStatus, Part, SittingStatus
from exams.models import Sitting
from exams.tasks import task_run_daily_exam_jobs, task_submit_expired_sittings
from tests.factories.exams import exam_week, registered

pytestmark = pytest.mark.django_db


def test_beat_task_submits_parts_past_their_deadline(approval, week, exam_bank):
    mc = registered(approval, week).sittings.get(part=Part.MC)
    services.start(mc, actor=approval.candidate)
    Sitting.objects.filter(pk=mc.pk).update(deadline=timezone.now() - dt.timedelta(seconds=5))
    assert task_submit_expired_sittings() == 1
    assert task_submit_expired_sittings() == 0
    mc.refresh_from_db()
    assert (mc.status, mc.auto_submitted, str(mc.score_percent)) == (
        SittingStatus.SCORED,
        True,
        "0.0",
    )


def test_daily_job_reminds_a_week_and_a_day_before_and_ends_old_approvals(
    approval, association, outbox
):
    week = exam_week(association, starts_in=7, name="Next week")
    services.register(approval, week, actor=approval.candidate)
    assert task_run_daily_exam_jobs() == {"expired": 0, "reminders": 1}
    assert task_run_daily_exam_jobs() == {"expired": 0, "reminders": 0}
    assert outbox()[-1].subject == "Your exam week starts in a week"
    assert services.send_reminders(on=week.starts_on - dt.timedelta(days=1)) == 1
    assert outbox()[-1].subject == "Your exam week starts tomorrow"
    approval.valid_until = timezone.localdate() - dt.timedelta(days=1)
    approval.save()
    assert task_run_daily_exam_jobs()["expired"] == 1
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.EXPIRED
    assert outbox()[-1].subject == "Your approval to sit the exam has ended"
