"""Background work of the exam (Celery beat runs both)."""

from celery import shared_task

from . import services


@shared_task(name="easy.exams.submit_expired")
def task_submit_expired_sittings() -> int:
    """Submit every part whose time is up (also done on the candidate's next request)."""
    return services.submit_expired()


@shared_task(name="easy.exams.daily")
def task_run_daily_exam_jobs() -> dict:
    """End approvals past their date; remind candidates a week and a day before. Idempotent."""
    return {
        "expired": services.expire_due_approvals(),
        "reminders": services.send_reminders(),
    }
