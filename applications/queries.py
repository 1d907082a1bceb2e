"""Reusable querysets of the applicant's portal."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from .enums import OPEN, ApplicationStatus
from .models import (
    AdvisorComment,
    Application,
    Certificate,
    CompetencyNarrative,
    Degree,
    Document,
    Membership,
)


def with_workspace(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Applications with every workspace row loaded in a fixed number of queries."""
    return qs.select_related("association", "category", "applicant", "advisor").prefetch_related(
        # The person's log (see ``Application.trainings``): read through the applicant.
        Prefetch("applicant__degrees", queryset=Degree.objects.prefetch_related("documents")),
        Prefetch(
            "applicant__certificates", queryset=Certificate.objects.prefetch_related("documents")
        ),
        "applicant__work",
        "applicant__trainings",
        "applicant__rsc_sessions",
        "applicant__leadership_activities",
        Prefetch(
            "narratives",
            queryset=CompetencyNarrative.objects.prefetch_related("trainings", "work_periods"),
        ),
        Prefetch(
            "applicant__memberships", queryset=Membership.objects.prefetch_related("documents")
        ),
        Prefetch("applicant__documents", queryset=Document.objects.order_by("created_at", "id")),
        "signatures",
        "references",
        Prefetch(
            "comments",
            queryset=AdvisorComment.objects.select_related("author").order_by("created_at", "id"),
        ),
    )


def open_applications_of(user) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user, status__in=OPEN).select_related(
        "association", "category"
    )


def with_decision_flag(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Applications with ``has_decision``: the review recorded a decision on some version.

    Read through the ``decisions`` relation the reviews app adds to Application, so that this
    app does not import the reviews app (which builds on it).
    """
    decided = Application.objects.filter(pk=OuterRef("pk"), decisions__isnull=False)
    return qs.annotate(has_decision=Exists(decided))


def awaiting_approval(association) -> QuerySet[Application]:
    return Application.objects.filter(
        association=association, status=ApplicationStatus.REGISTERED
    ).select_related("category", "applicant", "advisor")


def submitted(association) -> QuerySet[Application]:
    return Application.objects.filter(
        association=association, status=ApplicationStatus.SUBMITTED
    ).select_related("category", "applicant", "advisor")


def advised_by(user) -> QuerySet[Application]:
    return Application.objects.filter(advisor=user, status__in=OPEN).select_related(
        "applicant", "association", "category"
    )
