from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .enums import EmailStatus
from .models import OutboundEmail


@shared_task(
    name="easy.notifications.send_email",
    bind=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def task_send_email(self, *, email_id: int) -> str:
    try:
        email = services.deliver(email_id)
    except services.TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            services.mark_failed(email_id, str(exc))
            return "failed"
        raise
    return email.status if email else "missing"


@shared_task(name="easy.notifications.purge_sent")
def task_purge_sent_emails(*, days: int = 730) -> int:
    """Delete sent emails older than ``days`` (their bodies hold personal data)."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboundEmail.objects.filter(status=EmailStatus.SENT, sent_at__lt=cutoff).delete()
    return deleted
