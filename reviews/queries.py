"""Reusable querysets of the review: the coordinator's queue, reviewers' lists, the feedback
the applicant reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from applications import tallies
from applications.enums import ApplicationStatus
from applications.models import Application
from endorsements.queries import competency_areas_for

from .enums import ReviewStatus, Score
from .models import AreaScore, Review

#: Sort keys of the queue and the field each orders by. "waiting" puts the earliest submission
#: first (the longest wait); applications never submitted come last either way. "status" keeps
#: the longest wait first within each status.
SORTS: dict[str, str] = {
    "waiting": "submitted_at",
    "applicant": "applicant__full_name",
    "category": "category__code",
    "status": "status",
    "updated": "updated_at",
}
#: Sorts whose column may be empty (never submitted): empty last in either direction. The
#: others are never empty and sort plainly, so that an index read backwards serves descending.
NULLABLE_SORTS = frozenset({"waiting"})
DEFAULT_SORT = "waiting"
REFERENCES_NEEDED = 3
#: Counts per status are cached under the association's token (``applications.tallies``),
#: which changes with every saved application or review; at most this long in any case.
COUNTS_SECONDS = 600


@dataclass
class QueueFilters:
    status: str = ""
    category: str = ""
    period: object = None  # a SubmissionPeriod
    reviewer: object = None  # a User
    waiting_days: int | None = None
    references: str = ""  # "complete" / "incomplete"
    sort: str = DEFAULT_SORT
    descending: bool = False
    extra: dict = field(default_factory=dict)

    def key(self) -> str:
        """The filters other than status and sort, as text (part of a cache key)."""
        return "|".join(
            [
                self.category,
                str(getattr(self.period, "pk", "")),
                str(getattr(self.reviewer, "pk", "")),
                str(self.waiting_days if self.waiting_days is not None else ""),
                self.references,
            ]
        )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered(association, filters: QueueFilters, *, now: dt.datetime | None = None) -> QuerySet:
    """Applications of ``association`` matching every filter except the status."""
    now = now or timezone.now()
    qs = Application.objects.filter(association=association)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.period is not None:
        qs = qs.filter(
            submitted_at__gte=_day_start(filters.period.opens_on),
            submitted_at__lt=_day_start(filters.period.closes_on + dt.timedelta(days=1)),
        )
    if filters.reviewer is not None:
        qs = qs.filter(
            Exists(
                Review.objects.filter(
                    application=OuterRef("pk"), reviewer=filters.reviewer
                ).exclude(status=ReviewStatus.DECLINED)
            )
        )
    if filters.waiting_days is not None:
        qs = qs.filter(submitted_at__lte=now - dt.timedelta(days=filters.waiting_days))
    # The stored count of submitted ratings (kept by the references workflow).
    if filters.references == "complete":
        qs = qs.filter(references_done__gte=REFERENCES_NEEDED)
    elif filters.references:
        qs = qs.filter(references_done__lt=REFERENCES_NEEDED)
    return qs


def status_counts(qs: QuerySet) -> dict[str, int]:
    """Applications per status (one query)."""
    rows = qs.order_by().values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def queue_counts(association, filters: QueueFilters) -> dict[str, int]:
    """``status_counts`` of the queue's filters, kept until the association's applications or
    reviews change (``applications.tallies.remember``): a GROUP BY over every application of
    the association runs once per change, not per page."""
    return tallies.remember(
        [association.pk],
        f"queue-counts:{filters.key()}",
        lambda: status_counts(filtered(association, filters)),
        seconds=COUNTS_SECONDS,
    )


def _order(filters: QueueFilters) -> list:
    column = F(SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))
    nullable = filters.sort in NULLABLE_SORTS or filters.sort not in SORTS
    if filters.descending:
        first = column.desc(nulls_last=True) if nullable else column.desc()
        then = [F("id").desc()]
    else:
        first = column.asc(nulls_last=True) if nullable else column.asc()
        then = [F("id").asc()]
    if filters.sort == "status":
        waited = F("submitted_at")
        waited = waited.desc(nulls_last=True) if filters.descending else waited.asc(nulls_last=True)
        then = [waited, *then]
    return [first, *then]


#: What a queue row (page or CSV) shows; the rest of each row is not loaded.
QUEUE_FIELDS = (
    "uuid",
    "status",
    "version",
    "submitted_at",
    "references_done",
    "applicant__full_name",
    "applicant__email",
    "category__code",
)
QUEUE_REVIEW_FIELDS = (
    "application_id",
    "version",
    "status",
    "due_on",
    "reviewer__preferred_name",
    "reviewer__full_name",
    "reviewer__email",
)


def _selected(association, filters: QueueFilters, now) -> QuerySet:
    qs = filtered(association, filters, now=now)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by(*_order(filters))


def queue(association, filters: QueueFilters, *, now: dt.datetime | None = None) -> QuerySet:
    """The coordinator's queue (the CSV): filtered and sorted, with each application's
    reviews (reviewer loaded) in one more query."""
    return (
        _selected(association, filters, now)
        .select_related("applicant", "category")
        .only(*QUEUE_FIELDS)
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.exclude(status=ReviewStatus.DECLINED)
                .select_related("reviewer")
                .only(*QUEUE_REVIEW_FIELDS)
                .order_by("assigned_at", "id"),
                to_attr="review_list",
            )
        )
    )


def queue_page(
    association, filters: QueueFilters, *, start: int, size: int, now: dt.datetime | None = None
) -> list[dict]:
    """One page of the queue as plain rows (two queries, no model instances): each row's
    fields of ``QUEUE_FIELDS`` and ``reviews``, the current version's reviews not declined,
    in the order they were assigned."""
    rows = list(
        _selected(association, filters, now).values("id", *QUEUE_FIELDS)[start : start + size]
    )
    if not rows:
        return rows
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["reviews"] = []
    reviews = (
        Review.objects.filter(application_id__in=by_id)
        .exclude(status=ReviewStatus.DECLINED)
        .order_by("assigned_at", "id")
        .values(*QUEUE_REVIEW_FIELDS)
    )
    for review in reviews:
        row = by_id[review["application_id"]]
        if review["version"] == row["version"]:
            row["reviews"].append(review)
    return rows


def current_reviews(application) -> list[Review]:
    """Reviews of the current version from a queue row (prefetched as ``review_list``)."""
    return [r for r in application.review_list if r.version == application.version]


def waiting_days(application, today: dt.date | None = None) -> int | None:
    if application.submitted_at is None:
        return None
    today = today or timezone.localdate()
    return (today - timezone.localtime(application.submitted_at).date()).days


#: What the reviewer's list and dashboard show of each review; the rest is not loaded.
REVIEWER_LIST_FIELDS = (
    "uuid",
    "application_id",
    "version",
    "reviewer_id",
    "status",
    "due_on",
    "assigned_at",
    "updated_at",
    "recommendation",
    "application__association__code",
    "application__category__code",
    "application__applicant__preferred_name",
    "application__applicant__full_name",
    "application__applicant__email",
)


def assigned_to(user) -> QuerySet[Review]:
    """A reviewer's reviews, newest first, with their applications."""
    return (
        Review.objects.filter(reviewer=user)
        .select_related(
            "application__association", "application__category", "application__applicant"
        )
        .only(*REVIEWER_LIST_FIELDS)
        .order_by("status", "due_on", "-assigned_at")
    )


