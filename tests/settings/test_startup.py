"""Start-up with production settings: clear refusals for bad configuration, clean deploy check."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "easy.settings.production",
    "SECRET_KEY": "p" * 20 + "-a-long-random-looking-production-secret-value-123",
    "ALLOWED_HOSTS": "endorse.example.org",
    "DATABASE_URL": "postgres://easy:pw@db.example.org:5432/easy",
    "STRIPE_SECRET_KEY": "sk_live_example",
    "STRIPE_WEBHOOK_SECRET": "whsec_example",
    "EMAIL_URL": "smtp://mail.example.org:587",
    "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    "ENV_FILE": "/nonexistent",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            (
                "DATABASE_URL",
                "SECRET_KEY",
                "STRIPE_",
                "ALLOWED_HOSTS",
                "DJANGO_SETTINGS_MODULE",
                "PAYMENTS_TEST_MODE",
                "CELERY_BROKER_URL",
                "CACHE_URL",
                "REDIS_URL",
                "EMAIL_TIMEOUT",
                "EMAIL_LEASE_SECONDS",
                "TRUSTED_PROXY_COUNT",
                # set by the browser tests' harness in this same process
                "DJANGO_ALLOW_ASYNC_UNSAFE",
            )
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"DATABASE_URL": "not a url"},
            "Configuration error: DATABASE_URL is malformed ('not a url')",
        ),
        ({"DATABASE_URL": "mysql//nohost"}, "Configuration error: DATABASE_URL is malformed"),
        ({"SECRET_KEY": None}, "Configuration error: SECRET_KEY is not set"),
        ({"SECRET_KEY": "short"}, "Configuration error: SECRET_KEY must be a random value"),
        (
            {"STRIPE_SECRET_KEY": None},
            "Configuration error: Payments are in test mode: set STRIPE_SECRET_KEY",
        ),
        ({"ALLOWED_HOSTS": ""}, "Configuration error: ALLOWED_HOSTS is not set"),
        ({"EMAIL_URL": "pigeon://loft"}, "Configuration error: EMAIL_URL is malformed"),
        (
            {"CELERY_BROKER_URL": None},
            "Configuration error: CACHE_URL is not set to a Redis URL",
        ),
        (
            {"EMAIL_LEASE_SECONDS": "60"},
            "Configuration error: EMAIL_LEASE_SECONDS (60) must be longer than the send task's "
            "hard time limit (65 s, from EMAIL_TIMEOUT=20)",
        ),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "Configuration error: TRUSTED_PROXY_COUNT must be 0"),
    ],
)
def test_bad_production_configuration_stops_start_up_with_a_clear_line(change, message):
    env = {**GOOD_ENV, **{k: v for k, v in change.items() if v is not None}}
    for key in [k for k, v in change.items() if v is None]:
        env.pop(key)

    result = manage("check", env=env)

    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_docker_compose_file_is_valid(tmp_path):
    if not shutil.which("docker-compose"):
        skip_or_fail("docker-compose is not installed (Debian package docker-compose)")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / "Dockerfile", tmp_path / "Dockerfile")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")

    result = subprocess.run(
        ["docker-compose", "config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    for service in ("web:", "worker:", "beat:", "db:", "redis:", "minio:", "mailcatcher:"):
        assert f"  {service}" in result.stdout
    assert "gunicorn easy.wsgi:application" in result.stdout
    assert result.stdout.count("healthcheck:") >= 7


PRINT_CACHE = (
    "from django.conf import settings; c = settings.CACHES['default']; "
    "print(c['BACKEND'], c['LOCATION'])"
)


@pytest.mark.parametrize(
    ("change", "location"),
    [
        ({}, "redis://redis.example.org:6379/0"),
        ({"REDIS_URL": "redis://cache.example.org:6379/0"}, "redis://cache.example.org:6379/0"),
        (
            {"REDIS_URL": "redis://cache.example.org:6379/0", "CACHE_URL": "redis://c:6379/1"},
            "redis://c:6379/1",
        ),
    ],
)
def test_production_cache_is_redis_shared_by_every_process(change, location):
    result = manage("shell", "--no-imports", "-c", PRINT_CACHE, env={**GOOD_ENV, **change})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", location]


PRINT_SPEED = (
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "t = settings.TEMPLATES[0]['OPTIONS']['loaders'][0]; "
    "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], t[0])"
)


def test_production_keeps_connections_and_compiled_templates():
    result = manage("shell", "--no-imports", "-c", PRINT_SPEED, env=GOOD_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60", "True", "django.template.loaders.cached.Loader"]
