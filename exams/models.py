"""The written exam: approvals to sit, the question bank, forms, registrations, sittings,
answers and essay grading. Statuses change only through ``exams.services`` (one ``transition``
per workflow); nothing here writes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endorsements.enums import Designation, Family

from .enums import (
    CLOSED_SITTING,
    AccommodationStatus,
    ApprovalStatus,
    GradingStatus,
    ItemStatus,
    Part,
    RegistrationStatus,
    RetakeStatus,
    SittingStatus,
)

USER = settings.AUTH_USER_MODEL


class ExamSettings(models.Model):
    """An association's exam settings. Without a row the defaults below apply."""

    association = models.OneToOneField(
        "endorsements.Association", on_delete=models.CASCADE, related_name="exam_settings"
    )
    approval_days = models.PositiveIntegerField(_("approval to sit lasts (days)"), default=365)
    part_seconds = models.PositiveIntegerField(_("time for each part (seconds)"), default=90 * 60)
    mc_pass_percent = models.PositiveSmallIntegerField(_("part 1 pass mark (%)"), default=80)
    essay_pass_percent = models.PositiveSmallIntegerField(_("part 2 pass mark (%)"), default=70)
    grader_gap_points = models.PositiveSmallIntegerField(
        _("gap between graders that calls a third (points)"), default=3
    )
    retake_wait_days = models.PositiveIntegerField(_("wait before a retake (days)"), default=365)
    retake_notice_days = models.PositiveIntegerField(
        _("retake requested at least (days before the exam week)"), default=0
    )
    accommodation_notice_days = models.PositiveSmallIntegerField(
        _("accommodations asked at least (days ahead)"), default=14
    )

    def __str__(self) -> str:
        return f"Exam settings of {self.association_id}"


class ExamApproval(models.Model):
    """An applicant's approval to sit the exam, valid until ``valid_until`` (inclusive).
    Its status changes only through ``exams.services.transition_approval``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="exam_approval"
    )
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.CASCADE, related_name="exam_approvals"
    )
    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="exam_approvals")
    approved_on = models.DateField()
    valid_until = models.DateField()
    status = models.CharField(
        max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.ACTIVE
    )
    renewal_request = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return f"Approval to sit {self.uuid}"

    # What pages ask of a status (it changes only in ``exams.services``).
    @property
    def is_active(self) -> bool:
        return self.status == ApprovalStatus.ACTIVE

    @property
    def is_expired(self) -> bool:
        return self.status == ApprovalStatus.EXPIRED

    @property
    def is_renewal_requested(self) -> bool:
        return self.status == ApprovalStatus.RENEWAL_REQUESTED

    @property
    def is_passed(self) -> bool:
        return self.status == ApprovalStatus.PASSED

    @property
    def category(self):
        """The catalog's category of the application (family, Mentor, designation)."""
        from endorsements.models import Category

        # Read by its code: works whether the application holds the code or a foreign key.
        return Category.objects.get(code=self.application.category_code)


# --- The question bank ---------------------------------------------------------------------


class Item(models.Model):
    """A multiple-choice item: a stem, four options, the key and the competency area it tests.
    An item that has been put in a form is never edited: it is retired and replaced."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.CharField(max_length=20, choices=Family.choices)
    area = models.ForeignKey(
        "endorsements.CompetencyArea", on_delete=models.PROTECT, related_name="exam_items"
    )
    stem = models.TextField()
    option_a = models.TextField()
    option_b = models.TextField()
    option_c = models.TextField()
    option_d = models.TextField()
    #: 0-3: the index of the right option (A-D).
    key = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family", "area__position", "pk"]
        indexes = [models.Index(fields=["family", "status"])]
        constraints = [models.CheckConstraint(condition=models.Q(key__lte=3), name="item_key_0_3")]

    def __str__(self) -> str:
        return f"Item {str(self.uuid)[:8]} v{self.version}"

    @property
    def options(self) -> list[str]:
        return [self.option_a, self.option_b, self.option_c, self.option_d]

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_draft(self) -> bool:
        return self.status == ItemStatus.DRAFT

    @property
    def is_retired(self) -> bool:
        return self.status == ItemStatus.RETIRED


class ItemVersion(models.Model):
    """The text of an item as it was after each change (the version history)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    changed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="unique_item_version")
        ]

    def __str__(self) -> str:
        return f"{self.item} as of version {self.version}"


