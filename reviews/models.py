"""The review of a submitted application: reviewers and their profiles, reviews and scores,
and the coordinator's decision (an "endorse" decision grants an ``endorsements.Endorsement``).

Every write goes through ``reviews.services``. Objects are addressed by UUID in URLs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Recommendation, ReviewStatus, Score

#: Days a reviewer has, from assignment, when the association has not set its own number.
DEFAULT_REVIEW_DAYS = 28
#: Days before the due date when the "due soon" reminder goes out.
DEFAULT_REMINDER_DAYS = 7


class ReviewSettings(models.Model):
    """An association's review deadlines (an association without a row uses the defaults)."""

    association = models.OneToOneField(
        "endorsements.Association", on_delete=models.CASCADE, related_name="review_settings"
    )
    review_days = models.PositiveSmallIntegerField(
        _("days a reviewer has"),
        default=DEFAULT_REVIEW_DAYS,
        help_text=_("A review is due this many days after the reviewer is assigned."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before the due date"), default=DEFAULT_REMINDER_DAYS
    )

    class Meta:
        verbose_name_plural = "review settings"

    def __str__(self) -> str:
        return f"review settings of {self.association}"


class ReviewerProfile(models.Model):
    """What the coordinator knows about a reviewer at one association: the endorsement they
    hold (entered by hand, since many were granted before the portal existed), their employer
    and the people they declared a conflict of interest with."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    category_code = models.CharField(
        _("endorsement held"), max_length=20, help_text=_("The reviewer's own endorsement.")
    )
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    declared_conflicts = models.TextField(
        _("declared conflicts of interest"),
        blank=True,
        help_text=_(
            "Names or email addresses of people this reviewer must not review, one per line."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["association", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "association"], name="one_reviewer_profile_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.category_code}) at {self.association.code}"


class Review(models.Model):
    """One reviewer's review of one version of an application.

    Its status changes only through ``reviews.services.transition`` (submit, decline). While
    "assigned" the reviewer may save drafts; submitting locks it. ``is_third`` marks the reviewer
    asked when the first two disagree.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="reviews"
    )
    version = models.PositiveIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_assigned"
    )
    is_third = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=30, choices=Recommendation.choices, blank=True
    )
    comments_for_applicant = models.TextField(
        _("comments for the applicant"),
        blank=True,
        help_text=_("The applicant reads these with the decision (without your name)."),
    )
    private_notes = models.TextField(
        _("private notes"),
        blank=True,
        help_text=_("Only you and the coordinator read these."),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: ReminderKind codes already sent for the current ``due_on`` (each goes out once).
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        indexes = [
            models.Index(fields=["application", "version"]),
            models.Index(fields=["reviewer", "status"]),
            # The reviewer's list pages through submitted reviews newest first: reads one page.
            models.Index(fields=["reviewer", "status", "-id"], name="reviews_mine_page_idx"),
            # Their reviews to do, soonest due first: one page read in order.
            models.Index(
                fields=["reviewer", "status", "due_on", "-assigned_at"],
                name="reviews_mine_open_idx",
            ),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"review of {self.application} (v{self.version}) by {self.reviewer}"

    @property
    def is_open(self) -> bool:
        return self.status == ReviewStatus.ASSIGNED

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    @property
    def is_declined(self) -> bool:
        return self.status == ReviewStatus.DECLINED

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == ReviewStatus.ASSIGNED and self.due_on < today


class AreaScore(models.Model):
    """A reviewer's score for one competency area, with comments."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    area_code = models.CharField(max_length=60)
    score = models.CharField(_("score"), max_length=20, choices=Score.choices, blank=True)
    comment_for_applicant = models.TextField(_("comment for the applicant"), blank=True)
    private_note = models.TextField(_("private note"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "area_code"], name="one_score_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area_code}: {self.score or 'not scored'}"


class Decision(models.Model):
    """The coordinator's decision on one version of an application.

    ``reason`` is for the record (required when the decision does not follow the reviewers);
    ``message`` is for the applicant.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="decisions"
    )
    version = models.PositiveIntegerField()
    outcome = models.CharField(max_length=30, choices=Recommendation.choices)
    follows_reviewers = models.BooleanField(default=True)
    reason = models.TextField(blank=True)
    message = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="one_decision_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.application} (v{self.version})"


class SavedFilter(models.Model):
    """A coordinator's named set of queue filters (the query string of the queue page)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_queue_filters"
    )
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "association", "name"], name="unique_saved_filter_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
