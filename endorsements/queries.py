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


# --- Public pages: verification and the registry ---------------------------------------------


def endorsements_by_number(number: str):
    """Every endorsement with this number (one, except when two associations imported the same
    number from their old records), for the public verification page."""
    from .models import Endorsement

    return (
        Endorsement.objects.filter(number__iexact=number.strip())
        .select_related("user", "association", "user__registry_listing")
        .order_by("association__name")
    )


def registry_people(
    *,
    name: str = "",
    category: str = "",
    association: str = "",
    place: str = "",
    language: str = "",
    provides_rsc: bool = False,
):
    """Listings of people who opted in to the public registry and hold at least one current
    endorsement (matching ``category`` / ``association`` when given), each with those current
    endorsements prefetched as ``current_endorsements``. A lapsed, revoked or otherwise not
    current endorsement is never shown, and a person with none leaves the registry."""
    from django.db.models import Prefetch

    from .enums import EndorsementStatus
    from .models import Endorsement, RegistryListing

    held = Endorsement.objects.filter(status=EndorsementStatus.CURRENT)
    if category:
        held = held.filter(category_code=category)
    if association:
        held = held.filter(association__code=association)
    listings = (
        RegistryListing.objects.filter(listed=True, user__is_active=True)
        .filter(user__in=held.values("user"))
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )
    if name:
        for word in name.split():
            listings = listings.filter(user__full_name__icontains=word)
    if place:
        listings = listings.filter(Q(city__icontains=place) | Q(state__icontains=place))
    if language:
        listings = listings.filter(languages__icontains=language)
    if provides_rsc:
        listings = listings.filter(provides_rsc=True)
    return listings.prefetch_related(
        Prefetch(
            "user__endorsements",
            queryset=Endorsement.objects.filter(status=EndorsementStatus.CURRENT)
            .select_related("association")
            .order_by("category_code"),
            to_attr="current_endorsements",
        )
    )
