"""Background work of the reference ratings: the invitation email and the daily reminders."""

from celery import shared_task
from django.db import OperationalError

from . import services
from .models import Invitation


@shared_task(
    name="easy.references.send_invitation",
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def task_send_reference_invitation(*, invitation_id: int, number: int = 1) -> str:
    """Queue the ``number``-th invitation email of an invitation. Safe to run twice: the second
    run finds the link the first one made and sends nothing (the email itself is delivered and
    retried by ``easy.notifications.send_email``)."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        return "missing"
    link = services.send_invitation_email(invitation, number)
    return "queued" if link is not None else "not needed"


# The daily job walks every open invitation; it gets longer than the 5-minute default.
@shared_task(name="easy.references.send_reminders", soft_time_limit=1500, time_limit=1800)
def task_send_reference_reminders() -> dict:
    """The daily job: expire links, age out old ratings, remind raters (each reminder once)."""
    return {str(k): v for k, v in services.send_due_reminders().items()}


@shared_task(
    name="easy.references.send_notices",
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def task_send_reference_notices(*, notice_ids: list[int]) -> int:
    """Queue the emails of recorded reminders and notices. Safe to run twice."""
    return services.send_notices(notice_ids)
