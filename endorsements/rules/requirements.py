"""One function per requirement code. Each reads the dossier (through a ``Context``) and the
rule's parameters, and returns an ``Outcome``: status, the numbers measured and a sentence for
the applicant that says exactly what is missing.

The parameters come from ``RequirementRule`` rows (fixtures/catalog/30_requirements.json); the
meaning of each parameter is documented on the function that reads it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..enums import Status
from .dossier import DEGREE_RANK, Dossier, RscSession, WorkPeriod
from .measures import best_window, days_for_months, hours, months, span_bounds, union_days
from .ruleset import CategoryInfo, ResolvedRule, RuleSet

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


# -- education ---------------------------------------------------------------------------------


def education(ctx: Context, p: dict) -> Outcome:
    """``min_degree`` (associate/bachelor/master) with an official transcript; or one of
    ``certificates`` (kinds) with its document; or (``work_months``) that many months of paid
    work, or accepted supervised volunteer work, with the category's age group."""
    d, as_of = ctx.dossier, ctx.as_of
    level = p["min_degree"]
    rank = DEGREE_RANK[level]
    for degree in d.degrees:
        if degree.transcript and DEGREE_RANK[degree.level] >= rank and degree.completed_on <= as_of:
            name = degree.name or DEGREE_WORDS[degree.level]
            return Outcome(
                Status.MET, message=f"Your {name} counts (official transcript received)."
            )
    kinds = p.get("certificates") or []
    for cert in d.certificates:
        if (
            cert.kind in kinds
            and cert.document
            and (cert.completed_on is None or cert.completed_on <= as_of)
        ):
            return Outcome(Status.MET, message=f"Your {CERTIFICATE_WORDS[cert.kind]} counts.")
    work_months = p.get("work_months")
    have_months = None
    if work_months:
        intervals = [
            _interval(w.start, w.end, as_of)
            for w in d.work
            if (w.paid or w.volunteer_qualifies) and ctx.age_matches(w) and w.start <= as_of
        ]
        have_months = months(union_days(intervals))
        if have_months >= work_months:
            return Outcome(
                Status.MET,
                message=f"{_num(have_months)} months of paid work with "
                f"{AGE_WORDS[ctx.category.family]} count as your education.",
            )

    options = [f"a {DEGREE_WORDS[level]} or higher with an official transcript"]
    if level == "associate":
        options = ["official transcripts of a degree (associate, bachelor, master or doctorate)"]
    options += [f"a {CERTIFICATE_WORDS[k]}" for k in kinds]
    if work_months:
        options.append(
            f"{_num(work_months)} months of paid work with {AGE_WORDS[ctx.category.family]} "
            f"(you have {_num(have_months)})"
        )
    notes = []
    no_transcript = [g for g in d.degrees if not g.transcript and DEGREE_RANK[g.level] >= rank]
    if no_transcript:
        notes.append(
            f"the official transcript of your {no_transcript[0].name or DEGREE_WORDS[no_transcript[0].level]}"
            " has not been received"
        )
    lower = [g for g in d.degrees if g.transcript and DEGREE_RANK[g.level] < rank]
    if lower and level != "associate":
        notes.append(
            f"your {lower[0].name or DEGREE_WORDS[lower[0].level]} is below a {DEGREE_WORDS[level]}"
        )
    future = [g for g in d.degrees if g.completed_on > as_of]
    if future:
        notes.append(f"{_n(len(future), 'degree')} {_is_are(len(future))} completed after {as_of}")
    no_document = [c for c in d.certificates if c.kind in kinds and not c.document]
    if no_document:
        notes.append(f"the document for your {CERTIFICATE_WORDS[no_document[0].kind]} is missing")
    head = f"You need {_or(options)}"
    return Outcome(Status.UNMET, message=_with_reasons(head, notes))


# -- work experience ---------------------------------------------------------------------------


