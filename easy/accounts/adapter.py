from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from easy.lib.proxies import client_ip
from easy.lib.tokens import random_key
from easy.notifications.enums import Event
from easy.notifications.services import queue_message

#: allauth's emails that carry a one-time link, by template; their stored text is blanked once
#: the link is used or expires (easy/notifications/account_links.py).
LINK_EVENTS = {
    "account/email/password_reset_key": Event.PASSWORD_RESET,
    "account/email/email_confirmation": Event.EMAIL_VERIFICATION,
    "account/email/email_confirmation_signup": Event.EMAIL_VERIFICATION,
}


class AccountAdapter(DefaultAccountAdapter):
    """Account emails (verification, password reset) go through the outbox and a Celery task,
    never sent from inside the web request. Rate limits count per client address as
    ``easy.lib.proxies.client_ip`` finds it behind the configured proxies (also when a request
    did not pass through ``ClientAddressMiddleware``)."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's templates greet with ``current_site.name`` ("Hello from …!"); without the
        # Sites framework it is the portal's name and address from settings.
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        context = {"email": email, "current_site": site, **context}
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
