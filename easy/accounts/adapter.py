from allauth.account.adapter import DefaultAccountAdapter

from easy.lib.tokens import random_key
from easy.notifications.enums import Event
from easy.notifications.services import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """Account emails (verification, password reset) go through the outbox and a Celery task,
    never sent from inside the web request."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        queue_message(
            event=Event.WELCOME,
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            key=f"account:{template_prefix}:{email}:{random_key(12)}",
        )
