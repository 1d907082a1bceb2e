"""Production: every secret from the environment, HTTPS only, nothing in test mode.

Start-up stops with a message naming the variable when a required value is missing or malformed.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env
from .env import env_secret

DEBUG = False
SECRET_KEY = env_secret("SECRET_KEY")
if SECRET_KEY.startswith("local-development") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the host names the site answers.")
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("DATABASE_URL is not set: production runs on PostgreSQL.")
if PAYMENTS_TEST_MODE:  # noqa: F405
    raise ImproperlyConfigured(
        "Payments are in test mode: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET "
        "(and leave PAYMENTS_TEST_MODE unset) before running in production."
    )
if not STRIPE_WEBHOOK_SECRET:  # noqa: F405
    raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# One cache for every process, so sign-in rate limits (allauth counts in the cache) hold across
# gunicorn workers and servers: Redis, by default the broker's.
_cache_url = (
    env.str("CACHE_URL", default="")
    or env.str("REDIS_URL", default="")
    or env.str("CELERY_BROKER_URL", default="")
)
if not _cache_url.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(
        "CACHE_URL is not set to a Redis URL (nor REDIS_URL, nor CELERY_BROKER_URL): rate limits "
        "must be shared between processes. Example: CACHE_URL=redis://redis:6379/1"
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _cache_url,
        "KEY_PREFIX": "easy",
    }
}
# Persistent database connections (checked before reuse) and templates compiled once per process.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
