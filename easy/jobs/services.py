"""Every write to a background file job: start, run, expire.

A job's status changes only through ``transition``. Making the file happens in the Celery task
``task_make_file`` (``tasks.py``), never in the request that asked for it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from easy.audit.services import record
from easy.lib.tasks import publish
from easy.notifications.enums import Event
from easy.notifications.services import queue_email

from . import tasks  # tasks.py imports this module back; only its functions are used here
from .enums import TRANSITIONS, JobStatus
from .models import Job
from .registry import maker_for

log = logging.getLogger(__name__)


class JobError(Exception):
    """A change of a job's status that its workflow does not allow."""


def can_transition(job: Job, to: str) -> bool:
    return to in TRANSITIONS.get(job.status, set())


def transition(job: Job, to: str, *, actor=None, reason: str = "", **fields) -> Job:
    """Move ``job`` to status ``to`` (saving ``fields`` with it). Side effects: one UPDATE."""
    if not can_transition(job, to):
        raise JobError(f"A background file cannot go from {job.status} to {to}.")
    job.status = to
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", *fields])
    return job


def start(kind: str, *, actor, params: dict | None = None, key: str = "") -> Job:
    """A job making a file of ``kind`` for ``actor``, queued for a worker after commit.

    With a ``key``: an open job of the same person and key is returned as it is (a double
    click makes one file), and a finished, unexpired file with that key is handed out again
    without being made anew. Side effects: a ``Job`` row, an audit row, one task on commit.
    """
    maker = maker_for(kind)
    with transaction.atomic():
        if key:
            open_job = Job.objects.filter(
                owner=actor, key=key, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
            ).first()
            if open_job is not None:
                return open_job
            made = (
                Job.objects.filter(key=key, status=JobStatus.DONE, expires_at__gt=timezone.now())
                .order_by("-finished_at")
                .first()
            )
            if made is not None:
                return _copy_for(made, actor, params or {})
        job = Job.objects.create(kind=kind, key=key, owner=actor, params=params or {})
        record(actor, f"{maker.kind} file requested", job, data={"params": job.params})
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _copy_for(made: Job, actor, params: dict) -> Job:
    """A finished file handed to another person: a job of their own (with their own
    ``params``, which decide whether they may still see it) pointing at the same file."""
    if made.owner_id == actor.pk:
        return made
    return Job.objects.create(
        kind=made.kind,
        key=made.key,
        owner=actor,
        params=params,
        status=JobStatus.DONE,
        done=made.done,
        total=made.total,
        file_name=made.file_name,
        filename=made.filename,
        content_type=made.content_type,
        size=made.size,
        started_at=made.started_at,
        finished_at=made.finished_at,
        expires_at=made.expires_at,
    )


def _enqueue(job_id: int) -> None:
    # A broker that is down is logged by publish(); the sweep starts the job once it is back.
    publish(tasks.task_make_file, {"job_id": job_id})


def progress(job: Job, done: int, total: int) -> None:
    """Record how far the job is (a cheap UPDATE; called every few hundred rows)."""
    Job.objects.filter(pk=job.pk).update(done=done, total=total)


def run(job_id: int) -> Job | None:
    """Make the file of a queued job. Idempotent: a job another worker runs, or one already
    finished, is left alone. Side effects: the file in the document store; the job's status;
    an email to the owner when it took longer than ``JOB_EMAIL_AFTER_SECONDS``."""
    with transaction.atomic():
        job = Job.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None
        transition(job, JobStatus.RUNNING, started_at=timezone.now())
    maker = maker_for(job.kind)
    try:
        output = maker.make(job, lambda done, total: progress(job, done, total))
    except Exception as exc:
        log.exception("background file %s (%s) failed", job.uuid, job.kind)
        return transition(job, JobStatus.FAILED, message=str(exc)[:500], finished_at=timezone.now())
    name = default_storage.save(f"jobs/{job.uuid}/{output.filename}", ContentFile(output.content))
    finished = timezone.now()
    job.refresh_from_db(fields=["done", "total"])
    transition(
        job,
        JobStatus.DONE,
        file_name=name,
        filename=output.filename,
        content_type=output.content_type,
        size=len(output.content),
        done=max(job.done, job.total),
        finished_at=finished,
        expires_at=finished + timedelta(hours=settings.JOB_FILE_HOURS),
    )
    if (finished - job.started_at).total_seconds() >= settings.JOB_EMAIL_AFTER_SECONDS:
        _email_ready(job)
    return job


def _email_ready(job: Job) -> None:
    maker = maker_for(job.kind)
    queue_email(
        event=Event.FILE_READY,
        to=job.owner.email,
        template="file-ready",
        context={
            "name": job.owner.full_name,
            "label": maker.label,
            "url": settings.SITE_URL + reverse("jobs:progress", kwargs={"uuid": job.uuid}),
            "hours": settings.JOB_FILE_HOURS,
        },
        key=f"file-ready:{job.uuid}",
        language=getattr(job.owner, "language", "") or "en",
    )
    Job.objects.filter(pk=job.pk).update(emailed=True)


def requeue_stuck(*, now: datetime | None = None) -> int:
    """Queue again jobs whose task was lost (broker down, worker killed): queued for over a
    minute, or running for longer than the task's hard limit."""
    now = now or timezone.now()
    lost = list(
        Job.objects.filter(
            status=JobStatus.QUEUED, created_at__lt=now - timedelta(minutes=1)
        ).values_list("pk", flat=True)[:200]
    )
    dead = Job.objects.filter(
        status=JobStatus.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.JOB_TIME_LIMIT + 60),
    )
    for job in dead:
        transition(job, JobStatus.QUEUED, message="")
        lost.append(job.pk)
    for pk in lost:
        _enqueue(pk)
    return len(lost)


def expire(*, now: datetime | None = None) -> int:
    """Delete the files of jobs past their time; a file shared by several jobs goes with the
    last of them. Side effects: files removed; jobs marked expired."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(status=JobStatus.DONE, expires_at__lte=now).iterator():
        transition(job, JobStatus.EXPIRED)
        still_used = Job.objects.filter(file_name=job.file_name, status=JobStatus.DONE).exists()
        if job.file_name and not still_used and default_storage.exists(job.file_name):
            default_storage.delete(job.file_name)
        count += 1
    return count