def _interval(start: dt.date, end: dt.date | None, as_of: dt.date) -> tuple[int, int]:
    """Half-open ordinal interval; the end day counts; an ongoing period runs to ``as_of``."""
    last = min(end or as_of, as_of)
    return start.toordinal(), last.toordinal() + 1


@dataclass(slots=True)
class _Part:
    label: str
    need: float
    have: float
    families_need: int
    families: int
    reasons: list[str]

    @property
    def met(self) -> bool:
        return self.have >= self.need and self.families >= self.families_need


def _measure_part(ctx: Context, part: dict, cutoff: dt.date | None, after: str | None) -> _Part:
    d, as_of = ctx.dossier, ctx.as_of
    services = set(part["services"])
    paid_required = part.get("paid", False)
    age_required = part.get("age_group", False)
    intern_months = part.get("internship_months")
    intern_supervisors = part.get("internship_supervisors") or []
    why: Counter[str] = Counter()
    intervals: list[tuple[int, int]] = []
    intern_intervals: list[tuple[int, int]] = []
    families = 0
    for w in d.work:
        if w.service not in services:
            continue
        if w.start > as_of:
            why["starts after the day the rules are applied"] += 1
            continue
        if age_required and not ctx.age_matches(w):
            why[f"not with {AGE_WORDS[ctx.category.family]}"] += 1
            continue
        if intern_months and w.internship:
            if w.internship_supervisor_endorsement in intern_supervisors:
                intern_intervals.append(_interval(w.start, w.end, as_of))
                families += w.families_served
            else:
                why[
                    f"an internship whose supervisor was not endorsed as {_or(intern_supervisors)}"
                ] += 1
            continue
        if paid_required and not w.paid:
            why["unpaid"] += 1
            continue
        start = w.start
        if cutoff is not None:
            if min(w.end or as_of, as_of) < cutoff:
                why[f"before your {DEGREE_WORDS[after]}"] += 1
                continue
            if start < cutoff:
                why[
                    f"partly before your {DEGREE_WORDS[after]} (only the time after it counts)"
                ] += 1
                start = cutoff
        intervals.append(_interval(start, w.end, as_of))
        families += w.families_served
    days = union_days(intervals)
    if intern_intervals:
        extra = union_days(intervals + intern_intervals) - days
        days += min(extra, days_for_months(intern_months))
    reasons = [f"{_n(n, 'period')} {_is_are(n)} {text}" for text, n in sorted(why.items())]
    return _Part(
        label=part["label"],
        need=part["months"],
        have=months(days),
        families_need=part.get("families", 0),
        families=families,
        reasons=reasons,
    )


def work_experience(ctx: Context, p: dict) -> Outcome:
    """``parts``: each {label, months, services, paid, age_group, families, internship_months,
    internship_supervisors}; all parts must be met. ``after_degree``: only time after the
    first degree of that level counts (null: any time). Overlapping periods count once."""
    after = p.get("after_degree")
    cutoff = ctx.degree_date(after)
    if after and cutoff is None:
        part = p["parts"][0]
        return Outcome(
            Status.UNMET,
            0,
            part["months"],
            f"None of your work counts yet: it must come after your {DEGREE_WORDS[after]}, and "
            f"there is no {DEGREE_WORDS[after]} with an official transcript on file.",
        )
    parts = [_measure_part(ctx, part, cutoff, after) for part in p["parts"]]
    sentences = []
    for part in parts:
        head = f"{_num(part.have)} of {_num(part.need)} months of {part.label} count"
        if part.families_need:
            head += (
                f", serving {part.families} of {part.families_need} families with "
                f"{AGE_WORDS[ctx.category.family]}"
            )
        sentences.append(_with_reasons(head, [] if part.met else part.reasons))
    unmet = [part for part in parts if not part.met]
    shown = unmet[0] if unmet else parts[-1]
    return Outcome(
        Status.UNMET if unmet else Status.MET, shown.have, shown.need, " ".join(sentences)
    )


# -- training ----------------------------------------------------------------------------------


