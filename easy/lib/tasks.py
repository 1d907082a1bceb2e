"""Handing work to Celery once the transaction commits, without failing the person's request.

The data the person saved is already committed when the task is published, so a broker that is
down must not turn their success into an error page: the failure is logged and the work waits
for the app's own recovery (the email outbox's sweep, a coordinator's resend, the import page's
"check again", the next beat run). Every app enqueues through ``enqueue_on_commit``.
"""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, **kwargs) -> None:
    """Queue ``task(**kwargs)`` after the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(publish, task, kwargs))


def publish(task, kwargs: dict) -> bool:
    """Publish now; False (and a warning) when the broker cannot be reached."""
    if task.app.conf.task_always_eager:  # no broker: the task runs here and its errors show
        task.apply_async(kwargs=kwargs)
        return True
    try:
        task.apply_async(kwargs=kwargs)
    except (KombuError, OSError) as exc:
        logger.warning(
            "task %s %s was not queued: the broker is unreachable (%s)", task.name, kwargs, exc
        )
        return False
    return True
