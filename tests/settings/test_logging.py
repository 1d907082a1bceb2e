"""Secrets carried in URL paths (rater links, account keys) never reach the logs."""

import io
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from easy.lib.log_filters import RedactSecretsFilter, redact_secrets
from tests.service_support import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "tok-9f8e7d6c5b4a3210"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (f"/references/r/{TOKEN}/", "/references/r/[redacted]/"),
        (f"/references/r/{TOKEN}/decline/?x=1", "/references/r/[redacted]/decline/?x=1"),
        (f"/accounts/password/reset/key/3-{TOKEN}/", "/accounts/password/reset/key/[redacted]/"),
        (f"/accounts/confirm-email/{TOKEN}/", "/accounts/confirm-email/[redacted]/"),
        (f"/documents/{TOKEN}/", "/documents/[redacted]/"),
        ("/references/42/7/link/", "/references/42/7/link/"),
    ],
)
def test_secret_path_segments_are_redacted(path, logged):
    assert redact_secrets(f'"GET {path} HTTP/1.1" 200') == f'"GET {logged} HTTP/1.1" 200'


def test_filter_redacts_message_tuple_arguments_and_mapping_arguments_in_place():
    class Atoms(dict):  # like gunicorn's: answers "-" for what the request did not have
        def __missing__(self, key):
            return "-"

    atoms = Atoms(r=f"GET /references/r/{TOKEN}/ HTTP/1.1", s="200", f=f"/references/r/{TOKEN}/")
    records = [
        logging.LogRecord("x", logging.INFO, "", 0, f"Not Found: /references/r/{TOKEN}/", (), None),
        logging.LogRecord(
            "x", logging.INFO, "", 0, '"%s" %s', (f"GET /documents/{TOKEN}/", 404), None
        ),
        logging.LogRecord("x", logging.INFO, "", 0, '"%(r)s" %(s)s "%(f)s" %(a)s', (atoms,), None),
    ]

    for record in records:
        assert RedactSecretsFilter().filter(record) is True

    assert [r.getMessage() for r in records] == [
        "Not Found: /references/r/[redacted]/",
        '"GET /documents/[redacted]/" 404',
        '"GET /references/r/[redacted]/ HTTP/1.1" 200 "/references/r/[redacted]/" -',
    ]
    assert isinstance(records[2].args, Atoms)


def test_development_server_request_log_hides_rater_tokens():
    logger = logging.getLogger("django.server")
    # (pytest adds its own capturing handler next to the configured one)
    (handler,) = [h for h in logger.handlers if type(h) is logging.StreamHandler]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logger.info('"%s" %s %s', f"GET /references/r/{TOKEN}/ HTTP/1.1", 200, 1234)
    finally:
        handler.setStream(previous)

    assert stream.getvalue().endswith('"GET /references/r/[redacted]/ HTTP/1.1" 200 1234\n')


def test_gunicorn_access_log_hides_rater_tokens():
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "easy.settings.test",
        "DATABASE_URL": "sqlite:///:memory:",
        "PYTHONPATH": str(ROOT),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "easy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "easy.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/references/r/{TOKEN}/",
            headers={"Referer": f"http://127.0.0.1:{port}/references/r/{TOKEN}/decline/"},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                # (a fixed http:// address: no other scheme can reach urlopen)
                status = urllib.request.urlopen(request, timeout=10).status  # noqa: S310
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
                continue
            break
        time.sleep(0.5)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()

    access = [line for line in output.splitlines() if "/references/r/" in line and "GET" in line]
    assert status in (404, 500)  # no such link; the database is empty
    assert len(access) == 1, output
    assert f'"GET /references/r/[redacted]/ HTTP/1.1" {status}' in access[0]
    assert "/references/r/[redacted]/decline/" in access[0]
    assert TOKEN not in output
