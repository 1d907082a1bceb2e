"""Periodic work of the review (Celery beat: see easy/settings/beat.py)."""

from celery import shared_task

from . import services


@shared_task(name="easy.reviews.send_reminders")
def task_send_review_reminders() -> int:
    """Remind reviewers of reviews due soon or overdue (idempotent: once per due reminder)."""
    return services.send_due_reminders()
