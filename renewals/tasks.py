"""Background work of the renewal cycle: the daily job and the reminder emails."""

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(name="easy.renewals.daily")
def task_run_renewal_cycle(*, as_of: str | None = None) -> dict:
    """The daily job: overdue endorsements expire, unrenewed ones lapse at the end of grace,
    reminders are recorded (each once per person, year and kind). ``as_of`` (YYYY-MM-DD)
    replays a given day."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    return {str(k): v for k, v in services.run_daily(as_of=day).items()}


@shared_task(
    name="easy.renewals.send_reminders",
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def task_send_renewal_reminders(*, reminder_ids: list[int]) -> int:
    """Render and queue the emails of recorded reminders. Safe to run twice."""
    return services.send_reminders(reminder_ids)
