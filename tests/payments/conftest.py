"""Payments fixtures: Wisconsin's fees, a payer, signed webhook posts, and localstripe.

localstripe runs once per test session as a subprocess on a free port, launched through
``localstripe_checkout.py`` (which adds Checkout Sessions, missing from localstripe itself).
"""

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from easy.accounts.enums import Role
from tests.conftest import skip_or_fail
from tests.factories.accounts import UserFactory, staff
from tests.factories.payments import wisconsin_fees

WEBHOOK_SECRET = "whsec_test_secret_for_the_suite"
STRIPE_KEY = "sk_test_localstripe"


@pytest.fixture
def fees(association):
    wisconsin_fees(association)


@pytest.fixture
def payer(db):
    return UserFactory(full_name="Avery Applicant", email="avery@example.org")


@pytest.fixture
def admin_of_other(other_association):
    return staff(other_association, Role.ASSOCIATION_ADMIN)


@pytest.fixture
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return WEBHOOK_SECRET


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """Stripe's scheme: ``t=<unix time>,v1=<HMAC-SHA256 of "t.payload" with the secret>``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


@pytest.fixture
def post_event(client, webhook_secret):
    """POST an event to the webhook, signed like Stripe signs it (or with ``secret``)."""

    def post(event: dict, *, secret: str = WEBHOOK_SECRET, header: str | None = None):
        payload = json.dumps(event)
        return client.post(
            reverse("payments:stripe_webhook"),
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=header or signature_header(payload, secret),
        )

    return post


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    request = urllib.request.Request(  # noqa: S310 (our own localstripe URL)
        f"{url}/v1/customers", headers={"Authorization": f"Bearer {STRIPE_KEY}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=1) as response:  # noqa: S310 (our own URL)
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def localstripe_url():
    port = _free_port()
    script = Path(__file__).with_name("localstripe_checkout.py")
    try:
        process = subprocess.Popen(
            [sys.executable, str(script), "--port", str(port), "--from-scratch"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        skip_or_fail(f"localstripe could not start: {exc}")
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 20
    while not _answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            skip_or_fail("localstripe did not answer within 20 seconds")
        time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def localstripe(settings, localstripe_url, webhook_secret):
    """Settings for real card payments, with the real stripe library pointed at localstripe."""
    settings.PAYMENTS_TEST_MODE = False
    settings.STRIPE_SECRET_KEY = STRIPE_KEY
    settings.STRIPE_API_BASE = localstripe_url
    return localstripe_url


def localstripe_call(url: str, path: str, data: dict | None = None) -> dict:
    """A raw HTTP call to localstripe for what the customer (or the test) does on Stripe."""
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(  # noqa: S310 (our own localstripe URL)
        f"{url}{path}",
        data=body,
        method="POST" if body is not None else "GET",
        headers={"Authorization": f"Bearer {STRIPE_KEY}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own URL)
        body = response.read()
        return json.loads(body) if body else {}
