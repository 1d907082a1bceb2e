"""`make run`: SQLite, files on disk, Celery eager, mail on the console. No outside service."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Demo staff accounts need a second factor; locally the code 123456 is accepted as well as the
# authenticator app's. allauth refuses this setting when DEBUG is off.
MFA_TOTP_INSECURE_BYPASS_CODE = env.str("MFA_TOTP_INSECURE_BYPASS_CODE", default="123456") or None
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
# Static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
