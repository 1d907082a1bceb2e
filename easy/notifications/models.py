from django.db import models

from .enums import EmailStatus, Event


class OutboundEmail(models.Model):
    """One email the portal means to send, rendered when queued and sent by a Celery task.

    ``key`` makes queuing idempotent: the same event for the same person and object is queued
    once, and a retried task never sends a second copy. Status changes only in
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
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["to", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"
