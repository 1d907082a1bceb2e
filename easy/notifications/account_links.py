"""Account emails whose one-time link stopped working lose their text.

A password-reset link is dead once the password changes (its token depends on the password);
a verification link is pointless once the address is confirmed; both expire after a few days.
The stored copy of such an email would otherwise keep a working secret (for the reset: until the
password changes) or personal data longer than needed. Emails not yet sent are cancelled.
"""

from datetime import timedelta

from allauth.account import app_settings as allauth_settings
from allauth.account.signals import email_confirmed, password_changed, password_reset, password_set
from django.conf import settings
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from .enums import Event
from .models import OutboundEmail
from .services import cancel_pending, redact

LINK_REMOVED = (
    "This email carried a one-time link to your account. The link was used or has expired, "
    "so the text of the email was removed."
)


def blank_links(event: Event, addresses: set[str]) -> int:
    """Cancel the unsent ``event`` emails to ``addresses`` and blank the sent ones.
    Returns how many were blanked."""
    if not addresses:
        return 0
    to = Q()
    for address in addresses:
        to |= Q(to__iexact=address)
    emails = OutboundEmail.objects.filter(to, event=event)
    cancel_pending(emails)
    return redact(emails, LINK_REMOVED)


def blank_expired_links(*, now=None) -> int:
    """The hourly job: blank reset and verification emails older than their links' lifetime.
    Returns how many were blanked."""
    now = now or timezone.now()
    lifetimes = {
        Event.PASSWORD_RESET: timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        Event.EMAIL_VERIFICATION: timedelta(days=allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS),
    }
    blanked = 0
    for event, lifetime in lifetimes.items():
        emails = OutboundEmail.objects.filter(event=event, created_at__lt=now - lifetime)
        cancel_pending(emails)
        blanked += redact(emails.exclude(body_text=LINK_REMOVED), LINK_REMOVED)
    return blanked


def _addresses(user) -> set[str]:
    return {user.email, *user.emailaddress_set.values_list("email", flat=True)} - {""}


@receiver(password_reset)
@receiver(password_changed)
@receiver(password_set)
def _password_changed(sender, request, user, **kwargs) -> None:
    blank_links(Event.PASSWORD_RESET, _addresses(user))


@receiver(email_confirmed)
def _email_confirmed(sender, request, email_address, **kwargs) -> None:
    blank_links(Event.EMAIL_VERIFICATION, {email_address.email})
