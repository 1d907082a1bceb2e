"""The coordinator's reports: where applications are, how long decisions take, who is
overloaded, how raters answer, and what fees came in. Each section is a handful of aggregate
queries, whatever the number of applications.

Apps above this one (exams, renewals) add their own sections through ``register_section``: this
module never imports them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    Sum,
)
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus as S
from applications.models import Application
from endorsements.models import Association, Category, SubmissionPeriod
from payments.enums import FeeKind, PaymentStatus
from payments.models import Payment
from references.models import Invitation, Link

from .enums import ReviewStatus
from .models import Review

#: The pipeline's stages, in order, and the statuses each one counts.
STAGES: list[tuple[str, Promise, tuple[str, ...]]] = [
    ("registered", _("Registered"), (S.REGISTERING, S.REGISTERED)),
    ("in_progress", _("In progress"), (S.IN_PROGRESS, S.RETURNED)),
    ("submitted", _("Submitted"), (S.SUBMITTED,)),
    ("in_review", _("In review"), (S.IN_REVIEW,)),
    ("decided", _("Decided"), (S.APPROVED_TO_SIT_EXAM, S.REVISE_RESUBMIT, S.NOT_ENDORSED)),
    ("endorsed", _("Endorsed"), (S.ENDORSED,)),
]
DECIDED = (S.APPROVED_TO_SIT_EXAM, S.REVISE_RESUBMIT, S.NOT_ENDORSED, S.ENDORSED)


@dataclass
class Table:
    """One section's figures: what the chart draws and the table beside it lists."""

    key: str
    title: str | Promise
    columns: list[str | Promise]
    rows: list[list] = field(default_factory=list)
    chart: str = "bar"  # bar | none
    #: Index of the column the chart draws (its label is column 0).
    value_column: int = 1
    note: str | Promise = ""

    @property
    def labelled_rows(self) -> list[list[tuple]]:
        """Each row's cells with their column's name (a stacked table labels each cell)."""
        return [list(zip(self.columns, row, strict=False)) for row in self.rows]

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def chart_data(self) -> dict:
        """Labels and values the chart draws (the label column and ``value_column``)."""
        return {
            "label": str(self.columns[self.value_column]),
            "labels": [str(r[0]) for r in self.rows],
            "values": [r[self.value_column] or 0 for r in self.rows],
        }


@dataclass(frozen=True)
class Scope:
    """What the report covers: the associations (one, or all for the Alliance view), dates,
    category and submission period."""

    associations: tuple[Association, ...]
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    category: Category | None = None
    period: SubmissionPeriod | None = None
    waiting_weeks: int = 8
    today: dt.date = field(default_factory=timezone.localdate)

    def applications(self, date_field: str | None = None):
        qs = Application.objects.filter(association__in=self.associations)
        if self.category is not None:
            qs = qs.filter(category=self.category)
        if self.period is not None:
            qs = qs.filter(
                submitted_at__date__gte=self.period.opens_on,
                submitted_at__date__lte=self.period.closes_on,
            )
        return self.dated(qs, date_field) if date_field else qs

    def dated(self, qs, date_field: str):
        if self.date_from:
            qs = qs.filter(**{f"{date_field}__date__gte": self.date_from})
        if self.date_to:
            qs = qs.filter(**{f"{date_field}__date__lte": self.date_to})
        return qs


class Epoch(Func):
    """Seconds in a PostgreSQL interval."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


class Percentile(Aggregate):
    """PostgreSQL's ``percentile_cont`` over a number of days."""

    function = "percentile_cont"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, percentile: float, **extra):
        super().__init__(expression, percentile=percentile, **extra)


def _days(start: str, end: str):
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def _seconds_to_days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        value = value.total_seconds()
    return round(value / 86400, 1)


def _percentile(ordered: list[float], p: float) -> float:
    """Linear interpolation between the closest ranks, as PostgreSQL's ``percentile_cont``."""
    position = p * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _median_p90(qs, start: str, end: str, group: list[str]) -> list[dict]:
    """Median and 90th percentile of ``end - start`` in days, per ``group``: one aggregate
    query on PostgreSQL; SQLite (``make run``) has no percentile, so the durations are read."""
    qs = qs.exclude(**{f"{start}__isnull": True}).exclude(**{f"{end}__isnull": True})
    if connection.vendor == "postgresql":
        expr = Epoch(_days(start, end))
        rows = qs.values(*group).annotate(
            n=Count("pk"), median=Percentile(expr, 0.5), p90=Percentile(expr, 0.9)
        )
        return [
            {**r, "median": _seconds_to_days(r["median"]), "p90": _seconds_to_days(r["p90"])}
            for r in rows.order_by(*group)
        ]
    buckets: dict[tuple, list[float]] = defaultdict(list)
    for r in qs.annotate(span=_days(start, end)).values(*group, "span"):
        buckets[tuple(r[g] for g in group)].append(r["span"].total_seconds())
    out = []
    for key in sorted(buckets, key=lambda k: tuple(str(x) for x in k)):
        values = sorted(buckets[key])
        out.append(
            {**dict(zip(group, key, strict=True)), "n": len(values),
             "median": _seconds_to_days(_percentile(values, 0.5)),
             "p90": _seconds_to_days(_percentile(values, 0.9))}
        )  # fmt: skip
    return out


# -- Sections ------------------------------------------------------------------------------------


