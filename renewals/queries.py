"""Reusable reads of the renewal cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from endorsements.models import Endorsement

from . import clock
from .dossier import Progress, judge, load_log, progress_of
from .enums import Phase, RenewalStatus
from .models import Renewal, RenewalSettings
from .services.cycle import RENEWABLE, membership_expiry, settings_for


@dataclass(frozen=True)
class YearProgress:
    year: int
    phase: str
    progress: Progress
    renewal: Renewal | None

    def __getattr__(self, name):
        return getattr(self.progress, name)

    inactive_allowed: bool = False

    @property
    def urgent(self) -> bool:
        return self.phase in (Phase.OPEN, Phase.GRACE) and self.progress.percent < 100


def progress_for(person, *, as_of: dt.date | None = None) -> list[YearProgress]:
    """This year's renewal progress of each endorsement ``person`` holds, from the rules module.

    A fixed number of queries whatever the size of the log: the endorsements, each
    association's settings, the person's renewals, and the log of each renewal year (four).
    """
    as_of = as_of or clock.today()
    held = list(
        Endorsement.objects.filter(user=person, status__in=RENEWABLE).select_related(
            "association", "application"
        )
    )
    if not held:
        return []
    cycles = {
        s.association_id: s
        for s in RenewalSettings.objects.filter(association_id__in={e.association_id for e in held})
    }
    for e in held:
        if e.association_id not in cycles:
            cycles[e.association_id] = settings_for(e.association)
    renewals = {(r.association_id, r.year): r for r in Renewal.objects.filter(person=person)}
    logs = {}
    out = []
    for e in held:
        cycle = cycles[e.association_id]
        year = cycle.year_for(as_of)
        if e.renews_on.year > year:
            # Granted in this renewal season: next year's renewal is the first.
            year = e.renews_on.year
        if year not in logs:
            logs[year] = load_log(person, year)
        log = logs[year]
        renewal = renewals.get((e.association_id, year))
        answers = {
            "provides_rsc": renewal.provides_rsc if renewal else _provides_rsc(e),
            "ethics_signed": bool(renewal and renewal.ethics_signed_at),
            "membership_expires_on": (
                membership_expiry(renewal, log) if renewal else log.membership_expires_on
            ),
        }
        out.append(
            YearProgress(
                year=year,
                phase=cycle.phase(year, as_of),
                progress=progress_of(e, judge(e, log, as_of=as_of, **answers)),
                renewal=renewal,
                inactive_allowed=cycle.inactive_allowed,
            )
        )
    return out


def _provides_rsc(endorsement) -> bool:
    # Until this year's renewal form says otherwise, what the application said.
    application = getattr(endorsement, "application", None) if endorsement.application_id else None
    return bool(application and application.provides_rsc)


def queue(association, status: str) -> QuerySet[Renewal]:
    """An association's renewals in one status, oldest submission first."""
    return (
        Renewal.objects.filter(association=association, status=status)
        .select_related("person")
        .prefetch_related("items__endorsement")
        .order_by("submitted_at", "id")
    )


def queue_counts(association) -> dict[str, int]:
    from django.db.models import Count

    rows = (
        Renewal.objects.filter(association=association)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(RenewalStatus.values, 0)
    counts.update({r["status"]: r["n"] for r in rows})
    return counts