def training_hours(ctx: Context, p: dict) -> Outcome:
    """``hours``: the minimum of specialised in-service training; ``typical``: advice only."""
    as_of = ctx.as_of
    total = hours(ctx.training_totals()[None])
    later = sum(1 for t in ctx.dossier.trainings if t.date > as_of)
    need = p["hours"]
    typical = p.get("typical")
    reasons = (
        [f"{_n(later, 'training')} dated after {as_of} {_is_are(later)} not counted"]
        if later
        else []
    )
    if total >= need:
        message = f"{_num(total)} hours of training ({_num(need)} needed)."
        if typical and total < typical:
            message += (
                f" Successful {ctx.category.code} applications typically show about "
                f"{_num(typical)} hours."
            )
        return Outcome(Status.MET, total, need, message)
    return Outcome(
        Status.UNMET,
        total,
        need,
        _with_reasons(f"{_num(total)} of {_num(need)} hours of specialised training", reasons),
    )


TOPIC_WORDS = {
    "rsc_provision": "about providing reflective supervision/consultation",
    "dei": "on diversity, equity and inclusion",
}


def topic_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of training tagged with ``topic`` (rsc_provision, dei)."""
    topic, need = p["topic"], p["hours"]
    total = hours(ctx.training_totals().get(topic, 0.0))
    words = TOPIC_WORDS.get(topic, f"on {topic}")
    if total >= need:
        return Outcome(Status.MET, total, need, f"{_num(total)} hours of training {words}.")
    return Outcome(
        Status.UNMET,
        total,
        need,
        f"{_num(total)} of {_num(need)} hours of training {words}: mark the trainings "
        f"that cover it with the topic '{topic}'.",
    )


# -- RS/C --------------------------------------------------------------------------------------


def _provider_filter(ctx: Context, p: dict) -> tuple[Callable[[RscSession], bool], str]:
    """Whether a session's provider is accepted, and the words for who is."""
    providers = p.get("providers")
    accept_vetted = p.get("accept_vetted", False)
    alt = p.get("alt_providers") or []
    alt_ok = bool(alt) and ctx.highest_degree_rank() <= DEGREE_RANK.get(
        p.get("alt_applicant_max_degree") or "", 0
    )
    alt_min = DEGREE_RANK.get(p.get("alt_provider_min_degree") or "", 0)
    accepted = set(providers or ())
    alternative = set(alt) if alt_ok else set()

    def ok(s: RscSession) -> bool:
        if providers is None:
            return True
        if s.provider_endorsement in accepted:
            return True
        if accept_vetted and s.provider_vetted:
            return True
        return (
            s.provider_endorsement in alternative
            and DEGREE_RANK.get(s.provider_degree or "", 0) >= alt_min
        )

    words = f"endorsed as {_or(sorted(accepted))}" if providers is not None else ""
    return ok, words


