"""Training hours, in total and per topic."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from ...enums import Status
from ..measures import hours
from .base import Context, Outcome, _num, _with_reasons

# -- training ----------------------------------------------------------------------------------


def training_hours(ctx: Context, p: dict) -> Outcome:
    """``hours``: the minimum of specialised in-service training; ``typical``: advice only."""
    as_of = ctx.as_of
    total = hours(ctx.training_totals()[None])
    later = sum(1 for t in ctx.dossier.trainings if t.date > as_of)
    need = p["hours"]
    typical = p.get("typical")
    reasons = (
        [
            ngettext(
                "%(n)s training dated after %(day)s is not counted",
                "%(n)s trainings dated after %(day)s are not counted",
                later,
            )
            % {"n": later, "day": as_of}
        ]
        if later
        else []
    )
    if total >= need:
        message = _("%(have)s hours of training (%(need)s needed).") % {
            "have": _num(total),
            "need": _num(need),
        }
        if typical and total < typical:
            message += " " + _(
                "Successful %(code)s applications typically show about %(typical)s hours."
            ) % {"code": ctx.category.code, "typical": _num(typical)}
        return Outcome(Status.MET, total, need, message)
    return Outcome(
        Status.UNMET,
        total,
        need,
        _with_reasons(
            _("%(have)s of %(need)s hours of specialised training")
            % {"have": _num(total), "need": _num(need)},
            reasons,
        ),
    )


TOPIC_WORDS = {
    "rsc_provision": gettext_noop("about providing reflective supervision/consultation"),
    "dei": gettext_noop("on diversity, equity and inclusion"),
}


def topic_hours(ctx: Context, p: dict) -> Outcome:
    """``hours`` of training tagged with ``topic`` (rsc_provision, dei)."""
    topic, need = p["topic"], p["hours"]
    total = hours(ctx.training_totals().get(topic, 0.0))
    words = _(TOPIC_WORDS[topic]) if topic in TOPIC_WORDS else f"on {topic}"
    numbers = {"have": _num(total), "need": _num(need), "words": words, "topic": topic}
    if total >= need:
        return Outcome(
            Status.MET, total, need, _("%(have)s hours of training %(words)s.") % numbers
        )
    return Outcome(
        Status.UNMET,
        total,
        need,
        _(
            "%(have)s of %(need)s hours of training %(words)s: mark the trainings that "
            "cover it with the topic '%(topic)s'."
        )
        % numbers,
    )
