"""Reusable querysets of the applicant's portal."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet

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


#: Rows of each status on the coordinator's list of open applications (the review queue
#: lists them all, a page at a time).
STAFF_LIST_ROWS = 50


def open_by_status(association, *, limit: int = STAFF_LIST_ROWS) -> list[tuple[str, list]]:
    """The first ``limit`` open applications of each open status (oldest submission, then
    oldest registration first), with applicant, advisor and category: one bounded query per
    open status, read in index order, however many applications there are."""
    out = []
    for status in ApplicationStatus:
        if status not in OPEN:
            continue
        rows = list(
            Application.objects.filter(association=association, status=status)
            .select_related("applicant", "advisor", "category")
            .only(
                "uuid",
                "status",
                "updated_at",
                "submitted_at",
                "applicant__full_name",
                "applicant__preferred_name",
                "applicant__email",
                "advisor__full_name",
                "advisor__preferred_name",
                "advisor__email",
                "category__code",
            )
            .order_by(F("submitted_at").asc(nulls_last=True), "id")[:limit]
        )
        out.append((status, rows))
    return out


def open_counts(association) -> dict[str, int]:
    """Open applications of ``association`` per status (one query)."""
    rows = (
        Application.objects.filter(association=association, status__in=OPEN)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def advised_by(user) -> QuerySet[Application]:
    return Application.objects.filter(advisor=user, status__in=OPEN).select_related(
        "applicant", "association", "category"
    )


@dataclass(frozen=True)
class AreaEvidence:
    """What the applicant tied to one competency area: the narrative (or None), the trainings
    ticked on the Competencies page together with those whose log row names the area (the
    training log and the CSV import), and the work periods ticked."""

    code: str
    name: str
    narrative: CompetencyNarrative | None
    trainings: list = field(default_factory=list)
    work_periods: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            (self.narrative and self.narrative.narrative) or self.trainings or self.work_periods
        )


def evidence_by_area(application: Application, areas, *, logged_by=None) -> list[AreaEvidence]:
    """One ``AreaEvidence`` per area of ``areas`` (catalog ``CompetencyArea`` rows), in their
    order. ``logged_by``: only log rows created up to then (the packet of a submitted version).
    Reads what ``with_workspace`` loads: no query when the application came from it."""
    narratives = {n.area_code: n for n in application.narratives.all()}
    logged = [
        t for t in application.trainings.all() if logged_by is None or t.created_at <= logged_by
    ]
    out = []
    for area in areas:
        narrative = narratives.get(area.code)
        ticked = list(narrative.trainings.all()) if narrative else []
        ticked_ids = {t.pk for t in ticked}
        tagged = [t for t in logged if area.code in (t.competency_areas or [])]
        trainings = ticked + [t for t in tagged if t.pk not in ticked_ids]
        if logged_by is not None:
            trainings = [t for t in trainings if t.created_at <= logged_by]
        out.append(
            AreaEvidence(
                code=area.code,
                name=area.name,
                narrative=narrative,
                trainings=trainings,
                work_periods=list(narrative.work_periods.all()) if narrative else [],
            )
        )
    return out
