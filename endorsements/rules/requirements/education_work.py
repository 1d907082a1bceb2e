"""Education and work experience."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ...enums import Status
from ..dossier import DEGREE_RANK
from ..measures import days_for_months, months, union_days
from .base import (
    AGE_WORDS,
    CERTIFICATE_WORDS,
    DEGREE_WORDS,
    Context,
    Outcome,
    _is_are,
    _n,
    _num,
    _or,
    _with_reasons,
)

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
    intern_months = part.get("internship_months") or 0
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
        if cutoff is not None and after is not None:
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
        # "9 of 24 months" while short; "48 months … (24 needed)" once past, never "48 of 24".
        if part.have > part.need:
            head = f"{_num(part.have)} months of {part.label} count ({_num(part.need)} needed)"
        else:
            head = f"{_num(part.have)} of {_num(part.need)} months of {part.label} count"
        if part.families_need and part.families > part.families_need:
            head += (
                f", serving {part.families} families with {AGE_WORDS[ctx.category.family]} "
                f"({part.families_need} needed)"
            )
        elif part.families_need:
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