#: Reviews shown per page of the reviewer's list: to do (soonest due first) and submitted
#: (newest first).
OPEN_PAGE = DONE_PAGE = 50


def open_for(user, *, page: int = 1) -> tuple[list[Review], bool]:
    """A page of the reviewer's reviews to do, soonest due first, and whether more follow."""
    start = (max(page, 1) - 1) * OPEN_PAGE
    # Read along reviews_mine_open_idx (reviewer, status, due_on, assigned_at): one page
    # of rows, however many reviews the table holds. ``has_scores``: a draft is under way.
    rows = list(
        assigned_to(user)
        .filter(status=ReviewStatus.ASSIGNED)
        .annotate(has_scores=Exists(AreaScore.objects.filter(review=OuterRef("pk"))))[
            start : start + OPEN_PAGE + 1
        ]
    )
    return rows[:OPEN_PAGE], len(rows) > OPEN_PAGE


def submitted_by(user, *, before: str | None = None) -> tuple[list[Review], Review | None]:
    """A page of the reviewer's submitted reviews, newest first, and the last one shown when
    there are earlier ones (the next page starts ``before`` it). A keyset page: one bounded
    query however many reviews the person has written."""
    qs = Review.objects.filter(reviewer=user, status=ReviewStatus.SUBMITTED)
    if before:
        anchor = qs.filter(uuid=before).values_list("id", flat=True).first()
        if anchor is not None:
            qs = qs.filter(id__lt=anchor)
    rows = list(
        qs.select_related(
            "application__association", "application__category", "application__applicant"
        )
        .only(*REVIEWER_LIST_FIELDS)
        .order_by("-id")[: DONE_PAGE + 1]
    )
    return rows[:DONE_PAGE], (rows[DONE_PAGE - 1] if len(rows) > DONE_PAGE else None)


def reviews_with_scores(application, *, areas=None) -> list[Review]:
    """Every review of the application (all versions), scores and reviewer loaded; each
    score carries ``area_name``. ``areas``: the category's competency areas, when loaded."""
    reviews = list(
        Review.objects.filter(application=application)
        .select_related("reviewer", "assigned_by")
        .prefetch_related("scores")
        .order_by("version", "assigned_at", "id")
    )
    if areas is None and reviews:
        areas = competency_areas_for(application.category)
    names = {a.code: a.name for a in areas or ()}
    for review in reviews:
        for score in review.scores.all():
            score.area_name = names.get(score.area_code, score.area_code)
    return reviews


def feedback_for(application, version: int, reviews: list[Review] | None = None) -> list[dict]:
    """What the applicant reads from each submitted review of ``version``: the comments and
    scores for the applicant, numbered, without names or private notes."""
    if reviews is None:
        reviews = reviews_with_scores(application)
    submitted = [r for r in reviews if r.version == version and r.status == ReviewStatus.SUBMITTED]
    names = {a.code: a.name for a in competency_areas_for(application.category)}
    out = []
    for number, review in enumerate(submitted, start=1):
        areas = [
            {
                "name": names.get(s.area_code, s.area_code),
                "score": s.score,
                "score_label": Score(s.score).label if s.score else "",
                "comment": s.comment_for_applicant,
            }
            for s in review.scores.all()
        ]
        out.append(
            {
                "label": f"Reviewer {number}",
                "comments": review.comments_for_applicant,
                "areas": areas,
            }
        )
    return out


def waiting_for_decision(association) -> QuerySet[Application]:
    """In review, current version, with at least two submitted reviews (a coarse filter; the
    round decides exactly)."""
    return (
        Application.objects.filter(association=association, status=ApplicationStatus.IN_REVIEW)
        .annotate(
            submitted_reviews=Count(
                "reviews",
                filter=Q(reviews__status=ReviewStatus.SUBMITTED, reviews__version=F("version")),
            )
        )
        .filter(submitted_reviews__gte=2)
    )
