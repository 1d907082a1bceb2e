"""The dossier: everything that counts toward one category as of one date, parsed and checked.

The input shape is shared/dossier/README.md. ``parse_dossier`` turns a dict into a ``Dossier``
or raises ``DossierError(field, message)`` naming the first bad field ("rsc[3].hours").
Unknown fields are ignored; missing lists are empty.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ruleset import RuleSet

DEGREE_LEVELS = ("associate", "bachelor", "master", "doctorate")
DEGREE_RANK = {level: i for i, level in enumerate(DEGREE_LEVELS, 1)}
CERTIFICATE_KINDS = ("cda", "university_certificate", "postgraduate_specialization")
AGE_GROUPS = ("infant", "early_childhood", "both")
SERVICES = (
    "promotion",
    "prevention",
    "intervention",
    "rsc_provision",
    "policy_leadership",
    "research_faculty_leadership",
)
RSC_FORMATS = ("individual", "group", "peer")
PROVIDER_DEGREES = ("bachelor", "master", "doctorate")
RELATIONSHIPS = (
    "current_supervisor",
    "other_supervisor",
    "rsc_provider",
    "rsc_recipient",
    "supervisee",
    "colleague",
    "teacher",
    "trainer",
    "consultant",
    "parent",
    "board_member",
    "cda_mentor",
    "department_chair",
    "student",
)
REFERENCE_STATUSES = ("requested", "submitted", "declined")
LEADERSHIP_LEVELS = ("regional", "state", "national")
EXAM_RESULTS = ("not_taken", "passed", "failed")
PURPOSES = ("application", "renewal")


class DossierError(ValueError):
    """Bad input. ``str()`` is one line naming the field: "rsc[3].hours: must be more than 0"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Degree:
    level: str
    name: str
    completed_on: dt.date | None
    transcript: bool


@dataclass(frozen=True, slots=True)
class Certificate:
    kind: str
    completed_on: dt.date | None
    document: bool


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Training:
    title: str
    date: dt.date
    hours: float
    topics: frozenset[str]


@dataclass(frozen=True, slots=True)
class RscSession:
    date: dt.date
    hours: float
    format: str
    provider_endorsement: str | None
    provider_vetted: bool
    provider_degree: str | None
    about_rsc_provided: bool


@dataclass(frozen=True, slots=True)
class LeadershipActivity:
    title: str
    level: str


@dataclass(frozen=True, slots=True)
class Reference:
    relationship: str
    rater_endorsement: str | None
    rater_vetted: bool
    status: str


@dataclass(frozen=True, slots=True)
class Dossier:
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

    def for_category(self, category: str) -> Dossier:
        """The same person's dossier judged against another category."""
        return replace(self, category=category)


# -- field readers ------------------------------------------------------------------------------


def _date(value: Any, field: str, *, required: bool = True) -> dt.date | None:
    if value is None:
        if required:
            raise DossierError(field, "is required (a date, YYYY-MM-DD)")
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise DossierError(field, f"{value!r} is not a date (use YYYY-MM-DD)")


