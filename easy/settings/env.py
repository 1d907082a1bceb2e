"""Reading the environment, failing loudly and clearly on a bad value.

A malformed value (a DATABASE_URL that is not a URL, a secret that is missing in production)
stops start-up with ``ImproperlyConfigured`` naming the variable, never a traceback deep in a
driver.
"""

import os
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
_env_file = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if Path(_env_file).is_file():
    environ.Env.read_env(_env_file, overwrite=False)

_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
_EMAIL_SCHEMES = {
    "smtp",
    "smtps",
    "smtp+tls",
    "smtp+ssl",
    "consolemail",
    "filemail",
    "memorymail",
    "dummymail",
}


def env_secret(name: str, *, default: Any = environ.Env.NOTSET) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    try:
        return env.str(name, default=default)
    except ImproperlyConfigured:
        raise ImproperlyConfigured(f"{name} is not set: this setting is required.") from None


def env_database(*, default: str) -> dict:
    raw = os.environ.get("DATABASE_URL", default)
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in _DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL is malformed ({raw!r}): expected postgres://user@host:port/name "
            "or sqlite:///path."
        )
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({raw!r}): {exc}") from exc
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL has no database name ({raw!r}).")
    config.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
    config.setdefault("ATOMIC_REQUESTS", False)
    return config


def env_email(*, default: str) -> dict:
    raw = os.environ.get("EMAIL_URL", default)
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in _EMAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL is malformed ({raw!r}): expected smtp://user:password@host:port "
            "or consolemail://."
        )
    config = environ.Env.email_url_config(raw)
    return {key: value for key, value in config.items() if key.startswith("EMAIL_")}
