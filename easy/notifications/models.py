from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.utils import timezone

from .enums import EmailStatus, Event


class OutboundEmail(models.Model):
    """One email the portal means to send, rendered when queued and sent by a Celery task.

    ``key`` makes queuing idempotent: the same event for the same person and object is queued
    once. A worker claims the row (``sending`` until ``lease_until``) before it talks to the mail
    server, so two workers never send the same row; a worker that dies leaves the claim to run
    out, and the sweep queues the row again. Status changes only in
    ``easy.notifications.services``.
    """

    key = models.CharField(max_length=200, unique=True)
    event = models.CharField(max_length=40, choices=Event.choices)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    reply_to = models.EmailField(blank=True)
    status = models.CharField(
        max_length=16, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    #: Claims made so far; the number of the current claim, so a late worker cannot finish
    #: a claim that was taken over.
    attempts = models.PositiveSmallIntegerField(default=0)
    #: While ``sending``: the claim runs out then (the sweep queues the row again).
    lease_until = models.DateTimeField(null=True, blank=True)
    #: While ``queued`` or ``retrying``: when a worker should next try (the sweep looks here).
    due_at = models.DateTimeField(default=timezone.now)
    #: What the email is about (``<app_label>.<model>:<pk>``, see ``services.about_key``), so
    #: that the app can cancel what is still unsent once it no longer holds.
    about = models.CharField(max_length=120, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to", "-created_at"]),
            models.Index(fields=["status", "due_at"], name="notif_email_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"

    @property
    def is_sent(self) -> bool:
        """Delivered to the recipient's mail server."""
        return self.status == EmailStatus.SENT

    @property
    def is_waiting(self) -> bool:
        """Not tried yet, or a worker is sending it now."""
        return self.status in (EmailStatus.QUEUED, EmailStatus.SENDING)

    @property
    def is_retrying(self) -> bool:
        """The mail server did not answer; a worker tries again later."""
        return self.status == EmailStatus.RETRYING

    @property
    def is_bounced(self) -> bool:
        """Refused by the recipient's mail server."""
        return self.status == EmailStatus.BOUNCED

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt: a copy sent twice (a worker killed between the
        mail server's acceptance and recording it) is recognisable as the same message."""
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        return f"<outbound.{self.pk}.{int(self.created_at.timestamp())}@{domain}>"
