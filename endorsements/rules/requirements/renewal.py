"""Yearly renewal: the year's training and RS/C."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from ...enums import Status
from ..dossier import DEGREE_RANK
from ..measures import hours
from .base import DEGREE_WORDS, Context, Outcome, _num, _with_reasons, words
from .rsc import _provider_filter, session_reason
from .training import TOPIC_WORDS

# -- renewal -----------------------------------------------------------------------------------


def _year_trainings(ctx: Context):
    year, as_of = ctx.renewal_year(), ctx.as_of
    return [t for t in ctx.dossier.trainings if t.date.year == year and t.date <= as_of]


def renewal_training_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of training dated in the renewal year."""
    need, year = p["hours"], ctx.renewal_year()
    have = hours(sum(t.hours for t in _year_trainings(ctx)))
    numbers = {"have": _num(have), "need": _num(need), "year": year}
    if have >= need:
        return Outcome(
            Status.MET, have, need, _("%(have)s hours of training in %(year)s.") % numbers
        )
    return Outcome(
        Status.UNMET,
        have,
        need,
        _("%(have)s of %(need)s hours of training in %(year)s.") % numbers,
    )


def _renewal_topic(ctx: Context, p: dict) -> Outcome:
    topic, need, year = p["topic"], p["hours"], ctx.renewal_year()
    have = hours(sum(t.hours for t in _year_trainings(ctx) if topic in t.topics))
    numbers = {
        "have": _num(have),
        "need": _num(need),
        "year": year,
        "topic": topic,
        "words": words(TOPIC_WORDS, topic, f"on {topic}"),
    }
    if have >= need:
        return Outcome(
            Status.MET,
            have,
            need,
            _("%(have)s hours of training %(words)s in %(year)s.") % numbers,
        )
    return Outcome(
        Status.UNMET,
        have,
        need,
        _(
            "%(have)s of %(need)s hours of training %(words)s in %(year)s: mark the trainings "
            "that cover it with the topic '%(topic)s'."
        )
        % numbers,
    )


def renewal_rsc_training_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of the year's training about providing RS/C, for people who provide RS/C
    (``provides_rsc``) and always for the categories in ``always_for``; a category named in
    ``min_degree`` needs it only from that degree up (a bachelor's-prepared IFS does not)."""
    code = ctx.category.code
    if code not in (p.get("always_for") or ()):
        if not ctx.dossier.provides_rsc:
            return Outcome(
                Status.NOT_APPLICABLE,
                message=_(
                    "You do not provide RS/C to others, so no training about it is required."
                ),
            )
        level = (p.get("min_degree") or {}).get(code)
        if level and ctx.highest_degree_rank() < DEGREE_RANK[level]:
            return Outcome(
                Status.NOT_APPLICABLE,
                message=_(
                    "An %(code)s needs training about providing RS/C only with a %(degree)s or "
                    "higher, so it is not required of you."
                )
                % {"code": code, "degree": words(DEGREE_WORDS, level)},
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
    #: (kind, its word) -> how many sessions; the kinds sort as the English reasons did.
    why: Counter[tuple[str, object]] = Counter()
    have = 0.0
    for s in d.rsc:
        if s.date.year != year:
            continue
        if s.date > as_of:
            why[("dated", as_of)] += 1
        elif s.format == "peer":
            if peer_ok and s.provider_endorsement == ctx.category.code:
                have += s.hours
            else:
                why[("peer", "")] += 1
        elif provider_ok(s):
            have += s.hours
        else:
            why[("provider", provider_words)] += 1
    have = hours(have)
    reasons = [session_reason(kind, arg, n) for (kind, arg), n in sorted(why.items())]
    numbers = {"have": _num(have), "need": _num(need), "year": year}
    if need is None:
        if have > 0:
            return Outcome(
                Status.MET, have, None, _("%(have)s hours of RS/C in %(year)s.") % numbers
            )
        return Outcome(
            Status.UNMET,
            have,
            None,
            _("RS/C is encouraged for %(code)s but not required.") % {"code": ctx.category.code},
        )
    if have >= need:
        return Outcome(
            Status.MET,
            have,
            need,
            _("%(have)s hours of RS/C in %(year)s (%(need)s needed).") % numbers,
        )
    return Outcome(
        Status.UNMET,
        have,
        need,
        _with_reasons(_("%(have)s of %(need)s hours of RS/C in %(year)s count") % numbers, reasons),
    )
