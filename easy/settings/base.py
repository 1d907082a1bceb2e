"""Settings shared by every environment. Values come from the environment (django-environ).

Each variable is listed with a safe default in .env.example. A value that cannot be parsed stops
start-up with a message that names the variable (see ``easy.settings.env``).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env, env_database, env_email, env_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_secret("SECRET_KEY", default="local-development-only-not-secret")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Endorsement Portal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "storages",
    "django_htmx",
    "easy.accounts",
    "easy.audit",
    "easy.notifications",
    "easy.jobs",
    "payments",
    "endorsements",
    "applications",
    "references",
    "reviews",
    "exams",
    "renewals",
]

MIDDLEWARE = [
    "easy.lib.proxies.ClientAddressMiddleware",  # REMOTE_ADDR: the client, behind proxies
    "django.middleware.security.SecurityMiddleware",
    "easy.lib.uploads.RequestBodyLimitMiddleware",  # 413 before an oversized body is read
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "easy.accounts.language.UserLanguageMiddleware",  # the profile's language, once signed in
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx
    "easy.accounts.middleware.StaffSessionMiddleware",
]

ROOT_URLCONF = "easy.urls"
WSGI_APPLICATION = "easy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "easy.accounts.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env_database(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: email is the login, every address is verified before sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "easy.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "easy.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins per client address and per account; allauth answers 429 beyond these.
    "login_failed": env.str("RATE_LIMIT_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Reverse proxies in front of the portal that append the client's address to
# X-Forwarded-For; 0 (no proxy) uses the connection's address. Rate limits count per client
# address, so a wrong value either locks everyone out together or lets X-Forwarded-For be forged.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = SITE_NAME
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Staff sessions end after this many idle minutes, and when the browser closes.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# One date format across the portal per language (easy/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["easy.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Detroit")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Documents (transcripts, proofs, receipts) go to S3 when STORAGE_BUCKET is set, otherwise to
# MEDIA_ROOT. The bucket is private: links are signed and short-lived; names never overwrite.
STORAGE_BUCKET = env.str("STORAGE_BUCKET", default="")
if STORAGE_BUCKET:
    DOCUMENTS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env.str("STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": env.str("STORAGE_REGION", default="us-east-1"),
            "access_key": env_secret("STORAGE_ACCESS_KEY", default=""),
            "secret_key": env_secret("STORAGE_SECRET_KEY", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("STORAGE_LINK_SECONDS", default=300),
            "file_overwrite": False,
            "addressing_style": "path",
        },
    }
else:
    DOCUMENTS_STORAGE = {
        "BACKEND": "easy.lib.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": DOCUMENTS_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DOCUMENT_LINK_SECONDS = env.int("STORAGE_LINK_SECONDS", default=300)
# What an uploaded document may do (easy/lib/uploads.py): PDF streams inflate to at most this
# much in total; an image has at most this many pixels (a 600 dpi letter scan has 34 million).
DOCUMENT_MAX_INFLATED_BYTES = env.int("DOCUMENT_MAX_INFLATED_BYTES", default=100 * 1024 * 1024)
DOCUMENT_MAX_PIXELS = env.int("DOCUMENT_MAX_PIXELS", default=50_000_000)
# A whole request body (one document plus the form) is refused with 413 above this, before it
# is read; the proxy (deploy/Caddyfile) enforces the same figure. Non-file fields are capped by
# Django's own DATA_UPLOAD_MAX_MEMORY_SIZE (4 MB: the training import posts back a 1 MB CSV
# URL-encoded, up to three times its size); files over FILE_UPLOAD_MAX_MEMORY_SIZE go to disk.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=DOCUMENT_MAX_BYTES + 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Mail: EMAIL_URL picks the backend (smtp://, consolemail://, dummymail://).
vars().update(env_email(default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Endorsement Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds each step of a conversation with the mail server may take (connect, each command).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The send task is stopped (soft, then hard) after a few such steps; a worker's claim on an
# email (its lease) outlasts the hard limit, so nobody takes over a row still being sent.
EMAIL_SEND_SOFT_TIME_LIMIT = 3 * EMAIL_TIMEOUT
EMAIL_SEND_TIME_LIMIT = EMAIL_SEND_SOFT_TIME_LIMIT + 5
EMAIL_LEASE_SECONDS = env.int("EMAIL_LEASE_SECONDS", default=300)
if EMAIL_LEASE_SECONDS <= EMAIL_SEND_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"EMAIL_LEASE_SECONDS ({EMAIL_LEASE_SECONDS}) must be longer than the send task's hard "
        f"time limit ({EMAIL_SEND_TIME_LIMIT} s, from EMAIL_TIMEOUT={EMAIL_TIMEOUT}), or a slow "
        "send could be taken over and the email sent twice."
    )

# Celery: without a broker every task runs at once, in the process that queued it.
_broker_url = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not _broker_url
# Eager mode never connects; naming the in-memory transport keeps Celery from guessing one.
CELERY_BROKER_URL = _broker_url or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "easy"
# Every task is stopped after these many seconds (soft: an exception it may handle; hard: the
# process is killed); tasks that must finish sooner set their own limits.
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# A web request that queues a task after its data committed must not hang on a broker that is
# down: fail fast (the email stays queued and the sweep sends it, see easy.notifications).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 10}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}  # each app adds its periodic jobs in easy/settings/beat.py
from .beat import BEAT_SCHEDULE  # noqa: E402  (kept in its own file so apps can add to it)

CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# Content-Security-Policy (django-csp 4): only our own scripts, styles and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'", "https://checkout.stripe.com"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Payments (Stripe). Without a secret key the portal runs a clearly labelled test mode.
STRIPE_SECRET_KEY = env_secret("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env_secret("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
PAYMENTS_TEST_MODE = env.bool("PAYMENTS_TEST_MODE", default=not STRIPE_SECRET_KEY)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Secrets in paths (a rater's link, account keys) never reach the logs: every handler and
    # the development server's request log redact them (gunicorn's: easy/gunicorn.conf.py).
    "filters": {"redact_secrets": {"()": "easy.lib.log_filters.RedactSecretsFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO; only its problems matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Background files (exports, PDFs, import reports): kept this many hours, then deleted; the
# person is emailed a link when making one took longer than JOB_EMAIL_AFTER_SECONDS.
JOB_FILE_HOURS = env.int("JOB_FILE_HOURS", default=24)
JOB_EMAIL_AFTER_SECONDS = env.int("JOB_EMAIL_AFTER_SECONDS", default=30)
JOB_TIME_LIMIT = env.int("JOB_TIME_LIMIT", default=900)
