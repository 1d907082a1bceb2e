"""Real services for the tests that must prove the paths through them: a Celery worker consuming
from Redis, and a local SMTP server (aiosmtpd) that stands in for the outside mail server."""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_redis() -> str:
    url = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:
        skip_or_fail(f"Redis is not reachable at {url}: {exc}")
    return url


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        skip_or_fail("a worker in another process needs a shared database: set DATABASE_URL")


class Inbox:
    """Messages received by the local SMTP server."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 30) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages


@contextmanager
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _forget_routing(app) -> None:
    """Celery caches its queues, router and connection pool on first use; drop them so the
    changed broker and default queue take effect."""
    for name in ("queues", "router", "default_queue"):
        app.amqp.__dict__.pop(name, None)
    app.amqp._rtable = None
    app.amqp._producer_pool = None
    app._pool = None


@contextmanager
def celery_worker(
    *, broker_url: str, email_url: str, extra_env: dict | None = None, queue: str = ""
):
    """Start ``celery worker`` in another process on a queue of its own (or ``queue``, to start
    a worker again on the queue of one that died), pointed at the test database; tasks queued
    meanwhile go through Redis to it (eager mode off)."""
    from easy.celery_app import app

    queue = queue or f"easy-test-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "easy.settings.test",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": email_url,
        "CELERY_BROKER_URL": broker_url,
        "PYTHONPATH": str(ROOT),
        **(extra_env or {}),
    }
    log = open(ROOT / f".worker-{queue}.log", "w+b")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "easy",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    saved = (
        app.conf.task_always_eager,
        app.conf.broker_url,
        app.conf.task_default_queue,
        settings.CELERY_TASK_ALWAYS_EAGER,
    )
    app.conf.task_always_eager = False
    app.conf.broker_url = broker_url
    app.conf.task_default_queue = queue
    _forget_routing(app)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            log.seek(0)
            if b"ready." in log.read():
                break
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"worker exited: {log.read().decode()[-2000:]}")
            time.sleep(0.2)
        else:
            raise RuntimeError("worker did not start in 60 s")
        yield process
    finally:
        (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue, _) = saved
        _forget_routing(app)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        if not os.environ.get("EASY_KEEP_WORKER_LOG"):
            Path(log.name).unlink(missing_ok=True)
