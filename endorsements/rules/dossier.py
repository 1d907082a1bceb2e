"""The dossier: everything that counts toward one category as of one date, parsed and checked.

The input shape is shared/dossier/README.md. ``parse_dossier`` turns a dict into a ``Dossier``
or raises ``DossierError(field, message)`` naming the first bad field ("rsc[3].hours").
Unknown fields are ignored; missing lists are empty.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, overload

from .choices import (
    AgeGroup,
    CertificateKind,
    DegreeLevel,
    LeadershipLevel,
    ProviderDegree,
    ReferenceRelationship,
    RSCFormat,
    ServiceKind,
)

if TYPE_CHECKING:
    from .ruleset import RuleSet

DEGREE_LEVELS = tuple(DegreeLevel.values)
DEGREE_RANK = {level: i for i, level in enumerate(DEGREE_LEVELS, 1)}
CERTIFICATE_KINDS = tuple(CertificateKind.values)
AGE_GROUPS = tuple(AgeGroup.values)
SERVICES = tuple(ServiceKind.values)
RSC_FORMATS = tuple(RSCFormat.values)
PROVIDER_DEGREES = tuple(ProviderDegree.values)
RELATIONSHIPS = tuple(ReferenceRelationship.values)
REFERENCE_STATUSES = ("requested", "submitted", "declined")
LEADERSHIP_LEVELS = tuple(LeadershipLevel.values)
EXAM_RESULTS = ("not_taken", "passed", "failed")
PURPOSES = ("application", "renewal")
#: For messages: the choices in their documented order.
CHOICE_ORDER: dict[Any, tuple[str, ...]] = {
    choices: choices
    for choices in (
        DEGREE_LEVELS, CERTIFICATE_KINDS, AGE_GROUPS, SERVICES, RSC_FORMATS, PROVIDER_DEGREES,
        RELATIONSHIPS, REFERENCE_STATUSES, LEADERSHIP_LEVELS, EXAM_RESULTS, PURPOSES,
    )
}  # fmt: skip


class DossierError(ValueError):
    """Bad input. ``str()`` is one line naming the field: "rsc[3].hours: must be more than 0"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(slots=True)
class Degree:
    level: str
    name: str
    completed_on: dt.date
    transcript: bool


@dataclass(slots=True)
class Certificate:
    kind: str
    completed_on: dt.date | None
    document: bool


@dataclass(slots=True)
class WorkPeriod:
    title: str
    start: dt.date
    end: dt.date | None
    paid: bool
    volunteer_qualifies: bool
    age_group: str | None
    service: str | None
    families_served: int
    internship: bool
    internship_supervisor_endorsement: str | None


@dataclass(slots=True)
class Training:
    title: str
    date: dt.date
    hours: float
    topics: frozenset[str]


@dataclass(slots=True)
class RscSession:
    date: dt.date
    hours: float
    format: str
    provider_endorsement: str | None
    provider_vetted: bool
    provider_degree: str | None
    about_rsc_provided: bool
    day: int = field(default=0, compare=False)  # the date's ordinal, for fast arithmetic

    def __post_init__(self) -> None:
        if not self.day:
            self.day = self.date.toordinal()


@dataclass(slots=True)
class LeadershipActivity:
    title: str
    level: str


@dataclass(slots=True)
class Reference:
    relationship: str
    rater_endorsement: str | None
    rater_vetted: bool
    status: str


