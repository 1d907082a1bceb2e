"""Work handed to Celery after commit never turns a saved change into an error page when the
broker is down (easy/lib/tasks.py)."""

import logging

import pytest
from django.urls import reverse

from easy.jobs.enums import JobStatus
from easy.jobs.models import Job
from easy.jobs.services import requeue_stuck
from tests.notifications.conftest import unreachable_broker

pytestmark = pytest.mark.django_db(transaction=True)


def test_export_started_while_the_broker_is_down_waits_and_is_made_later(
    client, coordinator, association, caplog
):
    client.force_login(coordinator)

    with unreachable_broker(), caplog.at_level(logging.WARNING, logger="easy.lib.tasks"):
        response = client.get(reverse("reviews:export", kwargs={"code": association.code}))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:progress", kwargs={"uuid": job.uuid})
    assert job.status == JobStatus.QUEUED
    assert "easy.jobs.make_file" in caplog.records[0].getMessage()
    assert "the broker is unreachable" in caplog.records[0].getMessage()

    Job.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
    requeue_stuck()  # beat's sweep, the broker back (eager mode here)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
