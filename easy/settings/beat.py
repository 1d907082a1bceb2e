"""Periodic jobs run by Celery beat. Each app's job is listed here by its task name."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # Emails a lost task, a broker outage or a dead worker left behind, and retries when due.
    "requeue-emails": {
        "task": "easy.notifications.requeue",
        "schedule": 60.0,
    },
    "blank-expired-account-links": {
        "task": "easy.notifications.blank_expired_account_links",
        "schedule": crontab(minute=41),
    },
    "background-files": {
        "task": "easy.jobs.sweep",
        "schedule": 120.0,
    },
    "purge-old-sent-emails": {
        "task": "easy.notifications.purge_sent",
        "schedule": crontab(hour=3, minute=17),
    },
    "reference-reminders": {
        "task": "easy.references.send_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    "review-reminders": {
        "task": "easy.reviews.send_reminders",
        "schedule": crontab(hour=8, minute=20),
    },
    "exam-submit-expired-sittings": {
        "task": "easy.exams.submit_expired",
        "schedule": 60.0,
    },
    "renewals-daily": {
        "task": "easy.renewals.daily",
        "schedule": crontab(hour=6, minute=50),
    },
    "exam-daily": {
        "task": "easy.exams.daily",
        "schedule": crontab(hour=7, minute=40),
    },
}
