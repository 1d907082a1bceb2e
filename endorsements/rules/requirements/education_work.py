"""Education and work experience."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...enums import Status
from ..dossier import DEGREE_RANK
from ..measures import days_for_months, months, union_days
from .base import (
    A_CERTIFICATE_WORDS,
    AGE_WORDS,
    CERTIFICATE_WORDS,
    DEGREE_WORDS,
    Context,
    Outcome,
    _num,
    _or,
    _with_reasons,
    words,
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
            name = degree.name or words(DEGREE_WORDS, degree.level)
            return Outcome(
                Status.MET,
                message=_("Your %(degree)s counts (official transcript received).")
                % {"degree": name},
            )
    kinds = p.get("certificates") or []
    for cert in d.certificates:
        if (
            cert.kind in kinds
            and cert.document
            and (cert.completed_on is None or cert.completed_on <= as_of)
        ):
            return Outcome(
                Status.MET,
                message=_("Your %(certificate)s counts.")
                % {"certificate": words(CERTIFICATE_WORDS, cert.kind)},
            )
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
                message=_("%(months)s months of paid work with %(age)s count as your education.")
                % {"months": _num(have_months), "age": words(AGE_WORDS, ctx.category.family)},
            )

    options = [
        _("a %(degree)s or higher with an official transcript")
        % {"degree": words(DEGREE_WORDS, level)}
    ]
    if level == "associate":
        options = [_("official transcripts of a degree (associate, bachelor, master or doctorate)")]
    options += [words(A_CERTIFICATE_WORDS, k, f"a {k}") for k in kinds]
    if work_months:
        options.append(
            _("%(need)s months of paid work with %(age)s (you have %(have)s)")
            % {
                "need": _num(work_months),
                "age": words(AGE_WORDS, ctx.category.family),
                "have": _num(have_months),
            }
        )
    notes = []
    no_transcript = [g for g in d.degrees if not g.transcript and DEGREE_RANK[g.level] >= rank]
    if no_transcript:
        notes.append(
            _("the official transcript of your %(degree)s has not been received")
            % {"degree": no_transcript[0].name or words(DEGREE_WORDS, no_transcript[0].level)}
        )
    lower = [g for g in d.degrees if g.transcript and DEGREE_RANK[g.level] < rank]
    if lower and level != "associate":
        notes.append(
            _("your %(degree)s is below a %(needed)s")
            % {
                "degree": lower[0].name or words(DEGREE_WORDS, lower[0].level),
                "needed": words(DEGREE_WORDS, level),
            }
        )
    future = [g for g in d.degrees if g.completed_on > as_of]
    if future:
        notes.append(
            ngettext(
                "%(n)s degree is completed after %(day)s",
                "%(n)s degrees are completed after %(day)s",
                len(future),
            )
            % {"n": len(future), "day": as_of}
        )
    no_document = [c for c in d.certificates if c.kind in kinds and not c.document]
    if no_document:
        notes.append(
            _("the document for your %(certificate)s is missing")
            % {"certificate": words(CERTIFICATE_WORDS, no_document[0].kind)}
        )
    head = _("You need %(options)s") % {"options": _or(options)}
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


def _period_reason(kind: str, arg: str, n: int, ctx: Context) -> str:
    """Why ``n`` work periods do not count, as a phrase ("2 periods are unpaid")."""
    if kind == "starts after the day the rules are applied":
        text = ngettext(
            "%(n)s period starts after the day the rules are applied",
            "%(n)s periods start after the day the rules are applied",
            n,
        )
    elif kind == "not with":
        text = ngettext("%(n)s period is not with %(x)s", "%(n)s periods are not with %(x)s", n)
        arg = words(AGE_WORDS, arg)
    elif kind == "an internship":
        text = ngettext(
            "%(n)s period is an internship whose supervisor was not endorsed as %(x)s",
            "%(n)s periods are an internship whose supervisor was not endorsed as %(x)s",
            n,
        )
    elif kind == "unpaid":
        text = ngettext("%(n)s period is unpaid", "%(n)s periods are unpaid", n)
    elif kind == "before your":
        text = ngettext(
            "%(n)s period is before your %(x)s", "%(n)s periods are before your %(x)s", n
        )
        arg = words(DEGREE_WORDS, arg)
    else:
        text = ngettext(
            "%(n)s period is partly before your %(x)s (only the time after it counts)",
            "%(n)s periods are partly before your %(x)s (only the time after it counts)",
            n,
        )
        arg = words(DEGREE_WORDS, arg)
    return text % {"n": n, "x": arg}


def _measure_part(ctx: Context, part: dict, cutoff: dt.date | None, after: str | None) -> _Part:
    d, as_of = ctx.dossier, ctx.as_of
    services = set(part["services"])
    paid_required = part.get("paid", False)
    age_required = part.get("age_group", False)
    intern_months = part.get("internship_months") or 0
    intern_supervisors = part.get("internship_supervisors") or []
    #: (the English reason, for the order they are listed in) -> how many periods
    why: Counter[tuple[str, str]] = Counter()
    intervals: list[tuple[int, int]] = []
    intern_intervals: list[tuple[int, int]] = []
    families = 0
    for w in d.work:
        if w.service not in services:
            continue
        if w.start > as_of:
            why[("starts after the day the rules are applied", "")] += 1
            continue
        if age_required and not ctx.age_matches(w):
            why[("not with", ctx.category.family)] += 1
            continue
        if intern_months and w.internship:
            if w.internship_supervisor_endorsement in intern_supervisors:
                intern_intervals.append(_interval(w.start, w.end, as_of))
                families += w.families_served
            else:
                why[("an internship", _or(intern_supervisors))] += 1
            continue
        if paid_required and not w.paid:
            why[("unpaid", "")] += 1
            continue
        start = w.start
        if cutoff is not None and after is not None:
            if min(w.end or as_of, as_of) < cutoff:
                why[("before your", after)] += 1
                continue
            if start < cutoff:
                why[("partly before your", after)] += 1
                start = cutoff
        intervals.append(_interval(start, w.end, as_of))
        families += w.families_served
    days = union_days(intervals)
    if intern_intervals:
        extra = union_days(intervals + intern_intervals) - days
        days += min(extra, days_for_months(intern_months))
    reasons = [_period_reason(kind, arg, n, ctx) for (kind, arg), n in sorted(why.items())]
    return _Part(
        label=_(part["label"]),
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
            _(
                "None of your work counts yet: it must come after your %(degree)s, and there is "
                "no %(degree)s with an official transcript on file."
            )
            % {"degree": words(DEGREE_WORDS, after)},
        )
    parts = [_measure_part(ctx, part, cutoff, after) for part in p["parts"]]
    sentences = []
    for part in parts:
        # "9 of 24 months" while short; "48 months … (24 needed)" once past, never "48 of 24".
        numbers = {
            "have": _num(part.have),
            "need": _num(part.need),
            "label": part.label,
            "families": part.families,
            "families_need": part.families_need,
            "age": words(AGE_WORDS, ctx.category.family),
        }
        if part.have > part.need:
            head = _("%(have)s months of %(label)s count (%(need)s needed)") % numbers
        else:
            head = _("%(have)s of %(need)s months of %(label)s count") % numbers
        if part.families_need and part.families > part.families_need:
            head += _(", serving %(families)s families with %(age)s (%(families_need)s needed)") % (
                numbers
            )
        elif part.families_need:
            head += _(", serving %(families)s of %(families_need)s families with %(age)s") % (
                numbers
            )
        sentences.append(_with_reasons(head, [] if part.met else part.reasons))
    unmet = [part for part in parts if not part.met]
    shown = unmet[0] if unmet else parts[-1]
    return Outcome(
        Status.UNMET if unmet else Status.MET, shown.have, shown.need, " ".join(sentences)
    )
