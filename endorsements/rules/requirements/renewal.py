"""Yearly renewal: the year's training and RS/C."""

from __future__ import annotations

from collections import Counter

from ...enums import Status
from ..dossier import DEGREE_RANK
from ..measures import hours
from .base import DEGREE_WORDS, Context, Outcome, _is_are, _n, _num, _with_reasons
from .rsc import _provider_filter
from .training import TOPIC_WORDS

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
    (``provides_rsc``) and always for the categories in ``always_for``; a category named in
    ``min_degree`` needs it only from that degree up (a bachelor's-prepared IFS does not)."""
    code = ctx.category.code
    if code not in (p.get("always_for") or ()):
        if not ctx.dossier.provides_rsc:
            return Outcome(
                Status.NOT_APPLICABLE,
                message="You do not provide RS/C to others, so no training about it is required.",
            )
        level = (p.get("min_degree") or {}).get(code)
        if level and ctx.highest_degree_rank() < DEGREE_RANK[level]:
            return Outcome(
                Status.NOT_APPLICABLE,
                message=f"An {code} needs training about providing RS/C only with a "
                f"{DEGREE_WORDS[level]} or higher, so it is not required of you.",
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
