"""Reusable catalog queries other apps call (applications, reviews, exams, renewals)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import (
    Association,
    Category,
    CompetencyArea,
    ExamWeek,
    KnowledgeSkillArea,
    SubmissionPeriod,
)
from .rules import get_ruleset


def _offered_on(on: dt.date) -> Q:
    return (Q(offerings__available_from__isnull=True) | Q(offerings__available_from__lte=on)) & (
        Q(offerings__available_to__isnull=True) | Q(offerings__available_to__gte=on)
    )


def categories_offered(association: Association, on: dt.date) -> QuerySet[Category]:
    """The categories the association offers on the day, in catalog order."""
    return (
        Category.objects.filter(Q(offerings__association=association) & _offered_on(on))
        .distinct()
        .order_by("position", "code")
    )


def competency_areas_for(category: Category) -> QuerySet[CompetencyArea]:
    """The competency areas reviewers and raters score for the category, in order."""
    return CompetencyArea.objects.filter(
        family=category.family, for_mentors=category.is_mentor
    ).order_by("position")


def knowledge_skill_areas_for(category: Category, area: CompetencyArea) -> list[KnowledgeSkillArea]:
    """The knowledge/skill areas of one competency area that apply to the category."""
    return [skill for skill in area.skills.all() if skill.applies_to(category)]


def submission_periods_for(association: Association, category: Category) -> QuerySet:
    """Periods in which the category may be submitted (no categories listed means all)."""
    return (
        SubmissionPeriod.objects.filter(association=association)
        .filter(Q(categories=category) | Q(categories__isnull=True))
        .distinct()
        .order_by("closes_on", "opens_on")
    )


def open_submission_period(
    association: Association, category: Category, on: dt.date
) -> SubmissionPeriod | None:
    """The period open for the category on the day (the one with the nearest deadline)."""
    return (
        submission_periods_for(association, category)
        .filter(opens_on__lte=on, closes_on__gte=on)
        .first()
    )


def next_submission_period(
    association: Association, category: Category, on: dt.date
) -> SubmissionPeriod | None:
    """The next period that opens after the day (for "submissions open again on ...")."""
    return submission_periods_for(association, category).filter(opens_on__gt=on).first()


def upcoming_exam_weeks(association: Association, on: dt.date) -> QuerySet[ExamWeek]:
    return ExamWeek.objects.filter(association=association, ends_on__gte=on).order_by("starts_on")


def exam_required(association_code: str, category_code: str, on: dt.date) -> bool:
    """Whether an application in the category, judged on the day, needs the written exam."""
    ruleset = get_ruleset()
    for rule in ruleset.requirements(association_code, category_code, "application", on):
        if rule.code == "exam":
            return not rule.params.get("waived")
    return False


def category_level(category_code: str) -> int | None:
    """1 associate .. 4 mentor, for "endorsed at this category or above"; None if unknown."""
    info = get_ruleset().categories.get(category_code)
    return info.level if info else None