class Vignette(models.Model):
    """An essay vignette of a family for one Mentor designation (blank: IMHS/ECMHS)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.CharField(max_length=20, choices=Family.choices)
    designation = models.CharField(max_length=2, choices=Designation.choices, blank=True)
    title = models.CharField(max_length=200)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family", "designation", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == ItemStatus.DRAFT

    @property
    def is_retired(self) -> bool:
        return self.status == ItemStatus.RETIRED


class RubricCriterion(models.Model):
    vignette = models.ForeignKey(Vignette, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(max_length=300)
    max_points = models.PositiveSmallIntegerField()
    area = models.ForeignKey(
        "endorsements.CompetencyArea", null=True, blank=True, on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["vignette", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Blueprint(models.Model):
    """How many items of each competency area a form of a family draws (60 in all)."""

    family = models.CharField(max_length=20, choices=Family.choices)
    for_mentors = models.BooleanField(default=True)
    name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows.all())


class BlueprintRow(models.Model):
    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="rows")
    area = models.ForeignKey("endorsements.CompetencyArea", on_delete=models.PROTECT)
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blueprint", "area"], name="unique_blueprint_area")
        ]

    def __str__(self) -> str:
        return f"{self.area_id}: {self.count}"


class ExamForm(models.Model):
    """The 60 items of one exam week for one family (the same for every Mentor designation)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exam_week = models.ForeignKey(
        "endorsements.ExamWeek", on_delete=models.PROTECT, related_name="exam_forms"
    )
    family = models.CharField(max_length=20, choices=Family.choices)
    for_mentors = models.BooleanField(default=True)
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT)
    items = models.ManyToManyField(Item, through="FormItem", related_name="forms")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["exam_week", "family", "for_mentors"], name="unique_form_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Exam form {self.uuid}"


class FormItem(models.Model):
    form = models.ForeignKey(ExamForm, on_delete=models.CASCADE, related_name="form_items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["form", "position"]

    # --- Registering and sitting ----------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.form_id}#{self.position}"


class Registration(models.Model):
    """A candidate's place in an exam week, for the parts still to pass.
    Its status changes only through ``exams.services.transition_registration``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    approval = models.ForeignKey(
        ExamApproval, on_delete=models.CASCADE, related_name="registrations"
    )
    exam_week = models.ForeignKey(
        "endorsements.ExamWeek", on_delete=models.PROTECT, related_name="exam_registrations"
    )
    status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    parts = models.JSONField(default=list)
    is_retake = models.BooleanField(default=False)
    reminders_sent = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Exam registration {self.uuid}"

    @property
    def association(self):
        return self.approval.association

    @property
    def is_awaiting_payment(self) -> bool:
        return self.status == RegistrationStatus.AWAITING_PAYMENT

    @property
    def is_registered(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED

    @property
    def is_over(self) -> bool:
        """Completed or cancelled: nothing more to do."""
        return self.status in (RegistrationStatus.COMPLETED, RegistrationStatus.CANCELLED)


class WeekStartCode(models.Model):
    """A code the coordinator gives out at a proctored sitting; without one, none is asked."""

    exam_week = models.OneToOneField(
        "endorsements.ExamWeek", on_delete=models.CASCADE, related_name="exam_start_code"
    )
    code = models.CharField(max_length=20)

    def __str__(self) -> str:
        return "Start code"


class Accommodation(models.Model):
    """Extra time (percent) and breaks asked for a registration; decided by the coordinator.
    Its status changes only through ``exams.services.transition_accommodation``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="accommodations"
    )
    extra_time_percent = models.PositiveSmallIntegerField(default=0)
    breaks = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=AccommodationStatus.choices, default=AccommodationStatus.REQUESTED
    )
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Accommodation {self.uuid}"

    @property
    def association(self):
        return self.registration.approval.association

    @property
    def is_approved(self) -> bool:
        return self.status == AccommodationStatus.APPROVED


