"""Mail backends that fail the way real SMTP servers do, for the failure-path tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class DisconnectingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {m.to[0]: (550, b"mailbox unavailable") for m in messages}
        )


class TakeoverBackend(BaseEmailBackend):
    """Accepts the message, but only after another worker took the row over (its claim ran out
    meanwhile): the first worker must not record its outcome over the second's claim."""

    def send_messages(self, messages):
        from django.db.models import F

        from easy.notifications.models import OutboundEmail

        for message in messages:
            OutboundEmail.objects.filter(pk=int(message.extra_headers["X-Easy-Email-Id"])).update(
                attempts=F("attempts") + 1
            )
        return len(messages)
