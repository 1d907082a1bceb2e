"""Reflective supervision/consultation (RS/C)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...enums import Status
from ..dossier import DEGREE_RANK, RscSession
from ..measures import best_window, hours, months, span_bounds
from .base import DEGREE_WORDS, Context, Outcome, _num, _or, _with_reasons, words
from .education_work import _interval

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

    who = (
        _("endorsed as %(categories)s") % {"categories": _or(sorted(accepted))}
        if providers is not None
        else ""
    )
    return ok, who


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


def session_reason(kind: str, arg: object, n: int) -> str:
    """Why ``n`` RS/C sessions do not count, as a phrase ("2 sessions are peer consultation…")."""
    if kind == "before":
        text = ngettext(
            "%(n)s session is before your %(x)s", "%(n)s sessions are before your %(x)s", n
        )
    elif kind == "dated":
        text = ngettext(
            "%(n)s session is dated after %(x)s", "%(n)s sessions are dated after %(x)s", n
        )
    elif kind == "not providing":
        text = ngettext(
            "%(n)s session is not received while you provided RS/C to others",
            "%(n)s sessions are not received while you provided RS/C to others",
            n,
        )
    elif kind == "peer":
        text = ngettext(
            "%(n)s session is peer consultation, which does not count here",
            "%(n)s sessions are peer consultation, which does not count here",
            n,
        )
    else:
        text = ngettext(
            "%(n)s session is with a provider who is not %(x)s",
            "%(n)s sessions are with a provider who is not %(x)s",
            n,
        )
    return text % {"n": n, "x": arg}


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
        (early, "before", words(DEGREE_WORDS, after or "", "")),
        (later, "dated", as_of),
        (not_providing, "not providing", ""),
        (peer, "peer", ""),
        (provider, "provider", provider_words),
    ]
    reasons = [session_reason(kind, arg, n) for n, kind, arg in why if n]
    if after and cutoff is None and d.rsc:
        reasons.append(
            _("there is no %(degree)s with an official transcript on file")
            % {"degree": words(DEGREE_WORDS, after)}
        )
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
            return Outcome(
                Status.MET,
                total,
                None,
                _("%(have)s hours of RS/C received.") % {"have": _num(total)},
            )
        return Outcome(
            Status.UNMET,
            total,
            None,
            _("RS/C is encouraged for %(code)s but not required.") % {"code": ctx.category.code},
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
                window_note = " " + _(
                    "The sessions that count span only %(span)s months, first to last; they "
                    "must span at least %(low)s and at most %(high)s months."
                ) % {"span": _num(months(window.widest_span)), "low": low, "high": high}
            elif have < total and window.first is not None and window.last is not None:
                first = dt.date.fromordinal(window.first)
                last = dt.date.fromordinal(window.last)
                window_note = " " + _(
                    "Only sessions within %(low)s to %(high)s months, first to last, add up: "
                    "your best such run is %(first)s to %(last)s."
                ) % {"low": low, "high": high, "first": first, "last": last}
    if have >= need:
        return Outcome(
            Status.MET,
            have,
            need,
            _("%(have)s hours of RS/C count (%(need)s needed).")
            % {"have": _num(have), "need": _num(need)},
        )
    head = _("%(have)s of %(need)s hours of RS/C count") % {
        "have": _num(have),
        "need": _num(need),
    }
    message = _with_reasons(head, reasons) + window_note
    if not reasons and not window_note:
        message = _("%(head)s: %(more)s more hours are needed.") % {
            "head": head,
            "more": _num(hours(need - have)),
        }
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
            _("%(have)s hours of your RS/C are about the RS/C you provide.") % {"have": _num(have)},
        )
    return Outcome(
        Status.UNMET,
        have,
        need,
        _(
            "%(have)s of %(need)s hours of the RS/C that counts are about the RS/C you provide "
            "to others."
        )
        % {"have": _num(have), "need": _num(need)},
    )
