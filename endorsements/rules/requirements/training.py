"""Training hours, in total and per topic."""

from __future__ import annotations

from ...enums import Status
from ..measures import hours
from .base import Context, Outcome, _is_are, _n, _num, _with_reasons

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
