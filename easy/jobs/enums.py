from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


#: The allowed changes of a job's status (``services.transition`` enforces them).
TRANSITIONS: dict[str, set[str]] = {
    JobStatus.QUEUED: {JobStatus.RUNNING, JobStatus.FAILED},
    JobStatus.RUNNING: {JobStatus.DONE, JobStatus.FAILED, JobStatus.QUEUED},
    JobStatus.DONE: {JobStatus.EXPIRED},
    JobStatus.FAILED: {JobStatus.QUEUED},
    JobStatus.EXPIRED: set(),
}
OPEN = (JobStatus.QUEUED, JobStatus.RUNNING)
