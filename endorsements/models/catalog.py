"""The catalog: associations (the tenants), the endorsement categories they offer, competency
areas, submission periods, exam weeks and the requirement rules (as data; the code that applies
them lives in ``endorsements.rules``)."""

import datetime as dt
import uuid

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import (
    Designation,
    Family,
    Purpose,
    RequirementCode,
    Scope,
    Severity,
)
from ..validators import validate_logo


class AssociationManager(models.Manager["Association"]):
    def get_by_natural_key(self, code: str) -> "Association":
        return self.get(code=code)


class Association(models.Model):
    """A state or country association licensed to run the endorsement. The portal's tenant."""

    code = models.SlugField(max_length=20, unique=True, help_text=_("e.g. MI-AIMH, WI-AIMH"))
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    logo = models.ImageField(
        upload_to="associations/logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo],
        help_text=_("PNG or JPEG, at most 1 MB; printed on certificates and letters."),
    )
    #: The Ed25519 public key of the association's credentials (multibase, "z6Mk..."). The
    #: private key never enters the database: see ``endorsements.credentials.keys``.
    public_key_multibase = models.CharField(max_length=80, blank=True)
    #: The last running number handed out; numbers are never reused, even after a transfer.
    last_sequence = models.PositiveIntegerField(default=0)

    objects = AssociationManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class CodeManager(models.Manager):
    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class Category(models.Model):
    """An endorsement category (a scope of practice, not a rung of a ladder).

    Whether the written exam is needed is not a field: it is a dated requirement rule.
    """

    code = models.CharField(max_length=20, unique=True, help_text=_("e.g. IFS, IMHM-C"))
    name = models.CharField(max_length=200)
    family = models.CharField(max_length=20, choices=Family.choices)
    scope = models.CharField(max_length=30, choices=Scope.choices)
    #: 1 associate, 2 specialist, 3 mental health specialist, 4 mentor: for "this category or
    #: above" (reviewers, raters).
    level = models.PositiveSmallIntegerField()
    is_mentor = models.BooleanField(default=False)
    designation = models.CharField(max_length=2, choices=Designation.choices, blank=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = CodeManager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class CategoryOfferingManager(models.Manager["CategoryOffering"]):
    def get_by_natural_key(self, association: str, category: str) -> "CategoryOffering":
        return self.get(association__code=association, category__code=category)


class CategoryOffering(models.Model):
    """An association offers a category from one date (inclusive) to another (inclusive)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="offerings")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="offerings")
    available_from = models.DateField(null=True, blank=True, help_text=_("Empty: always."))
    available_to = models.DateField(null=True, blank=True, help_text=_("Empty: no end."))

    objects = CategoryOfferingManager()

    class Meta:
        ordering = ["association", "category__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "category"], name="one_offering_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association.code} offers {self.category.code}"

    def natural_key(self) -> tuple[str, str]:
        return (self.association.code, self.category.code)

    natural_key.dependencies = ["endorsements.association", "endorsements.category"]


class CompetencyAreaManager(models.Manager["CompetencyArea"]):
    def get_by_natural_key(self, family: str, for_mentors: bool, code: str) -> "CompetencyArea":
        return self.get(family=family, for_mentors=for_mentors, code=code)


class CompetencyArea(models.Model):
    """One of the areas reviewers and raters score: eight for IFA/IFS/IMHS and their early
    childhood twins, eleven for Mentors (the same for every Mentor designation)."""

    family = models.CharField(max_length=20, choices=Family.choices)
    for_mentors = models.BooleanField(default=False)
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    objects = CompetencyAreaManager()

    class Meta:
        ordering = ["family", "for_mentors", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "for_mentors", "code"], name="unique_competency_area"
            )
        ]

    def __str__(self) -> str:
        who = "Mentor" if self.for_mentors else "IFA-IMHS"
        return f"{self.name} ({self.get_family_display()}, {who})"

    def natural_key(self) -> tuple[str, bool, str]:
        return (self.family, self.for_mentors, self.code)


class KnowledgeSkillAreaManager(models.Manager["KnowledgeSkillArea"]):
    def get_by_natural_key(
        self, family: str, for_mentors: bool, area: str, position: int
    ) -> "KnowledgeSkillArea":
        return self.get(
            area__family=family, area__for_mentors=for_mentors, area__code=area, position=position
        )


class KnowledgeSkillArea(models.Model):
    """A knowledge/skill area inside a competency area. ``from_level`` says from which category
    level up it applies (e.g. disorders of infancy from IFS up); ``designations`` (Mentors) is
    "A" for all, or any of C, P, RF separated by commas."""

    area = models.ForeignKey(CompetencyArea, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=200)
    from_level = models.PositiveSmallIntegerField(default=1)
    designations = models.CharField(max_length=10, default="A")
    position = models.PositiveSmallIntegerField()

    objects = KnowledgeSkillAreaManager()

    class Meta:
        ordering = ["area", "position"]
        constraints = [
            models.UniqueConstraint(fields=["area", "position"], name="unique_skill_position")
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple:
        return (*self.area.natural_key(), self.position)

    natural_key.dependencies = ["endorsements.competencyarea"]

    def applies_to(self, category: Category) -> bool:
        if category.level < self.from_level:
            return False
        tags = {t.strip() for t in self.designations.split(",")}
        return "A" in tags or not category.is_mentor or category.designation in tags


class NamedPerAssociationManager(models.Manager):
    def get_by_natural_key(self, association: str, name: str):
        return self.get(association__code=association, name=name)


class SubmissionPeriod(models.Model):
    """A window in which applications may be submitted, ending on a deadline. ``categories``
    empty means every category the association offers."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="submission_periods"
    )
    name = models.CharField(max_length=100, help_text=_("e.g. 15 March 2026 deadline"))
    opens_on = models.DateField()
    closes_on = models.DateField(help_text=_("The deadline (inclusive)."))
    categories = models.ManyToManyField(Category, blank=True, related_name="submission_periods")

    objects = NamedPerAssociationManager()

    class Meta:
        ordering = ["association", "closes_on"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="unique_period_name"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="period_closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association.code}: {self.name}"

    def natural_key(self) -> tuple[str, str]:
        return (self.association.code, self.name)

    natural_key.dependencies = ["endorsements.association", "endorsements.category"]

    def is_open_on(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class ExamWeek(models.Model):
    """A scheduled week in which approved applicants sit the written exam."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="exam_weeks"
    )
    name = models.CharField(max_length=100)
    starts_on = models.DateField()
    ends_on = models.DateField()
    registration_closes_on = models.DateField(null=True, blank=True)

    objects = NamedPerAssociationManager()

    class Meta:
        ordering = ["association", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="unique_exam_week_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="exam_week_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association.code}: {self.name}"

    def natural_key(self) -> tuple[str, str]:
        return (self.association.code, self.name)

    natural_key.dependencies = ["endorsements.association"]


class RequirementRuleManager(models.Manager["RequirementRule"]):
    def get_by_natural_key(self, key: str) -> "RequirementRule":
        return self.get(key=key)


class RequirementRule(models.Model):
    """One requirement, as data: which code, for which categories, purpose, association and
    dates, with what parameters. The rules module (``endorsements.rules``) applies them.

    Rows with no association are the reference (MI-AIMH / Alliance-wide) rules. For a given
    code and category, every row valid on the day is applied in order: reference rows, then the
    association's own rows, each by ``valid_from``; a later row's parameters are laid over the
    earlier ones and its severity (when set) replaces theirs. A parameter ``waived`` (a sentence)
    turns the requirement into "not applicable" with that sentence as the reason.
    """

    key = models.SlugField(max_length=80, unique=True)
    code = models.CharField(max_length=40, choices=RequirementCode.choices)
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requirement_rules",
        help_text=_("Empty: the reference rules, for every association."),
    )
    categories = models.ManyToManyField(Category, related_name="requirement_rules")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.APPLICATION)
    severity = models.CharField(
        max_length=20,
        choices=Severity.choices,
        blank=True,
        help_text=_("Empty: keep the severity of the rule this one overrides."),
    )
    params = models.JSONField(default=dict, blank=True)
    valid_from = models.DateField(null=True, blank=True, help_text=_("Empty: always."))
    valid_to = models.DateField(null=True, blank=True, help_text=_("Inclusive. Empty: no end."))
    note = models.TextField(blank=True, help_text=_("Where the rule comes from, and why."))

    objects = RequirementRuleManager()

    class Meta:
        ordering = ["code", "key"]

    def __str__(self) -> str:
        return self.key

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    natural_key.dependencies = ["endorsements.association", "endorsements.category"]
