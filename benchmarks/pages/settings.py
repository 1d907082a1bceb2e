"""The portal as the benchmark serves it: test settings (no outside service), with what
production does for speed (DEBUG off, cached templates, persistent connections), plus the plain
comparison page's URL and template."""

from easy.settings.test import *  # noqa: F403
from easy.settings.test import BASE_DIR, DATABASES, TEMPLATES

ROOT_URLCONF = "benchmarks.pages.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES["default"]["CONN_MAX_AGE"] = 600
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "pages" / "templates"]
# One request at a time per process; nothing to log but errors.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
