import subprocess
from pathlib import Path

import pytest

from easy.notifications.models import OutboundEmail
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_sign_up_email_names_the_site(client, settings):
    settings.SITE_NAME = "Alliance Endorsement Portal"
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "full_name": "Ana Ruiz",
            "password1": "a-long-pass-2026!",
            "password2": "a-long-pass-2026!",
        },
    )
    assert response.status_code == 302
    email = OutboundEmail.objects.get(to="new@example.org")
    assert "Hello from Alliance Endorsement Portal!" in email.body_text
    assert "Hello from !" not in email.body_text


def test_password_reset_email_names_the_site(client, settings):
    settings.SITE_NAME = "Alliance Endorsement Portal"
    UserFactory(email="lee@example.org")
    client.post("/accounts/password/reset/", {"email": "lee@example.org"})
    email = OutboundEmail.objects.get(to="lee@example.org")
    assert "Hello from Alliance Endorsement Portal!" in email.body_text


def test_make_run_on_another_port_links_emails_and_sign_in_to_that_port():
    out = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8101}" in out
    assert "runserver 127.0.0.1:8101" in out
    assert "http://127.0.0.1:8101/accounts/login/" in out
