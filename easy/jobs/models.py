import uuid

from django.conf import settings
from django.db import models

from .enums import OPEN, JobStatus


class Job(models.Model):
    """One file made in the background for one person. Its status changes only through
    ``easy.jobs.services.transition``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=60)
    #: Jobs with the same non-empty key make the same file: a finished one is handed out again
    #: instead of being made twice (e.g. one review packet per application version).
    key = models.CharField(max_length=200, blank=True, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_done(self) -> bool:
        """The file is ready to download."""
        return self.status == JobStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def is_expired(self) -> bool:
        """The file was made and has since been deleted."""
        return self.status == JobStatus.EXPIRED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, round(100 * self.done / self.total))
