"""What every requirement function shares: the ``Outcome`` it returns, the ``Context`` it
reads, and the words used in the sentences for the applicant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..dossier import DEGREE_RANK, Dossier, WorkPeriod
from ..ruleset import CategoryInfo, ResolvedRule, RuleSet

GRADUATE_CERTIFICATES = ("university_certificate", "postgraduate_specialization")
# The words below are the English of the sentences; ``words()`` gives them in the reader's
# language (marked with gettext_noop so that makemessages finds them).
DEGREE_WORDS = {
    "associate": gettext_noop("associate degree"),
    "bachelor": gettext_noop("bachelor's degree"),
    "master": gettext_noop("master's degree"),
    "doctorate": gettext_noop("doctorate"),
}
CERTIFICATE_WORDS = {
    "cda": gettext_noop("CDA (Child Development Associate) certificate"),
    "university_certificate": gettext_noop("university certificate programme"),
    "postgraduate_specialization": gettext_noop("post-graduate specialisation"),
}
#: "a CDA certificate" and so on, as one of the ways to meet the education requirement.
A_CERTIFICATE_WORDS = {
    "cda": gettext_noop("a CDA (Child Development Associate) certificate"),
    "university_certificate": gettext_noop("a university certificate programme"),
    "postgraduate_specialization": gettext_noop("a post-graduate specialisation"),
}
RELATIONSHIP_WORDS = {
    "current_supervisor": gettext_noop("your current programme supervisor"),
    "other_supervisor": gettext_noop("another supervisor"),
    "rsc_provider": gettext_noop("your RS/C provider"),
    "rsc_recipient": gettext_noop("someone who receives RS/C from you"),
    "supervisee": gettext_noop("someone you supervise"),
    "colleague": gettext_noop("a colleague"),
    "teacher": gettext_noop("a teacher"),
    "trainer": gettext_noop("a trainer"),
    "consultant": gettext_noop("a consultant"),
    "parent": gettext_noop("a parent or service recipient"),
    "board_member": gettext_noop("a board member"),
    "cda_mentor": gettext_noop("your CDA mentor"),
    "department_chair": gettext_noop("your department supervisor or chair"),
    "student": gettext_noop("a student you taught or supervised"),
}
AGE_WORDS = {
    "infant": gettext_noop("infants and toddlers"),
    "early_childhood": gettext_noop("young children (3 to 6)"),
}
#: Leadership levels as the sentences name them.
LEVEL_WORDS = {
    "regional": gettext_noop("regional"),
    "state": gettext_noop("state"),
    "national": gettext_noop("national"),
}
#: The labels of the work experience parts in fixtures/catalog/30_requirements.json (data read
#: by applicants): listed here so that they have Spanish; a label added in the admin and not
#: listed reads in English.
WORK_PART_LABELS = (
    gettext_noop("paid work in prevention or early intervention"),
    gettext_noop(
        "paid, supervised, relationship-based work with young children and their caregivers"
    ),
    gettext_noop("post-graduate experience providing RS/C to others"),
    gettext_noop("post-graduate leadership in policy or programme administration"),
    gettext_noop("post-graduate leadership in university teaching or published research"),
)
#: The sentences of waived rules ("waived" in a rule's parameters), listed for the same reason.
WAIVED_SENTENCES = (
    gettext_noop(
        "No written exam is needed for IMHS or ECMHS applications judged on or after "
        "1 January 2025."
    ),
    gettext_noop("Washington does not require a degree for IFS."),
)


def words(table: dict[str, str], key: str, default: str | None = None) -> str:
    """``table[key]`` in the reader's language (``default``, or the key, when not listed)."""
    if key in table:
        return _(table[key])
    return key if default is None else default


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
    """A number as the sentences show it: no trailing ".0"; the reader's decimal mark."""
    if value is None:
        return ""
    text = f"{value:g}" if value != int(value) else str(int(value))
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _or(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _and(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _with_reasons(head: str, reasons: list[str]) -> str:
    return f"{head}: {'; '.join(reasons)}." if reasons else f"{head}."


def _is_are(count: int) -> str:
    return "is" if count == 1 else "are"
