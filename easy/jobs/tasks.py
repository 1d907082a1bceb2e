from celery import shared_task
from django.conf import settings

from . import services  # services imports this module too: names are looked up at call time


@shared_task(
    name="easy.jobs.make_file",
    soft_time_limit=settings.JOB_TIME_LIMIT - 30,
    time_limit=settings.JOB_TIME_LIMIT,
)
def task_make_file(*, job_id: int) -> str | None:
    job = services.run(job_id)
    return job.status if job else None


@shared_task(name="easy.jobs.sweep")
def task_sweep_files() -> dict:
    """Beat: start jobs whose task was lost, and delete expired files."""
    return {"requeued": services.requeue_stuck(), "expired": services.expire()}
