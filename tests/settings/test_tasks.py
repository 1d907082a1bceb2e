"""Every Celery task is stopped after a while; the email task well within its claim's lease."""

from django.conf import settings

from easy.celery_app import app


def project_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith("easy.")}


def test_every_task_has_a_soft_and_a_hard_time_limit():
    limits = {
        name: (
            task.soft_time_limit or app.conf.task_soft_time_limit,
            task.time_limit or app.conf.task_time_limit,
        )
        for name, task in project_tasks().items()
    }

    assert len(limits) >= 8
    assert {name for name, (soft, hard) in limits.items() if not (soft and hard)} == set()
    assert {name for name, (soft, hard) in limits.items() if soft >= hard} == set()


def test_email_task_is_stopped_before_its_claim_runs_out():
    task = project_tasks()["easy.notifications.send_email"]

    assert (task.soft_time_limit, task.time_limit) == (60, 65)  # EMAIL_TIMEOUT 20 s
    assert task.time_limit < settings.EMAIL_LEASE_SECONDS == 300


def test_mail_server_conversation_has_a_timeout():
    assert settings.EMAIL_TIMEOUT == 20


def test_sweep_runs_every_minute_from_beat():
    schedule = {job["task"]: job["schedule"] for job in settings.CELERY_BEAT_SCHEDULE.values()}

    assert schedule["easy.notifications.requeue"] == 60.0
    assert "easy.notifications.blank_expired_account_links" in schedule
