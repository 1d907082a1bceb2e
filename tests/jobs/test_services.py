import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from easy.jobs import services
from easy.jobs.enums import JobStatus
from easy.jobs.models import Job
from easy.jobs.tasks import task_make_file, task_sweep_files
from easy.notifications.models import OutboundEmail
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_task_makes_the_file_and_records_progress(numbers_kind, django_capture_on_commit_callbacks):
    ada = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start("numbers", actor=ada, params={"lines": 250})

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 250, 250, 100)
    assert job.filename == "numbers.txt"
    with default_storage.open(job.file_name) as stored:
        assert stored.read().decode().splitlines()[-1] == "249"
    assert job.expires_at - job.finished_at == dt.timedelta(hours=24)


def test_task_run_twice_makes_the_file_once(numbers_kind):
    job = services.start("numbers", actor=UserFactory(), params={"lines": 5})

    task_make_file(job_id=job.pk)
    first = Job.objects.get(pk=job.pk).file_name
    task_make_file(job_id=job.pk)

    assert Job.objects.get(pk=job.pk).file_name == first
    assert default_storage.listdir(f"jobs/{job.uuid}")[1] == ["numbers.txt"]


def test_same_key_reuses_the_finished_file_for_another_person(numbers_kind):
    first = services.start("numbers", actor=UserFactory(), params={"lines": 5}, key="k:1")
    task_make_file(job_id=first.pk)
    bo = UserFactory()

    second = services.start("numbers", actor=bo, params={"lines": 5}, key="k:1")

    assert second.pk != first.pk
    assert (second.owner, second.status) == (bo, "done")
    assert second.file_name == Job.objects.get(pk=first.pk).file_name


def test_double_click_returns_the_open_job(numbers_kind):
    ada = UserFactory()
    first = services.start("numbers", actor=ada, params={"lines": 5}, key="k:2")

    again = services.start("numbers", actor=ada, params={"lines": 5}, key="k:2")

    assert again.pk == first.pk
    assert Job.objects.filter(key="k:2").count() == 1


def test_failure_is_recorded_with_its_reason(numbers_kind):
    job = services.start("broken", actor=UserFactory())

    task_make_file(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "the data source is not reachable")


def test_long_job_emails_the_link(numbers_kind, settings):
    settings.JOB_EMAIL_AFTER_SECONDS = 0
    ada = UserFactory(full_name="Ada Applicant", email="ada@example.org")
    job = services.start("numbers", actor=ada, params={"lines": 5})

    task_make_file(job_id=job.pk)

    email = OutboundEmail.objects.get(key=f"file-ready:{job.uuid}")
    assert email.to == "ada@example.org"
    assert f"/files/{job.uuid}/" in email.body_text
    assert "Numbers" in email.subject


def test_sweep_starts_lost_jobs_and_deletes_expired_files(numbers_kind):
    lost = services.start("numbers", actor=UserFactory(), params={"lines": 5})
    Job.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    old = services.start("numbers", actor=UserFactory(), params={"lines": 5})
    task_make_file(job_id=old.pk)
    old.refresh_from_db()
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    result = task_sweep_files()

    assert result == {"requeued": 1, "expired": 1}
    assert Job.objects.get(pk=lost.pk).status == JobStatus.DONE
    assert Job.objects.get(pk=old.pk).status == JobStatus.EXPIRED
    assert not default_storage.exists(old.file_name)


def test_shared_file_stays_until_its_last_job_expires(numbers_kind):
    first = services.start("numbers", actor=UserFactory(), params={"lines": 5}, key="k:3")
    task_make_file(job_id=first.pk)
    second = services.start("numbers", actor=UserFactory(), params={"lines": 5}, key="k:3")
    Job.objects.filter(pk=first.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    Job.objects.filter(pk=second.pk).update(expires_at=timezone.now() + dt.timedelta(hours=1))

    services.expire()

    assert default_storage.exists(second.file_name)


def test_transition_refuses_a_change_the_workflow_does_not_allow(numbers_kind):
    job = services.start("numbers", actor=UserFactory(), params={"lines": 5})

    with pytest.raises(services.JobError):
        services.transition(job, JobStatus.DONE)
