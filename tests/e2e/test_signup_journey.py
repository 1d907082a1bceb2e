import re

import pytest
from django.core import mail

from easy.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_verify_email_sign_in_reaches_dashboard(page):
    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()

    page.get_by_label("Email").fill("new.person@example.org")
    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Password", exact=True).fill("a-long-passphrase-42")
    page.get_by_label("Password (again)").fill("a-long-passphrase-42")
    page.get_by_role("button", name="Sign Up").click()

    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", page.base_url))
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Email").fill("new.person@example.org")
    page.get_by_label("Password").fill("a-long-passphrase-42")
    page.get_by_role("button", name="Sign In", exact=True).click()

    page.get_by_role("heading", name="Hello, Nia Newcomer").wait_for()
    assert page.url == f"{page.base_url}/dashboard/"
    assert page.get_by_role("heading", name="Your endorsement").is_visible()
    assert User.objects.get(email="new.person@example.org").full_name == "Nia Newcomer"
