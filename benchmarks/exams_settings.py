"""Settings gunicorn runs with in ``bench_exams``: the test settings (no outside service) with
what production does for speed — no static-file rescans, persistent database connections,
only errors logged."""

from easy.settings.test import *  # noqa: F403
from easy.settings.test import DATABASES

DEBUG = False
WHITENOISE_AUTOREFRESH = False
WHITENOISE_USE_FINDERS = True  # scanned once at start (no autorefresh)
DATABASES["default"]["CONN_MAX_AGE"] = 600
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