def pipeline(scope: Scope) -> Table:
    counts = dict(
        scope.applications("created_at").values_list("status").annotate(n=Count("pk")).order_by()
    )
    table = Table(
        "pipeline",
        _("Applications by stage"),
        [_("Stage"), _("Applications")],
        note=_("Applications registered in the chosen dates, by where they are now."),
    )
    for _key, label, statuses in STAGES:
        table.rows.append([label, sum(counts.get(s, 0) for s in statuses)])
    return table


def decision_times(scope: Scope) -> Table:
    qs = scope.dated(scope.applications().filter(status__in=DECIDED), "decided_at").annotate(
        year=ExtractYear("decided_at"), quarter=ExtractQuarter("decided_at")
    )
    rows = _median_p90(qs, "submitted_at", "decided_at", ["category__code", "year", "quarter"])
    table = Table(
        "decision_times",
        _("Days from submission to decision"),
        [_("Category and quarter"), _("Median days"), _("90th percentile"), _("Decisions")],
        note=_("Applications decided in the chosen dates."),
    )
    for r in rows:
        table.rows.append(
            [f"{r['category__code']} {r['year']} Q{r['quarter']}", r["median"], r["p90"], r["n"]]
        )
    return table


def waiting(scope: Scope) -> Table:
    limit = timezone.now() - dt.timedelta(weeks=scope.waiting_weeks)
    qs = scope.applications().filter(status__in=(S.SUBMITTED, S.IN_REVIEW), submitted_at__lt=limit)
    counts = dict(qs.values_list("category__code").annotate(n=Count("pk")).order_by())
    table = Table(
        "waiting",
        _("Waiting longer than %(weeks)s weeks") % {"weeks": scope.waiting_weeks},
        [_("Category"), _("Applications")],
        note=_("Submitted or in review, submitted before the limit, still without a decision."),
    )
    table.rows = [[code, n] for code, n in sorted(counts.items())]
    return table


def reviewer_load(scope: Scope) -> Table:
    rows = (
        Review.objects.filter(application__association__in=scope.associations)
        .filter(status=ReviewStatus.ASSIGNED)
        .values("reviewer__full_name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=scope.today)))
        .order_by("-open", "reviewer__full_name")[:50]
    )
    table = Table(
        "reviewers",
        _("Reviewer load"),
        [_("Reviewer"), _("Open reviews"), _("Overdue")],
        note=_("The 50 reviewers with the most open reviews."),
    )
    table.rows = [[r["reviewer__full_name"], r["open"], r["overdue"]] for r in rows]
    return table


def raters(scope: Scope) -> Table:
    invitations = scope.dated(
        Invitation.objects.filter(reference__application__association__in=scope.associations),
        "invited_at",
    )
    if scope.category is not None:
        invitations = invitations.filter(reference__application__category=scope.category)
    answered = invitations.filter(rating__submitted_at__isnull=False)
    times = _median_p90(answered, "invited_at", "rating__submitted_at", [])
    totals = invitations.aggregate(
        sent=Count("pk"),
        declined=Count("pk", filter=Q(declined_at__isnull=False)),
        expired=Count("pk", filter=Q(expired_at__isnull=False)),
    )
    bounced = (
        Link.objects.filter(invitation__in=invitations, email__status="bounced")
        .values("invitation")
        .distinct()
        .count()
    )
    median = times[0]["median"] if times else None
    p90 = times[0]["p90"] if times else None
    table = Table(
        "raters",
        _("Reference raters"),
        [_("Measure"), _("Value")],
        chart="none",
        note=_("Invitations sent in the chosen dates."),
    )
    table.rows = [
        [_("Invitations sent"), totals["sent"]],
        [_("Ratings submitted"), times[0]["n"] if times else 0],
        [_("Median days to answer"), median],
        [_("90th percentile of days to answer"), p90],
        [_("Declined"), totals["declined"]],
        [_("Links expired"), totals["expired"]],
        [_("Invitations whose email bounced"), bounced],
    ]
    return table


def fees(scope: Scope) -> Table:
    qs = scope.dated(
        Payment.objects.filter(
            association__in=scope.associations,
            status__in=(PaymentStatus.PAID, PaymentStatus.REFUNDED),
        ),
        "paid_at",
    )
    if scope.category is not None:
        qs = qs.filter(category_code=scope.category.code)
    sums = {
        r["fee_kind"]: r
        for r in qs.values("fee_kind")
        .annotate(
            n=Count("pk"),
            cents=Sum("total_cents"),
            refunded=Sum("total_cents", filter=Q(status=PaymentStatus.REFUNDED)),
        )
        .order_by()
    }
    table = Table(
        "fees",
        _("Fees received"),
        [_("Fee"), _("Received ($)"), _("Payments"), _("Refunded ($)")],
        note=_("Payments made in the chosen dates."),
    )
    for kind in FeeKind:
        r = sums.get(kind.value)
        if r:
            table.rows.append([kind.label, r["cents"] / 100, r["n"], (r["refunded"] or 0) / 100])
    return table


Section = Callable[[Scope], Table]
_SECTIONS: list[Section] = [pipeline, decision_times, waiting, reviewer_load, raters, fees]


def register_section(section: Section) -> None:
    """Add a section from an app above this one (exam pass rates, renewals)."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def build(scope: Scope) -> list[Table]:
    return [section(scope) for section in _SECTIONS]


def section(scope: Scope, key: str) -> Table | None:
    for table in build(scope):
        if table.key == key:
            return table
    return None