def _merged(intervals: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, merged half-open intervals as two lists (starts, ends) for bisecting."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(intervals):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _counted_sessions(ctx: Context, p: dict) -> tuple[list[RscSession], list[str]]:
    """Sessions that count for an application's RS/C rule, and why the others do not.

    Sessions are sorted by day, so the degree cut-off and ``as_of`` are two bisections; the
    provider check is made once per distinct provider.
    """
    key = ("rsc", id(p))
    if key in ctx._memo:
        return ctx._memo[key]
    d, as_of = ctx.dossier, ctx.as_of
    after = p.get("after_degree")
    cutoff = ctx.degree_date(after)
    days = d.rsc_days
    if after and cutoff is None:
        low = len(days)
    else:
        low = bisect_left(days, cutoff.toordinal()) if cutoff else 0
    high = max(low, bisect_right(days, as_of.toordinal()))
    later = len(days) - high
    provider_ok, provider_words = _provider_filter(ctx, p)
    while_providing = p.get("while_providing_rsc", False)
    starts, ends = _merged(
        [
            _interval(w.start, w.end, as_of)
            for w in d.work
            if w.service == "rsc_provision" and w.start <= as_of
        ]
    )
    verdicts: dict[tuple, bool] = {}
    peer = provider = not_providing = 0
    counted = []
    for s in d.rsc[low:high]:
        if s.format == "peer":
            peer += 1
            continue
        who = (s.provider_endorsement, s.provider_vetted, s.provider_degree)
        ok = verdicts.get(who)
        if ok is None:
            ok = verdicts[who] = provider_ok(s)
        if not ok:
            provider += 1
        elif while_providing and not (
            (i := bisect_right(starts, s.day) - 1) >= 0 and s.day < ends[i]
        ):
            not_providing += 1
        else:
            counted.append(s)
    # Sessions after as_of and before the degree: ``low`` counts those before the cut-off
    # (or every session when the degree is missing); do not count the later ones twice.
    early = min(low, len(days) - later)
    why = [
        (early, f"before your {DEGREE_WORDS.get(after or '', '')}"),
        (later, f"dated after {as_of}"),
        (not_providing, "not received while you provided RS/C to others"),
        (peer, "peer consultation, which does not count here"),
        (provider, f"with a provider who is not {provider_words}"),
    ]
    reasons = [f"{_n(n, 'session')} {_is_are(n)} {text}" for n, text in why if n]
    if after and cutoff is None and d.rsc:
        reasons.append(f"there is no {DEGREE_WORDS[after]} with an official transcript on file")
    ctx._memo[key] = (counted, reasons)
    return counted, reasons


def rsc_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of RS/C received (null: encouraged, any amount); ``after_degree``;
    ``providers`` (endorsement codes; null: anyone); ``accept_vetted``; ``alt_providers`` for
    applicants whose highest degree is at most ``alt_applicant_max_degree``, if the provider
    holds ``alt_provider_min_degree``; ``while_providing_rsc``: only sessions during a period of
    work providing RS/C; ``span_months`` [12, 24]: the counted sessions must fall in a run whose
    first and last dates are that far apart."""
    counted, reasons = _counted_sessions(ctx, p)
    need = p.get("hours")
    total = hours(sum(s.hours for s in counted))
    if need is None:
        if total > 0:
            return Outcome(Status.MET, total, None, f"{_num(total)} hours of RS/C received.")
        return Outcome(
            Status.UNMET,
            total,
            None,
            f"RS/C is encouraged for {ctx.category.code} but not required.",
        )
    span = p.get("span_months")
    if not span:
        have = total
        window_note = ""
    else:
        low, high = span
        min_days, max_days = span_bounds(low, high)
        window = best_window([(s.day, s.hours) for s in counted], min_days, max_days)
        have = hours(window.best_valid)
        window_note = ""
        if have < need and counted:
            if window.first is None:
                window_note = (
                    f" The sessions that count span only {_num(months(window.widest_span))} "
                    f"months, first to last; they must span at least {low} and at most {high} "
                    "months."
                )
            elif have < total:
                first = dt.date.fromordinal(window.first)
                last = dt.date.fromordinal(window.last)
                window_note = (
                    f" Only sessions within {low} to {high} months, first to last, add up: your "
                    f"best such run is {first} to {last}."
                )
    if have >= need:
        return Outcome(
            Status.MET, have, need, f"{_num(have)} hours of RS/C count ({_num(need)} needed)."
        )
    head = f"{_num(have)} of {_num(need)} hours of RS/C count"
    message = _with_reasons(head, reasons) + window_note
    if not reasons and not window_note:
        message = f"{head}: {_num(hours(need - have))} more hours are needed."
    return Outcome(Status.UNMET, have, need, message)


def rsc_about_provision(ctx: Context, p: dict) -> Outcome:
    """``hours`` of the counted RS/C (rsc_hours' rule) about the RS/C the applicant provides."""
    need = p["hours"]
    rsc_params = ctx.params_for("rsc_hours")
    counted = _counted_sessions(ctx, rsc_params)[0] if rsc_params else []
    have = hours(sum(s.hours for s in counted if s.about_rsc_provided))
    if have >= need:
        return Outcome(
            Status.MET,
            have,
            need,
            f"{_num(have)} hours of your RS/C are about the RS/C you provide.",
        )
    return Outcome(
        Status.UNMET,
        have,
        need,
        f"{_num(have)} of {_num(need)} hours of the RS/C that counts are about the RS/C you "
        "provide to others.",
    )


# -- leadership, references --------------------------------------------------------------------


def leadership_activities(ctx: Context, p: dict) -> Outcome:
    """``count`` activities at one of ``levels``."""
    need, levels = p["count"], p["levels"]
    have = sum(1 for a in ctx.dossier.leadership_activities if a.level in levels)
    if have >= need:
        return Outcome(
            Status.MET, have, need, f"{_n(have, 'leadership activity', 'leadership activities')}."
        )
    return Outcome(
        Status.UNMET,
        have,
        need,
        f"{have} of {need} leadership activities at {_or(levels)} level: describe your "
        "leadership beyond your own programme.",
    )


def references(ctx: Context, p: dict) -> Outcome:
    """``count`` submitted reference ratings."""
    need = p["count"]
    statuses = Counter(r.status for r in ctx.dossier.references)
    have = statuses["submitted"]
    if have >= need:
        return Outcome(Status.MET, have, need, f"{have} reference ratings are in.")
    notes = []
    if statuses["requested"]:
        notes.append(
            f"{_n(statuses['requested'], 'rating')} {_is_are(statuses['requested'])} requested "
            "and not submitted yet"
        )
    if statuses["declined"]:
        notes.append(f"{statuses['declined']} declined: ask someone else")
    missing = need - have - statuses["requested"]
    if missing > 0:
        notes.append(f"ask {_n(missing, 'more rater')}")
    return Outcome(
        Status.UNMET, have, need, _with_reasons(f"{have} of {need} reference ratings are in", notes)
    )


def _match(slots: list[list[str]], relationships: list[str]) -> int:
    """Most slots filled by distinct raters (augmenting paths; a handful of items)."""
    owner: dict[int, int] = {}  # rater index -> slot index

    def place(slot: int, seen: set[int]) -> bool:
        for i, rel in enumerate(relationships):
            if rel in slots[slot] and i not in seen:
                seen.add(i)
                if i not in owner or place(owner[i], seen):
                    owner[i] = slot
                    return True
        return False

    return sum(1 for slot in range(len(slots)) if place(slot, set()))


def _unfilled(slots: list[list[str]], relationships: list[str]) -> list[list[str]]:
    """Slots left empty by a best assignment (greedy removal keeps the maximum)."""
    best = _match(slots, relationships)
    empty = []
    for k in range(len(slots)):
        if _match(slots[:k] + slots[k + 1 :], relationships) == best:
            empty.append(slots[k])
            slots = [*slots[:k], [], *slots[k + 1 :]]
    return empty


def reference_roles(ctx: Context, p: dict) -> Outcome:
    """``patterns``: alternatives, each a list of slots, each slot the relationships that may
    fill it. Met when the submitted ratings fill every slot of one pattern, one rater each."""
    submitted = [r.relationship for r in ctx.dossier.references if r.status == "submitted"]
    asked = [r.relationship for r in ctx.dossier.references if r.status == "requested"]
    best_pattern, best = None, -1
    for pattern in p["patterns"]:
        filled = _match(pattern, submitted)
        if filled > best:
            best_pattern, best = pattern, filled
    need = len(best_pattern)
    if best == need:
        return Outcome(Status.MET, best, need, "Your raters' roles fit the rules.")
    missing = [
        _or(RELATIONSHIP_WORDS[rel] for rel in slot) for slot in _unfilled(best_pattern, submitted)
    ]
    message = f"Still needed: a submitted rating from {_and(missing)}."
    if _match(best_pattern, submitted + asked) > best:
        message += " Some of these are requested and not submitted yet."
    return Outcome(Status.UNMET, best, need, message)


def reference_endorsed_rater(ctx: Context, p: dict) -> Outcome:
    """At least one submitted rating from a rater endorsed in ``endorsements`` (a list, or
    "any" category); ``accept_vetted``: a rater the coordinator vetted counts too."""
    endorsements = p["endorsements"]
    accept_vetted = p.get("accept_vetted", False)

    def ok(r) -> bool:
        if endorsements == "any":
            endorsed = r.rater_endorsement is not None
        else:
            endorsed = r.rater_endorsement in endorsements
        return endorsed or (accept_vetted and r.rater_vetted)

    have = sum(1 for r in ctx.dossier.references if r.status == "submitted" and ok(r))
    if have:
        return Outcome(
            Status.MET, have, 1, f"{_n(have, 'submitted rating')} from an endorsed rater."
        )
    who = (
        "endorsed (in any category)"
        if endorsements == "any"
        else f"endorsed as {_or(endorsements)}"
    )
    if accept_vetted:
        who += " or vetted by the coordinator"
    return Outcome(
        Status.UNMET, 0, 1, f"At least one submitted rating must come from a rater {who}."
    )


# -- signatures, membership, exam --------------------------------------------------------------


def code_of_ethics(ctx: Context, p: dict) -> Outcome:
    if ctx.dossier.code_of_ethics_signed:
        return Outcome(Status.MET, message="Code of Ethics signed.")
    return Outcome(Status.UNMET, message="Sign the Code of Ethics.")


def agreement(ctx: Context, p: dict) -> Outcome:
    if ctx.dossier.agreement_signed:
        return Outcome(Status.MET, message="Endorsement Agreement signed.")
    return Outcome(Status.UNMET, message="Sign the Endorsement Agreement.")


def membership(ctx: Context, p: dict) -> Outcome:
    expires = ctx.dossier.membership_expires_on
    if expires is None:
        return Outcome(
            Status.UNMET, message="Join an infant/early childhood mental health association."
        )
    if expires < ctx.as_of:
        return Outcome(Status.UNMET, message=f"Your membership expired on {expires}: renew it.")
    return Outcome(Status.MET, message=f"Membership current until {expires}.")


def exam(ctx: Context, p: dict) -> Outcome:
    result = ctx.dossier.exam
    if result == "passed":
        return Outcome(Status.MET, message="You passed the written exam.")
    if result == "failed":
        return Outcome(
            Status.UNMET,
            message="You did not pass the written exam; a retake needs a written request and "
            "at least a year's wait.",
        )
    return Outcome(
        Status.PENDING,
        message="The written exam comes after the review recommends endorsement.",
    )


# -- renewal -----------------------------------------------------------------------------------


def _year_trainings(ctx: Context):
    year, as_of = ctx.renewal_year(), ctx.as_of
    return [t for t in ctx.dossier.trainings if t.date.year == year and t.date <= as_of]


def renewal_training_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of training dated in the renewal year."""
    need, year = p["hours"], ctx.renewal_year()
    have = hours(sum(t.hours for t in _year_trainings(ctx)))
    if have >= need:
        return Outcome(Status.MET, have, need, f"{_num(have)} hours of training in {year}.")
    return Outcome(
        Status.UNMET, have, need, f"{_num(have)} of {_num(need)} hours of training in {year}."
    )


def _renewal_topic(ctx: Context, p: dict) -> Outcome:
    topic, need, year = p["topic"], p["hours"], ctx.renewal_year()
    have = hours(sum(t.hours for t in _year_trainings(ctx) if topic in t.topics))
    words = TOPIC_WORDS.get(topic, f"on {topic}")
    if have >= need:
        return Outcome(Status.MET, have, need, f"{_num(have)} hours of training {words} in {year}.")
    return Outcome(
        Status.UNMET,
        have,
        need,
        f"{_num(have)} of {_num(need)} hours of training {words} in {year}: mark the trainings "
        f"that cover it with the topic '{topic}'.",
    )


def renewal_rsc_training_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of the year's training about providing RS/C, for people who provide RS/C
    (``provides_rsc``) and always for the categories in ``always_for``."""
    if not ctx.dossier.provides_rsc and ctx.category.code not in (p.get("always_for") or ()):
        return Outcome(
            Status.NOT_APPLICABLE,
            message="You do not provide RS/C to others, so no training about it is required.",
        )
    return _renewal_topic(ctx, {"topic": "rsc_provision", **p})


def renewal_dei_training_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of the year's training on diversity, equity and inclusion."""
    return _renewal_topic(ctx, {"topic": "dei", **p})


def renewal_rsc_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of RS/C received in the renewal year (null: encouraged); provider rules as for
    rsc_hours; someone endorsed ``senior_years`` or more needs ``senior_hours``, and with
    ``peer_same_category`` peer consultation with people endorsed in the same category counts."""
    d, as_of, year = ctx.dossier, ctx.as_of, ctx.renewal_year()
    need = p.get("hours")
    senior = False
    if p.get("senior_years") and d.endorsed_since is not None:
        since = d.endorsed_since
        try:
            anniversary = since.replace(year=since.year + p["senior_years"])
        except ValueError:  # 29 February
            anniversary = since.replace(year=since.year + p["senior_years"], day=28)
        if anniversary <= as_of:
            senior = True
            need = p.get("senior_hours", need)
    provider_ok, provider_words = _provider_filter(ctx, p)
    peer_ok = senior and p.get("peer_same_category", False)
    why: Counter[str] = Counter()
    have = 0.0
    for s in d.rsc:
        if s.date.year != year:
            continue
        if s.date > as_of:
            why[f"dated after {as_of}"] += 1
        elif s.format == "peer":
            if peer_ok and s.provider_endorsement == ctx.category.code:
                have += s.hours
            else:
                why["peer consultation, which does not count here"] += 1
        elif provider_ok(s):
            have += s.hours
        else:
            why[f"with a provider who is not {provider_words}"] += 1
    have = hours(have)
    reasons = [f"{_n(n, 'session')} {_is_are(n)} {text}" for text, n in sorted(why.items())]
    if need is None:
        if have > 0:
            return Outcome(Status.MET, have, None, f"{_num(have)} hours of RS/C in {year}.")
        return Outcome(
            Status.UNMET,
            have,
            None,
            f"RS/C is encouraged for {ctx.category.code} but not required.",
        )
    if have >= need:
        return Outcome(
            Status.MET, have, need, f"{_num(have)} hours of RS/C in {year} ({_num(need)} needed)."
        )
    return Outcome(
        Status.UNMET,
        have,
        need,
        _with_reasons(f"{_num(have)} of {_num(need)} hours of RS/C in {year} count", reasons),
    )


REQUIREMENTS: dict[str, Callable[[Context, dict], Outcome]] = {
    "education": education,
    "work_experience": work_experience,
    "training_hours": training_hours,
    "training_rsc_provision_hours": lambda ctx, p: topic_hours(
        ctx, {"topic": "rsc_provision", **p}
    ),
    "training_dei_hours": lambda ctx, p: topic_hours(ctx, {"topic": "dei", **p}),
    "rsc_hours": rsc_hours,
    "rsc_about_provision": rsc_about_provision,
    "leadership_activities": leadership_activities,
    "references": references,
    "reference_roles": reference_roles,
    "reference_endorsed_rater": reference_endorsed_rater,
    "code_of_ethics": code_of_ethics,
    "agreement": agreement,
    "membership": membership,
    "exam": exam,
    "renewal_training_hours": renewal_training_hours,
    "renewal_rsc_training_hours": renewal_rsc_training_hours,
    "renewal_dei_training_hours": renewal_dei_training_hours,
    "renewal_rsc_hours": renewal_rsc_hours,
}