class Sitting(models.Model):
    """One part of a registration sat in the browser. The deadline is kept here, set once when
    the part starts; every save checks it on the server. Status changes only through
    ``exams.services.transition``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="sittings"
    )
    part = models.CharField(max_length=10, choices=Part.choices)
    status = models.CharField(
        max_length=20, choices=SittingStatus.choices, default=SittingStatus.NOT_STARTED
    )
    form = models.ForeignKey(ExamForm, null=True, blank=True, on_delete=models.PROTECT)
    #: Item ids in the candidate's order, and per item the option order (bank indexes).
    item_order = models.JSONField(default=list, blank=True)
    option_orders = models.JSONField(default=dict, blank=True)
    vignettes = models.ManyToManyField(Vignette, blank=True, related_name="sittings")
    #: An anonymous code for the essay graders (never the candidate's name or number).
    code = models.CharField(max_length=12, unique=True, null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    score_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(null=True)
    area_scores = models.JSONField(default=list, blank=True)
    reminders_sent = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "part"], name="unique_sitting_part")
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"Sitting {self.uuid} ({self.part})"

    @property
    def association(self):
        return self.registration.approval.association

    @property
    def is_not_started(self) -> bool:
        return self.status == SittingStatus.NOT_STARTED

    @property
    def is_in_progress(self) -> bool:
        return self.status == SittingStatus.IN_PROGRESS

    @property
    def is_closed(self) -> bool:
        """Submitted, being graded or scored: the answers can no longer change."""
        return self.status in CLOSED_SITTING

    def seconds_left(self, now=None) -> int:
        if self.deadline is None:
            return 0
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))


class Answer(models.Model):
    """The candidate's choice on one item (a bank option index), or a flag for review."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sitting", "item"], name="unique_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"Answer {self.sitting_id}/{self.item_id}"


class EssayResponse(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="responses")
    vignette = models.ForeignKey(Vignette, on_delete=models.PROTECT, related_name="responses")
    text = models.TextField(blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sitting", "vignette"], name="unique_response")
        ]

    def __str__(self) -> str:
        return f"Response {self.sitting_id}/{self.vignette_id}"


class Grading(models.Model):
    """One grader's scores for one anonymous essay part. Its status changes only through
    ``exams.services.transition_grading``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="gradings")
    grader = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="exam_gradings")
    is_third = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=GradingStatus.choices, default=GradingStatus.ASSIGNED
    )
    comment = models.TextField(blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sitting", "grader"], name="unique_grader_per_sitting")
        ]

    def __str__(self) -> str:
        return f"Grading {self.uuid}"

    @property
    def is_assigned(self) -> bool:
        """Still the grader's to fill in."""
        return self.status == GradingStatus.ASSIGNED


class CriterionScore(models.Model):
    grading = models.ForeignKey(Grading, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT)
    points = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grading", "criterion"], name="unique_criterion_score")
        ]

    def __str__(self) -> str:
        return f"{self.grading_id}/{self.criterion_id}: {self.points}"


class RetakeRequest(models.Model):
    """A written request to retake the failed part(s); decided by the coordinator."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    approval = models.ForeignKey(ExamApproval, on_delete=models.CASCADE, related_name="retakes")
    letter = models.TextField()
    parts = models.JSONField(default=list)
    earliest_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=RetakeStatus.choices, default=RetakeStatus.REQUESTED
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Retake request {self.uuid}"

    @property
    def association(self):
        return self.approval.association

    @property
    def is_approved(self) -> bool:
        return self.status == RetakeStatus.APPROVED
