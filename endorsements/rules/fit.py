"""Which endorsement fits me? A few answers become a rough dossier, judged against every
category the association offers: the one that fits comes first, and each other category says
what it lacks.

The questions (``FitAnswers``) cover what tells categories apart: the highest degree, the
children and the kind of work, the years of work, the hours of training and of RS/C received.
What they do not ask is filled in the applicant's favour, each choice named below, so that only
the answers rank the categories.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dossier import (
    AGE_GROUPS,
    DEGREE_LEVELS,
    SERVICES,
    Degree,
    Dossier,
    RscSession,
    Training,
    WorkPeriod,
)
from .engine import Evaluation, RequirementResult, evaluate
from .measures import MONTH_DAYS
from .ruleset import RuleSet, get_ruleset

#: Every category asks these of everyone and the questions do not: they never tell categories
#: apart, so they are left out of what a category "lacks".
NOT_ASKED = frozenset(
    {
        "references",
        "reference_roles",
        "reference_endorsed_rater",
        "code_of_ethics",
        "agreement",
        "membership",
        "exam",
    }
)
#: RS/C sessions are spread evenly, one a month, over the middle of the 12-to-24-month run of
#: sessions the RS/C rule counts.
RSC_SPAN_MONTHS = 18
#: The RS/C provider is one every category accepts: an Infant Mental Health Mentor - Clinical
#: with a master's degree.
RSC_PROVIDER_ENDORSEMENT = "IMHM-C"
RSC_PROVIDER_DEGREE = "master"
#: The work served as many families as any category asks for (IFS/ECFS: at least 10).
FAMILIES_SERVED = 10


@dataclass(frozen=True)
class FitAnswers:
    """The answers of "which endorsement fits me?" (values of the dossier's own lists)."""

    highest_degree: str | None  # one of DEGREE_LEVELS, or None
    age_group: str  # one of AGE_GROUPS
    service: str  # one of SERVICES
    years_of_work: float
    training_hours: float
    rsc_hours: float

    def __post_init__(self) -> None:
        if self.highest_degree is not None and self.highest_degree not in DEGREE_LEVELS:
            raise ValueError(f"highest_degree: {self.highest_degree!r}")
        if self.age_group not in AGE_GROUPS:
            raise ValueError(f"age_group: {self.age_group!r}")
        if self.service not in SERVICES:
            raise ValueError(f"service: {self.service!r}")


@dataclass(frozen=True)
class Fit:
    """One category judged on the answers: ``lacks`` is what it asks that the answers do not
    show (empty: the answers meet it)."""

    category: str
    evaluation: Evaluation
    lacks: tuple[RequirementResult, ...]

    @property
    def fits(self) -> bool:
        return not self.lacks


def fit_dossier(answers: FitAnswers, association: str, on: dt.date) -> Dossier:
    """The rough dossier of the answers, as of ``on`` (no category: each is tried in turn)."""
    months = round(answers.years_of_work * 12)
    start = on - dt.timedelta(days=round(months * MONTH_DAYS))
    degrees: tuple[Degree, ...] = ()
    if answers.highest_degree:
        # Finished the day before the work began: all of the work counts after the degree.
        degrees = (
            Degree(
                level=answers.highest_degree,
                name="",  # the sentences then name the level in the reader's language
                completed_on=start - dt.timedelta(days=1),
                transcript=True,
            ),
        )
    work: tuple[WorkPeriod, ...] = ()
    if months:
        work = (
            WorkPeriod(
                title="work",
                start=start,
                end=None,
                paid=True,
                volunteer_qualifies=False,
                age_group=answers.age_group,
                service=answers.service,
                families_served=FAMILIES_SERVED,
                internship=False,
                internship_supervisor_endorsement=None,
            ),
        )
    trainings: tuple[Training, ...] = ()
    if answers.training_hours:
        trainings = (
            Training(title="training", date=on, hours=answers.training_hours, topics=frozenset()),
        )
    sessions: tuple[RscSession, ...] = ()
    if answers.rsc_hours:
        per_session = answers.rsc_hours / RSC_SPAN_MONTHS
        sessions = tuple(
            RscSession(
                date=on - dt.timedelta(days=round(i * MONTH_DAYS)),
                hours=per_session,
                format="individual",
                provider_endorsement=RSC_PROVIDER_ENDORSEMENT,
                provider_vetted=False,
                provider_degree=RSC_PROVIDER_DEGREE,
                about_rsc_provided=False,
            )
            for i in reversed(range(RSC_SPAN_MONTHS))
        )
    return Dossier(
        association=association,
        category=None,
        purpose="application",
        as_of=on,
        degrees=degrees,
        work=work,
        trainings=trainings,
        rsc=sessions,
        provides_rsc=answers.service == "rsc_provision",
    )


def _distance(lacks: tuple[RequirementResult, ...]) -> float:
    """How far from meeting: each lacking requirement counts 1, less the share already done."""
    total = 0.0
    for r in lacks:
        if isinstance(r.have, int | float) and r.need:
            total += 1 - min(r.have / r.need, 1)
        else:
            total += 1
    return total


def rank_fits(
    answers: FitAnswers, association: str, on: dt.date, *, ruleset: RuleSet | None = None
) -> list[Fit]:
    """Every category ``association`` offers on ``on``, judged on the answers: first the ones
    the answers meet, the highest of them first (meeting IFS, one fits IFS rather than IFA,
    which asks less); then the others, closest first. Ties keep the catalog's order."""
    ruleset = ruleset or get_ruleset()
    dossier = fit_dossier(answers, association, on)
    fits = []
    for code in ruleset.offered(association, on):
        evaluation = evaluate(dossier.for_category(code), ruleset=ruleset)
        lacks = tuple(r for r in evaluation.missing if r.code not in NOT_ASKED)
        fits.append(Fit(category=code, evaluation=evaluation, lacks=lacks))
    info = ruleset.categories
    fits.sort(
        key=lambda f: (
            not f.fits,
            -info[f.category].level if f.fits else _distance(f.lacks),
            info[f.category].position,
        )
    )
    return fits