@dataclass(frozen=True, slots=True)
class Dossier:
    """A parsed dossier. Its records are treated as read-only values; the rules never change
    them (the item classes are not frozen only because frozen dataclasses are slow to build)."""

    association: str
    category: str | None
    purpose: str
    as_of: dt.date
    degrees: tuple[Degree, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    work: tuple[WorkPeriod, ...] = ()
    trainings: tuple[Training, ...] = ()
    rsc: tuple[RscSession, ...] = ()  # sorted by date
    provides_rsc: bool = False
    leadership_activities: tuple[LeadershipActivity, ...] = ()
    references: tuple[Reference, ...] = ()
    code_of_ethics_signed: bool = False
    agreement_signed: bool = False
    membership_expires_on: dt.date | None = None
    exam: str = "not_taken"
    endorsed_since: dt.date | None = None
    renewal_year: int | None = None
    rsc_days: tuple[int, ...] = field(default=(), compare=False, repr=False)  # of ``rsc``

    def __post_init__(self) -> None:
        if len(self.rsc_days) != len(self.rsc):
            object.__setattr__(self, "rsc_days", tuple(s.day for s in self.rsc))

    def for_category(self, category: str) -> Dossier:
        """The same person's dossier judged against another category."""
        return replace(self, category=category)

    @classmethod
    def build(
        cls,
        *,
        degrees: Iterable[Degree] = (),
        certificates: Iterable[Certificate] = (),
        work: Iterable[WorkPeriod] = (),
        trainings: Iterable[Training] = (),
        rsc: Iterable[RscSession] = (),
        leadership_activities: Iterable[LeadershipActivity] = (),
        references: Iterable[Reference] = (),
        **fields: Any,
    ) -> Dossier:
        """A dossier from records in any order (``parse_dossier`` and the portal's
        ``build_dossier`` both make theirs here). Degrees, certificates and sessions are
        sorted so that nothing (not even a message naming "your MSW") depends on list order."""
        return cls(
            degrees=tuple(
                sorted(
                    degrees,
                    key=lambda g: (g.completed_on, DEGREE_RANK[g.level], g.name, g.transcript),
                )
            ),
            certificates=tuple(
                sorted(
                    certificates, key=lambda c: (c.completed_on or dt.date.min, c.kind, c.document)
                )
            ),
            work=tuple(work),
            trainings=tuple(trainings),
            rsc=tuple(sorted(rsc, key=lambda s: s.day)),
            leadership_activities=tuple(leadership_activities),
            references=tuple(references),
            **fields,
        )

    def to_dict(self) -> dict[str, Any]:
        """The dossier in the JSON shape of shared/dossier/README.md (what a submitted version
        keeps); ``parse_dossier(d.to_dict())`` gives the same dossier back."""

        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        data: dict[str, Any] = {
            "association": self.association,
            "category": self.category,
            "purpose": self.purpose,
            "as_of": self.as_of.isoformat(),
            "degrees": [
                {
                    "level": d.level,
                    "name": d.name,
                    "completed_on": iso(d.completed_on),
                    "transcript": d.transcript,
                }
                for d in self.degrees
            ],
            "certificates": [
                {"kind": c.kind, "completed_on": iso(c.completed_on), "document": c.document}
                for c in self.certificates
            ],
            "work": [
                {
                    "title": w.title,
                    "start": iso(w.start),
                    "end": iso(w.end),
                    "paid": w.paid,
                    "volunteer_qualifies": w.volunteer_qualifies,
                    "age_group": w.age_group,
                    "service": w.service,
                    "families_served": w.families_served,
                    "internship": w.internship,
                    "internship_supervisor_endorsement": w.internship_supervisor_endorsement,
                }
                for w in self.work
            ],
            "trainings": [
                {
                    "title": t.title,
                    "date": iso(t.date),
                    "hours": t.hours,
                    "topics": sorted(t.topics),
                }
                for t in self.trainings
            ],
            "rsc": [
                {
                    "date": iso(s.date),
                    "hours": s.hours,
                    "format": s.format,
                    "provider_endorsement": s.provider_endorsement,
                    "provider_vetted": s.provider_vetted,
                    "provider_degree": s.provider_degree,
                    "about_rsc_provided": s.about_rsc_provided,
                }
                for s in self.rsc
            ],
            "provides_rsc": self.provides_rsc,
            "leadership_activities": [
                {"title": a.title, "level": a.level} for a in self.leadership_activities
            ],
            "references": [
                {
                    "relationship": r.relationship,
                    "rater_endorsement": r.rater_endorsement,
                    "rater_vetted": r.rater_vetted,
                    "status": r.status,
                }
                for r in self.references
            ],
            "code_of_ethics_signed": self.code_of_ethics_signed,
            "agreement_signed": self.agreement_signed,
            "membership_expires_on": iso(self.membership_expires_on),
            "exam": self.exam,
        }
        if self.endorsed_since is not None:
            data["endorsed_since"] = self.endorsed_since.isoformat()
        if self.renewal_year is not None:
            data["renewal_year"] = self.renewal_year
        return data


# -- field readers ------------------------------------------------------------------------------
# Each reader takes the object, the key and where the object sits (("rsc", 3) or None for the
# top level); the field's name ("rsc[3].hours") is only spelled out when something is wrong,
# which keeps parsing a large dossier cheap.

Where = tuple[str, int] | None
_fromisoformat = dt.date.fromisoformat


def _field(where: Where, key: str) -> str:
    return key if where is None else f"{where[0]}[{where[1]}].{key}"


@overload
def _date(d: dict, key: str, where: Where) -> dt.date: ...
@overload
def _date(d: dict, key: str, where: Where, *, required: Literal[False]) -> dt.date | None: ...
def _date(d: dict, key: str, where: Where, *, required: bool = True) -> dt.date | None:
    value = d.get(key)
    if type(value) is str and len(value) == 10:
        try:
            return _fromisoformat(value)
        except ValueError:
            pass
    elif value is None:
        if required:
            raise DossierError(_field(where, key), "is required (a date, YYYY-MM-DD)")
        return None
    elif type(value) is dt.date:
        return value
    raise DossierError(_field(where, key), f"{value!r} is not a date (use YYYY-MM-DD)")


def _bool(d: dict, key: str, where: Where) -> bool:
    value = d.get(key)
    if value is True or value is False:
        return value
    if value is None:
        return False
    raise DossierError(_field(where, key), f"must be true or false, not {value!r}")


def _hours(d: dict, key: str, where: Where) -> float:
    value: Any = d.get(key)
    kind = type(value)
    if (kind is int or kind is float) and 0 < value < math.inf:
        return float(value)
    field = _field(where, key)
    if value is None:
        raise DossierError(field, "is required (a number of hours greater than 0)")
    if kind is not int and kind is not float:
        raise DossierError(field, f"must be a number of hours, not {value!r}")
    raise DossierError(field, f"must be greater than 0 (got {value!r})")


def _choice(
    d: dict, key: str, where: Where, choices: frozenset[str] | tuple, default: str | None = None
):
    value = d.get(key)
    if value is None:
        return default
    if type(value) is str and value in choices:
        return value
    raise DossierError(
        _field(where, key), f"{value!r} is not one of: {', '.join(CHOICE_ORDER[choices])}"
    )


def _required_choice(d: dict, key: str, where: Where, choices) -> str:
    if d.get(key) is None:
        raise DossierError(
            _field(where, key), f"is required (one of: {', '.join(CHOICE_ORDER[choices])})"
        )
    return _choice(d, key, where, choices)


def _text(d: dict, key: str, where: Where) -> str:
    value = d.get(key)
    if type(value) is str:
        return value
    if value is None:
        return ""
    raise DossierError(_field(where, key), f"must be text, not {value!r}")


def _code(d: dict, key: str, where: Where) -> str | None:
    """A category code (a provider's or rater's endorsement); blank means none."""
    value = d.get(key)
    if value is None or value == "":
        return None
    if type(value) is str:
        return value.strip().upper()
    raise DossierError(
        _field(where, key), f"must be a category code such as IMHS, or null, not {value!r}"
    )


def _items(data: dict, name: str) -> list[tuple[tuple[str, int], dict]]:
    value = data.get(name)
    if value is None:
        return []
    if type(value) is not list:
        raise DossierError(name, "must be a list")
    for i, item in enumerate(value):
        if type(item) is not dict:
            raise DossierError(f"{name}[{i}]", "must be an object")
    return [((name, i), item) for i, item in enumerate(value)]


def _degree(w: Where, d: dict) -> Degree:
    return Degree(
        level=_required_choice(d, "level", w, DEGREE_LEVELS),
        name=_text(d, "name", w),
        completed_on=_date(d, "completed_on", w),
        transcript=_bool(d, "transcript", w),
    )


def _certificate(w: Where, d: dict) -> Certificate:
    return Certificate(
        kind=_required_choice(d, "kind", w, CERTIFICATE_KINDS),
        completed_on=_date(d, "completed_on", w, required=False),
        document=_bool(d, "document", w),
    )


def _work(w: Where, d: dict) -> WorkPeriod:
    start = _date(d, "start", w)
    end = _date(d, "end", w, required=False)
    if end is not None and end < start:
        raise DossierError(
            _field(w, "end"), f"{end.isoformat()} is before the start {start.isoformat()}"
        )
    families = d.get("families_served")
    if families is None:
        families = 0
    elif type(families) is not int or families < 0:
        raise DossierError(
            _field(w, "families_served"), f"must be a whole number, not {families!r}"
        )
    return WorkPeriod(
        title=_text(d, "title", w),
        start=start,
        end=end,
        paid=_bool(d, "paid", w),
        volunteer_qualifies=_bool(d, "volunteer_qualifies", w),
        age_group=_choice(d, "age_group", w, AGE_GROUPS),
        service=_choice(d, "service", w, SERVICES),
        families_served=families,
        internship=_bool(d, "internship", w),
        internship_supervisor_endorsement=_code(d, "internship_supervisor_endorsement", w),
    )


_NO_TOPICS: frozenset[str] = frozenset()


def _training(w: Where, d: dict) -> Training:
    topics = d.get("topics")
    if not topics:
        topic_set = _NO_TOPICS
    elif type(topics) is list and all(type(t) is str for t in topics):
        topic_set = frozenset(topics)
    else:
        raise DossierError(_field(w, "topics"), "must be a list of topic names")
    return Training(
        title=_text(d, "title", w),
        date=_date(d, "date", w),
        hours=_hours(d, "hours", w),
        topics=topic_set,
    )


def _rsc(w: Where, d: dict) -> RscSession:
    day = _date(d, "date", w)
    return RscSession(
        date=day,
        hours=_hours(d, "hours", w),
        format=_choice(d, "format", w, RSC_FORMATS, "individual"),
        provider_endorsement=_code(d, "provider_endorsement", w),
        provider_vetted=_bool(d, "provider_vetted", w),
        provider_degree=_choice(d, "provider_degree", w, PROVIDER_DEGREES),
        about_rsc_provided=_bool(d, "about_rsc_provided", w),
        day=day.toordinal(),
    )


def _leadership(w: Where, d: dict) -> LeadershipActivity:
    return LeadershipActivity(
        title=_text(d, "title", w), level=_required_choice(d, "level", w, LEADERSHIP_LEVELS)
    )


def _reference(w: Where, d: dict) -> Reference:
    return Reference(
        relationship=_required_choice(d, "relationship", w, RELATIONSHIPS),
        rater_endorsement=_code(d, "rater_endorsement", w),
        rater_vetted=_bool(d, "rater_vetted", w),
        status=_choice(d, "status", w, REFERENCE_STATUSES, "requested"),
    )


def _code_field(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise DossierError(
            name, f"must be a code such as {'IFS' if name == 'category' else 'WI-AIMH'}"
        )
    return value.strip()


def parse_dossier(
    data: Any,
    *,
    ruleset: RuleSet | None = None,
    today: dt.date | None = None,
    require_category: bool = True,
) -> Dossier:
    """Check and parse a dossier dict. Raises ``DossierError`` naming the first bad field.

    With a ruleset (the default one when None) the association and category are checked
    against the catalog: known, and the category offered by the association on ``as_of``.
    """
    if not isinstance(data, dict):
        raise DossierError("dossier", "must be a JSON object")
    if ruleset is None:
        from .ruleset import get_ruleset

        ruleset = get_ruleset()

    association = _code_field(data, "association")
    if association is None:
        raise DossierError(
            "association", f"is required (one of: {', '.join(ruleset.associations)})"
        )
    if association not in ruleset.associations:
        raise DossierError(
            "association",
            f"unknown association {association!r} (known: {', '.join(ruleset.associations)})",
        )
    purpose = _choice(data, "purpose", None, PURPOSES, "application")
    as_of = _date(data, "as_of", None, required=False)
    if as_of is None:
        as_of = today or dt.date.today()

    category = _code_field(data, "category")
    if category is not None:
        category = category.upper()
        if category not in ruleset.categories:
            raise DossierError(
                "category",
                f"unknown category {category!r} (known: {', '.join(ruleset.categories)})",
            )
        if not ruleset.offers(association, category, as_of):
            raise DossierError(
                "category",
                f"{association} does not offer {category} on {as_of.isoformat()} "
                f"(it offers: {', '.join(ruleset.offered(association, as_of))})",
            )
    elif require_category:
        raise DossierError("category", "is required (a category code such as IFS)")

    renewal_year = data.get("renewal_year")
    if renewal_year is not None and (
        isinstance(renewal_year, bool) or not isinstance(renewal_year, int)
    ):
        raise DossierError("renewal_year", f"must be a year such as 2026, not {renewal_year!r}")

    return Dossier.build(
        association=association,
        category=category,
        purpose=purpose,
        as_of=as_of,
        degrees=[_degree(f, d) for f, d in _items(data, "degrees")],
        certificates=[_certificate(f, d) for f, d in _items(data, "certificates")],
        work=[_work(f, d) for f, d in _items(data, "work")],
        trainings=[_training(f, d) for f, d in _items(data, "trainings")],
        rsc=[_rsc(f, d) for f, d in _items(data, "rsc")],
        provides_rsc=_bool(data, "provides_rsc", None),
        leadership_activities=[_leadership(f, d) for f, d in _items(data, "leadership_activities")],
        references=[_reference(f, d) for f, d in _items(data, "references")],
        code_of_ethics_signed=_bool(data, "code_of_ethics_signed", None),
        agreement_signed=_bool(data, "agreement_signed", None),
        membership_expires_on=_date(data, "membership_expires_on", None, required=False),
        exam=_choice(data, "exam", None, EXAM_RESULTS, "not_taken"),
        endorsed_since=_date(data, "endorsed_since", None, required=False),
        renewal_year=renewal_year,
    )
