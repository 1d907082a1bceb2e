"""The renewal dossier: the person's log entries of one renewal year, for the rules module.

``load_log`` reads the person's log in a fixed number of queries (whatever its size);
``renewal_dossier`` is a pure function over it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from applications.models import Degree, Membership, RSCSession, Training
from endorsements.rules import DossierError, Evaluation, evaluate
from endorsements.rules.engine import RequirementResult


@dataclass(frozen=True)
class Log:
    """One person's log entries of one year (and their degrees, which some rules read)."""

    year: int
    trainings: tuple[Training, ...]
    rsc_sessions: tuple[RSCSession, ...]
    degrees: tuple[Degree, ...]
    membership_expires_on: dt.date | None


def load_log(person, year: int) -> Log:
    """Four queries, whatever the number of entries."""
    latest = (
        Membership.objects.filter(owner=person)
        .order_by("-expires_on")
        .values_list("expires_on", flat=True)
        .first()
    )
    return Log(
        year=year,
        trainings=tuple(Training.objects.filter(owner=person, date__year=year)),
        rsc_sessions=tuple(RSCSession.objects.filter(owner=person, date__year=year)),
        degrees=tuple(Degree.objects.filter(owner=person)),
        membership_expires_on=latest,
    )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _hours(value: Decimal) -> float:
    return float(value)


def renewal_dossier(
    endorsement,
    log: Log,
    *,
    as_of: dt.date,
    provides_rsc: bool,
    ethics_signed: bool,
    membership_expires_on: dt.date | None,
) -> dict[str, Any]:
    """The renewal dossier of ``endorsement`` (shared/dossier/README.md, purpose renewal):
    the year's training and RS/C dated up to ``as_of``."""
    return {
        "association": endorsement.association.code,
        "category": endorsement.category_code,
        "purpose": "renewal",
        "as_of": as_of.isoformat(),
        "renewal_year": log.year,
        "endorsed_since": _iso(endorsement.granted_on),
        "degrees": [
            {
                "level": d.level,
                "name": d.name,
                "completed_on": _iso(d.completed_on),
                # Degrees were checked when the endorsement was granted.
                "transcript": True,
            }
            for d in log.degrees
        ],
        "trainings": [
            {
                "title": t.title,
                "date": _iso(t.date),
                "hours": _hours(t.hours),
                "topics": list(t.topics),
            }
            for t in log.trainings
            if t.date <= as_of
        ],
        "rsc": [
            {
                "date": _iso(s.date),
                "hours": _hours(s.hours),
                "format": s.format,
                "provider_endorsement": s.provider_endorsement or None,
                "provider_vetted": s.provider_vetted,
                "provider_degree": s.provider_degree or None,
                "about_rsc_provided": s.about_rsc_provided,
            }
            for s in log.rsc_sessions
            if s.date <= as_of
        ],
        "provides_rsc": provides_rsc,
        "code_of_ethics_signed": ethics_signed,
        "membership_expires_on": _iso(membership_expires_on),
    }


def judge(endorsement, log: Log, *, as_of: dt.date, **answers) -> Evaluation | None:
    """The rules module's verdict (purpose renewal); None when the rules cannot judge it (a
    category the association no longer offers)."""
    try:
        return evaluate(renewal_dossier(endorsement, log, as_of=as_of, **answers))
    except DossierError:
        return None


# -- live progress --------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    endorsement: Any
    evaluation: Evaluation | None
    #: 0-100: the share of each required hour count done (others count 0 or 1), averaged.
    percent: int
    missing: str

    @property
    def requirements(self) -> list[RequirementResult]:
        return [] if self.evaluation is None else self.evaluation.requirements


def _share(r: RequirementResult) -> float:
    if r.status == "met":
        return 1.0
    if isinstance(r.have, int | float) and r.need:
        return max(0.0, min(r.have / r.need, 1.0))
    return 0.0


#: Signed on the renewal form itself, so not part of the year's progress.
_FORM_ONLY = frozenset({"code_of_ethics"})


def progress_of(endorsement, evaluation: Evaluation | None) -> Progress:
    if evaluation is None:
        return Progress(endorsement, None, 0, _("The rules cannot judge this category this year."))
    counted = [r for r in evaluation.requirements if r.blocks and r.code not in _FORM_ONLY]
    percent = round(100 * sum(_share(r) for r in counted) / len(counted)) if counted else 100
    missing = [r for r in evaluation.missing if r.code not in _FORM_ONLY]
    if not missing:
        sentence = _("Everything this year's renewal needs is in your log.")
    else:
        sentence = _("Still missing: %(items)s") % {
            "items": "; ".join(r.message.rstrip(".") for r in missing) + "."
        }
    return Progress(endorsement, evaluation, percent, sentence)
