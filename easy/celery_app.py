"""Celery application: tasks are autodiscovered from every installed app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "easy.settings.local")

app = Celery("easy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
