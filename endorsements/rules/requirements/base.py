"""What every requirement function shares: the ``Outcome`` it returns, the ``Context`` it
reads, and the words used in the sentences for the applicant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..dossier import DEGREE_RANK, Dossier, WorkPeriod
from ..ruleset import CategoryInfo, ResolvedRule, RuleSet

GRADUATE_CERTIFICATES = ("university_certificate", "postgraduate_specialization")
DEGREE_WORDS = {
    "associate": "associate degree",
    "bachelor": "bachelor's degree",
    "master": "master's degree",
    "doctorate": "doctorate",
}
CERTIFICATE_WORDS = {
    "cda": "CDA (Child Development Associate) certificate",
    "university_certificate": "university certificate programme",
    "postgraduate_specialization": "post-graduate specialisation",
}
RELATIONSHIP_WORDS = {
    "current_supervisor": "your current programme supervisor",
    "other_supervisor": "another supervisor",
    "rsc_provider": "your RS/C provider",
    "rsc_recipient": "someone who receives RS/C from you",
    "supervisee": "someone you supervise",
    "colleague": "a colleague",
    "teacher": "a teacher",
    "trainer": "a trainer",
    "consultant": "a consultant",
    "parent": "a parent or service recipient",
    "board_member": "a board member",
    "cda_mentor": "your CDA mentor",
    "department_chair": "your department supervisor or chair",
    "student": "a student you taught or supervised",
}
AGE_WORDS = {"infant": "infants and toddlers", "early_childhood": "young children (3 to 6)"}


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str
    have: float | None = None
    need: float | None = None
    message: str = ""


class Context:
    """What a requirement function may read: the dossier, the category, the day, the other
    requirements' parameters, and measurements shared between requirements."""

    __slots__ = ("_memo", "as_of", "category", "dossier", "resolved", "ruleset")

    def __init__(
        self,
        dossier: Dossier,
        category: CategoryInfo,
        resolved: tuple[ResolvedRule, ...],
        ruleset: RuleSet,
    ) -> None:
        self.dossier = dossier
        self.category = category
        self.as_of = dossier.as_of
        self.resolved = {r.code: r for r in resolved}
        self.ruleset = ruleset
        self._memo: dict[Any, Any] = {}

    def params_for(self, code: str) -> dict[str, Any] | None:
        rule = self.resolved.get(code)
        return rule.params if rule else None

    def degree_date(self, level: str | None) -> dt.date | None:
        """The day the applicant first held a degree at ``level`` or higher (with its official
        transcript); for "master", a graduate certificate programme counts too."""
        if level is None:
            return None
        key = ("degree_date", level)
        if key not in self._memo:
            rank = DEGREE_RANK[level]
            days = [
                d.completed_on
                for d in self.dossier.degrees
                if d.transcript and DEGREE_RANK[d.level] >= rank and d.completed_on <= self.as_of
            ]
            if rank >= DEGREE_RANK["master"]:
                days += [
                    c.completed_on
                    for c in self.dossier.certificates
                    if c.kind in GRADUATE_CERTIFICATES
                    and c.document
                    and c.completed_on is not None
                    and c.completed_on <= self.as_of
                ]
            self._memo[key] = min(days) if days else None
        return self._memo[key]

    def highest_degree_rank(self) -> int:
        if "highest" not in self._memo:
            self._memo["highest"] = max(
                (DEGREE_RANK[d.level] for d in self.dossier.degrees if d.transcript), default=0
            )
        return self._memo["highest"]

    def training_totals(self) -> dict[str | None, float]:
        """Hours of training up to ``as_of``: the total under None, and per topic (one pass)."""
        if "trainings" not in self._memo:
            as_of = self.as_of
            totals: dict[str | None, float] = {None: 0.0}
            for t in self.dossier.trainings:
                if t.date <= as_of:
                    totals[None] += t.hours
                    for topic in t.topics:
                        totals[topic] = totals.get(topic, 0.0) + t.hours
            self._memo["trainings"] = totals
        return self._memo["trainings"]

    def renewal_year(self) -> int:
        return self.dossier.renewal_year or self.as_of.year

    def age_matches(self, work: WorkPeriod) -> bool:
        return work.age_group == "both" or work.age_group == self.category.family


# -- words -------------------------------------------------------------------------------------


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if value != int(value) else str(int(value))


def _or(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _and(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _with_reasons(head: str, reasons: list[str]) -> str:
    return f"{head}: {'; '.join(reasons)}." if reasons else f"{head}."


def _is_are(count: int) -> str:
    return "is" if count == 1 else "are"
