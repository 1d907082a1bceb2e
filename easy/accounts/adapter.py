import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from easy.lib.tokens import random_key
from easy.notifications.enums import Event
from easy.notifications.services import queue_message

#: allauth's emails that carry a one-time link, by template; their stored text is blanked once
#: the link is used or expires (easy/notifications/accounts.py).
LINK_EVENTS = {
    "account/email/password_reset_key": Event.PASSWORD_RESET,
    "account/email/email_confirmation": Event.EMAIL_VERIFICATION,
    "account/email/email_confirmation_signup": Event.EMAIL_VERIFICATION,
}


def _ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's address: with ``TRUSTED_PROXY_COUNT`` proxies in front, each appending the
    address it received the request from to X-Forwarded-For, the client is the entry that many
    places from the end; entries before it were written by the client and may be forged."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return remote
    forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: a proxy sent the request on without adding one; the
    # earliest address is the best there is.
    return _ip(forwarded[-min(proxies, len(forwarded))]) or remote


class AccountAdapter(DefaultAccountAdapter):
    """Account emails (verification, password reset) go through the outbox and a Celery task,
    never sent from inside the web request. Rate limits count per client address as
    ``client_ip`` finds it behind the configured proxies."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        queue_message(
            event=LINK_EVENTS.get(template_prefix, Event.WELCOME),
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            key=f"account:{template_prefix}:{email}:{random_key(12)}",
        )

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request) or super().get_client_ip(request)