def _bool(value: Any, field: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise DossierError(field, f"must be true or false, not {value!r}")


def _hours(value: Any, field: str) -> float:
    if value is None:
        raise DossierError(field, "is required (a number of hours greater than 0)")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DossierError(field, f"must be a number of hours, not {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise DossierError(field, f"must be greater than 0 (got {value!r})")
    return float(value)


def _choice(value: Any, field: str, choices: tuple[str, ...], default: str | None = None):
    if value is None:
        return default
    if value in choices:
        return value
    raise DossierError(field, f"{value!r} is not one of: {', '.join(choices)}")


def _required_choice(value: Any, field: str, choices: tuple[str, ...]) -> str:
    if value is None:
        raise DossierError(field, f"is required (one of: {', '.join(choices)})")
    return _choice(value, field, choices)


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise DossierError(field, f"must be text, not {value!r}")


def _code(value: Any, field: str) -> str | None:
    """A category code (a provider's or rater's endorsement); blank means none."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value.strip().upper()
    raise DossierError(field, f"must be a category code such as IMHS, or null, not {value!r}")


def _items(data: dict, name: str) -> list[tuple[str, dict]]:
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DossierError(name, "must be a list")
    out = []
    for i, item in enumerate(value):
        field = f"{name}[{i}]"
        if not isinstance(item, dict):
            raise DossierError(field, "must be an object")
        out.append((field, item))
    return out


def _degree(f: str, d: dict) -> Degree:
    return Degree(
        level=_required_choice(d.get("level"), f"{f}.level", DEGREE_LEVELS),
        name=_text(d.get("name"), f"{f}.name"),
        completed_on=_date(d.get("completed_on"), f"{f}.completed_on"),
        transcript=_bool(d.get("transcript"), f"{f}.transcript"),
    )


def _certificate(f: str, d: dict) -> Certificate:
    return Certificate(
        kind=_required_choice(d.get("kind"), f"{f}.kind", CERTIFICATE_KINDS),
        completed_on=_date(d.get("completed_on"), f"{f}.completed_on", required=False),
        document=_bool(d.get("document"), f"{f}.document"),
    )


def _work(f: str, d: dict) -> WorkPeriod:
    start = _date(d.get("start"), f"{f}.start")
    end = _date(d.get("end"), f"{f}.end", required=False)
    if end is not None and end < start:
        raise DossierError(f"{f}.end", f"{end.isoformat()} is before the start {start.isoformat()}")
    families = d.get("families_served")
    if families is None:
        families = 0
    elif isinstance(families, bool) or not isinstance(families, int) or families < 0:
        raise DossierError(f"{f}.families_served", f"must be a whole number, not {families!r}")
    return WorkPeriod(
        title=_text(d.get("title"), f"{f}.title"),
        start=start,
        end=end,
        paid=_bool(d.get("paid"), f"{f}.paid"),
        volunteer_qualifies=_bool(d.get("volunteer_qualifies"), f"{f}.volunteer_qualifies"),
        age_group=_choice(d.get("age_group"), f"{f}.age_group", AGE_GROUPS),
        service=_choice(d.get("service"), f"{f}.service", SERVICES),
        families_served=families,
        internship=_bool(d.get("internship"), f"{f}.internship"),
        internship_supervisor_endorsement=_code(
            d.get("internship_supervisor_endorsement"), f"{f}.internship_supervisor_endorsement"
        ),
    )


def _training(f: str, d: dict) -> Training:
    topics = d.get("topics")
    if topics is None:
        topics = []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise DossierError(f"{f}.topics", "must be a list of topic names")
    return Training(
        title=_text(d.get("title"), f"{f}.title"),
        date=_date(d.get("date"), f"{f}.date"),
        hours=_hours(d.get("hours"), f"{f}.hours"),
        topics=frozenset(topics),
    )


def _rsc(f: str, d: dict) -> RscSession:
    return RscSession(
        date=_date(d.get("date"), f"{f}.date"),
        hours=_hours(d.get("hours"), f"{f}.hours"),
        format=_choice(d.get("format"), f"{f}.format", RSC_FORMATS, "individual"),
        provider_endorsement=_code(d.get("provider_endorsement"), f"{f}.provider_endorsement"),
        provider_vetted=_bool(d.get("provider_vetted"), f"{f}.provider_vetted"),
        provider_degree=_choice(d.get("provider_degree"), f"{f}.provider_degree", PROVIDER_DEGREES),
        about_rsc_provided=_bool(d.get("about_rsc_provided"), f"{f}.about_rsc_provided"),
    )


def _leadership(f: str, d: dict) -> LeadershipActivity:
    return LeadershipActivity(
        title=_text(d.get("title"), f"{f}.title"),
        level=_required_choice(d.get("level"), f"{f}.level", LEADERSHIP_LEVELS),
    )


def _reference(f: str, d: dict) -> Reference:
    return Reference(
        relationship=_required_choice(d.get("relationship"), f"{f}.relationship", RELATIONSHIPS),
        rater_endorsement=_code(d.get("rater_endorsement"), f"{f}.rater_endorsement"),
        rater_vetted=_bool(d.get("rater_vetted"), f"{f}.rater_vetted"),
        status=_choice(d.get("status"), f"{f}.status", REFERENCE_STATUSES, "requested"),
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
    purpose = _choice(data.get("purpose"), "purpose", PURPOSES, "application")
    as_of = _date(data.get("as_of"), "as_of", required=False)
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

    sessions = [_rsc(f, d) for f, d in _items(data, "rsc")]
    sessions.sort(key=lambda s: s.date)
    return Dossier(
        association=association,
        category=category,
        purpose=purpose,
        as_of=as_of,
        # Sorted so that nothing (not even a message naming "your MSW") depends on list order.
        degrees=tuple(
            sorted(
                (_degree(f, d) for f, d in _items(data, "degrees")),
                key=lambda g: (g.completed_on, DEGREE_RANK[g.level], g.name, g.transcript),
            )
        ),
        certificates=tuple(
            sorted(
                (_certificate(f, d) for f, d in _items(data, "certificates")),
                key=lambda c: (c.completed_on or dt.date.min, c.kind, c.document),
            )
        ),
        work=tuple(_work(f, d) for f, d in _items(data, "work")),
        trainings=tuple(_training(f, d) for f, d in _items(data, "trainings")),
        rsc=tuple(sessions),
        provides_rsc=_bool(data.get("provides_rsc"), "provides_rsc"),
        leadership_activities=tuple(
            _leadership(f, d) for f, d in _items(data, "leadership_activities")
        ),
        references=tuple(_reference(f, d) for f, d in _items(data, "references")),
        code_of_ethics_signed=_bool(data.get("code_of_ethics_signed"), "code_of_ethics_signed"),
        agreement_signed=_bool(data.get("agreement_signed"), "agreement_signed"),
        membership_expires_on=_date(
            data.get("membership_expires_on"), "membership_expires_on", required=False
        ),
        exam=_choice(data.get("exam"), "exam", EXAM_RESULTS, "not_taken"),
        endorsed_since=_date(data.get("endorsed_since"), "endorsed_since", required=False),
        renewal_year=renewal_year,
    )
