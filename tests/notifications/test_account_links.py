"""Password-reset and verification emails lose their text once their link is used or expires."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import transaction
from django.utils import timezone

from easy.notifications.account_links import LINK_REMOVED, blank_expired_links
from easy.notifications.enums import EmailStatus, Event
from easy.notifications.models import OutboundEmail
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-new-long-passphrase-42"


def link_in(body: str, path: str) -> str:
    return re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]+)", body).group(1)


def test_password_reset_email_is_blanked_once_the_password_was_reset(client):
    user = UserFactory(email="pia@example.org")
    client.post("/accounts/password/reset/", {"email": "pia@example.org"})
    email = OutboundEmail.objects.get(event=Event.PASSWORD_RESET)
    assert (email.to, email.status) == ("pia@example.org", EmailStatus.SENT)
    link = link_in(email.body_text, "/accounts/password/reset/key/")

    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    email.refresh_from_db()
    assert (email.body_text, email.body_html, email.status) == (LINK_REMOVED, "", EmailStatus.SENT)
    # The message that went out carried the link; only the stored copy lost it.
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_verification_email_is_blanked_once_the_address_is_confirmed(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "noor@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "full_name": "Noor Newcomer",
        },
    )
    assert response.status_code == 302
    email = OutboundEmail.objects.get(event=Event.EMAIL_VERIFICATION)
    link = link_in(email.body_text, "/accounts/confirm-email/")

    client.post(link)

    assert EmailAddress.objects.get(email="noor@example.org").verified is True
    email.refresh_from_db()
    assert (email.body_text, email.body_html) == (LINK_REMOVED, "")


def test_expired_reset_and_verification_emails_are_blanked_and_unsent_ones_cancelled():
    def row(key, event, age, status=EmailStatus.SENT):
        email = OutboundEmail.objects.create(
            key=key,
            event=event,
            to=f"{key}@example.org",
            subject="S",
            body_text="https://portal.example/accounts/password/reset/key/1-abc/",
            body_html="<a>link</a>",
            status=status,
        )
        OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - age)
        return key

    old = timedelta(days=3, minutes=1)
    young = timedelta(days=2, hours=23)
    with transaction.atomic():  # the queued row's task never runs: as if the broker lost it
        row("reset-old", Event.PASSWORD_RESET, old)
        row("reset-young", Event.PASSWORD_RESET, young)
        row("verify-old", Event.EMAIL_VERIFICATION, old)
        row("verify-old-unsent", Event.EMAIL_VERIFICATION, old, EmailStatus.QUEUED)
        row("welcome-old", Event.WELCOME, old)

    blanked = blank_expired_links()

    assert blanked == 3
    rows = {e.key: (e.status, e.body_text == LINK_REMOVED) for e in OutboundEmail.objects.all()}
    assert rows == {
        "reset-old": (EmailStatus.SENT, True),
        "reset-young": (EmailStatus.SENT, False),
        "verify-old": (EmailStatus.SENT, True),
        "verify-old-unsent": (EmailStatus.CANCELLED, True),
        "welcome-old": (EmailStatus.SENT, False),
    }
    assert blank_expired_links() == 0  # already blanked rows are left alone
