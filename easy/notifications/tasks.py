from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services
from .account_links import blank_expired_links
from .enums import EmailStatus
from .models import OutboundEmail


@shared_task(
    name="easy.notifications.send_email",
    # A send talks to one mail server, each step bounded by EMAIL_TIMEOUT; the hard limit stays
    # below the claim's lease (checked in settings), so a slow worker is stopped before another
    # one may take its row over.
    soft_time_limit=settings.EMAIL_SEND_SOFT_TIME_LIMIT,
    time_limit=settings.EMAIL_SEND_TIME_LIMIT,
)
def task_send_email(*, email_id: int) -> str:
    """Send one email (``services.deliver``). Safe to run twice, or on two workers at once.
    Failures are recorded on the row and retried by the sweep, not by Celery."""
    email = services.deliver(email_id)
    return email.status if email else "missing"


@shared_task(name="easy.notifications.requeue", soft_time_limit=60, time_limit=90)
def task_requeue_emails() -> int:
    """Every minute: queue again the emails a lost task, a broker outage or a dead worker left
    behind, and those due for another try (``services.requeue_due``)."""
    return services.requeue_due()


@shared_task(name="easy.notifications.purge_sent")
def task_purge_sent_emails(*, days: int = 730) -> int:
    """Delete sent emails older than ``days`` (their bodies hold personal data)."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboundEmail.objects.filter(status=EmailStatus.SENT, sent_at__lt=cutoff).delete()
    return deleted


@shared_task(name="easy.notifications.blank_expired_account_links")
def task_blank_expired_account_links() -> int:
    """Hourly: blank password-reset and verification emails whose links have expired."""
    return blank_expired_links()
