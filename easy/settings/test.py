"""Settings for the test suite: fast hashing, mail in memory, files in a temporary folder.

DATABASE_URL selects PostgreSQL (CI); without it the suite runs on SQLite.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
os.environ.setdefault("EMAIL_URL", "memorymail://")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
if not os.environ.get("MEDIA_ROOT"):
    # One folder per test run, removed when the process that made it ends (a worker started by
    # the service tests inherits the variable and leaves the folder alone).
    _media_root = tempfile.mkdtemp(prefix="easy-test-media-")
    os.environ["MEDIA_ROOT"] = _media_root
    atexit.register(shutil.rmtree, _media_root, ignore_errors=True)

if not os.environ.get("ISSUER_KEYS_DIR"):
    # Signing keys: an empty folder per run, never the developer's var/issuer-keys from make run
    # (a test that needs a key makes one).
    _keys_dir = tempfile.mkdtemp(prefix="easy-test-issuer-keys-")
    os.environ["ISSUER_KEYS_DIR"] = _keys_dir
    atexit.register(shutil.rmtree, _keys_dir, ignore_errors=True)

from .base import *  # noqa: F403

DEBUG = False
# Tasks run eagerly in tests; the service tests start a real worker on CELERY_BROKER_URL and
# switch eager mode off for their duration (tests/service_support.py).
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS}  # noqa: F405  (tests that need limits set them)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAYMENTS_TEST_MODE = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
