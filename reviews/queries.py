"""Reusable querysets of the review: the coordinator's queue, reviewers' lists, the feedback
the applicant reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from applications import tallies
from applications.enums import ApplicationStatus
from applications.models import Application
from easy.accounts.models import User
from endorsements.models import Association, Category
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
    """One page of the queue as plain rows (three queries, no model instances): each row's
    fields of ``QUEUE_FIELDS`` and ``reviews``, the current version's reviews not declined,
    in the order they were assigned.

    The page's ids are found first, reading only the sort's index however deep the page (a
    deferred join: page 700 of 100,000 applications reads 35,000 index entries, not 35,000
    joined rows sorted on disk); then those 50 rows are read with their applicant and
    category."""
    ids = list(
        _selected(association, filters, now).values_list("id", flat=True)[start : start + size]
    )
    if not ids:
        return []
    by_id = {r["id"]: r for r in Application.objects.filter(id__in=ids).values("id", *QUEUE_FIELDS)}
    rows = [by_id[i] for i in ids if i in by_id]
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
#: (newest first). Fifty rows in all, as many as a plain list page shows.
OPEN_PAGE = DONE_PAGE = 25


def _list_part(*, has_scores: str, anchor: str, order: str) -> str:
    """One half of the reviewer's list: a page of one reviewer's reviews in one status, each
    row with what the list shows (the application's association and category codes and the
    applicant's names): one model per row."""
    review = Review._meta.db_table
    application = Application._meta.db_table
    user = User._meta.db_table
    association = Association._meta.db_table
    category = Category._meta.db_table
    return (
        # Table names from the models; every value is a parameter.
        f"SELECT r.id, r.uuid, r.application_id, r.version, r.reviewer_id, r.status, r.due_on,"  # noqa: S608
        f" r.assigned_at, r.recommendation, a.association_id,"
        f" (SELECT s.code FROM {association} s WHERE s.id = a.association_id)"
        f" AS association_code,"
        f" (SELECT c.code FROM {category} c WHERE c.id = a.category_id) AS category_code,"
        f" u.preferred_name AS applicant_preferred_name, u.full_name AS applicant_full_name,"
        f" u.email AS applicant_email, {has_scores} AS has_scores"
        f" FROM {review} r JOIN {application} a ON a.id = r.application_id"
        f" JOIN {user} u ON u.id = a.applicant_id"
        f" WHERE r.reviewer_id = %s AND r.status = %s{anchor}"
        f" ORDER BY {order} LIMIT %s OFFSET %s"
    )


def _list_sql() -> tuple[str, str]:
    to_do = _list_part(
        has_scores=(
            f"EXISTS (SELECT 1 FROM {AreaScore._meta.db_table} x WHERE x.review_id = r.id)"  # noqa: S608
        ),
        anchor="",
        order="r.due_on, r.assigned_at DESC",
    )
    # The keyset page of submitted reviews starts below the review named ``before`` (the
    # first page for an unknown one).
    done = _list_part(
        has_scores="FALSE",
        anchor=(
            f" AND r.id < COALESCE((SELECT b.id FROM {Review._meta.db_table} b"  # noqa: S608
            f" WHERE b.reviewer_id = r.reviewer_id AND b.status = r.status AND b.uuid = %s),"
            f" {2**63 - 1})"
        ),
        order="r.id DESC",
    )
    return to_do, done


_TO_DO_SQL, _DONE_SQL = _list_sql()


def list_row_name(review: Review) -> str:
    """The applicant's name on a row of ``reviewer_list``."""
    return review.applicant_preferred_name or review.applicant_full_name or review.applicant_email


@dataclass
class ReviewerList:
    """A page of the reviewer's list: reviews to do (soonest due first) and whether more
    follow; submitted reviews (newest first) and the last one shown when earlier ones follow
    (the next page starts ``before`` it). Rows carry the ``_LIST_ROW`` values and
    ``has_scores`` (a draft is under way)."""

    open: list
    more_open: bool
    done: list
    last_done: Review | None


def reviewer_list(user, *, page: int = 1, before: str | None = None) -> ReviewerList:
    """The reviewer's list in one bounded query however many reviews the table holds: the
    reviews to do read along reviews_mine_open_idx (reviewer, status, due_on, assigned_at),
    an offset page (they are few and leave as they are submitted); the submitted ones along
    reviews_mine_page_idx (reviewer, status, -id), a keyset page (they only grow).

    Written in SQL: the page is read on every visit, and building this query through the ORM
    cost more than running it; the codes are read by key in subqueries, which the planner
    does not have to order among the joins."""
    start = (max(page, 1) - 1) * OPEN_PAGE
    anchor = None
    if before:
        anchor = Review._meta.get_field("uuid").get_db_prep_value(before, connection)
    to_do = [user.pk, ReviewStatus.ASSIGNED.value, OPEN_PAGE + 1, start]
    done = [user.pk, ReviewStatus.SUBMITTED.value, anchor, DONE_PAGE + 1, 0]
    if connection.features.supports_slicing_ordering_in_compound:
        rows = list(Review.objects.raw(f"({_TO_DO_SQL}) UNION ALL ({_DONE_SQL})", [*to_do, *done]))
    else:
        rows = [*Review.objects.raw(_TO_DO_SQL, to_do), *Review.objects.raw(_DONE_SQL, done)]
    open_rows = sorted(
        (r for r in rows if r.status == ReviewStatus.ASSIGNED),
        key=lambda r: (r.due_on, -r.assigned_at.timestamp()),
    )
    done_rows = sorted((r for r in rows if r.status != ReviewStatus.ASSIGNED), key=lambda r: -r.pk)
    return ReviewerList(
        open=open_rows[:OPEN_PAGE],
        more_open=len(open_rows) > OPEN_PAGE,
        done=done_rows[:DONE_PAGE],
        last_done=done_rows[DONE_PAGE - 1] if len(done_rows) > DONE_PAGE else None,
    )


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
