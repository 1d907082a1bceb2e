"""Leadership activities and reference ratings."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...enums import Status
from .base import LEVEL_WORDS, RELATIONSHIP_WORDS, Context, Outcome, _and, _or, _with_reasons, words

# -- leadership, references --------------------------------------------------------------------


def leadership_activities(ctx: Context, p: dict) -> Outcome:
    """``count`` activities at one of ``levels``."""
    need, levels = p["count"], p["levels"]
    have = sum(1 for a in ctx.dossier.leadership_activities if a.level in levels)
    if have >= need:
        return Outcome(
            Status.MET,
            have,
            need,
            ngettext("%(n)s leadership activity.", "%(n)s leadership activities.", have)
            % {"n": have},
        )
    return Outcome(
        Status.UNMET,
        have,
        need,
        _(
            "%(have)s of %(need)s leadership activities at %(levels)s level: describe your "
            "leadership beyond your own programme."
        )
        % {"have": have, "need": need, "levels": _or(words(LEVEL_WORDS, v) for v in levels)},
    )


def references(ctx: Context, p: dict) -> Outcome:
    """``count`` submitted reference ratings."""
    need = p["count"]
    statuses = Counter(r.status for r in ctx.dossier.references)
    have = statuses["submitted"]
    if have >= need:
        return Outcome(
            Status.MET, have, need, _("%(have)s reference ratings are in.") % {"have": have}
        )
    notes = []
    if statuses["requested"]:
        notes.append(
            ngettext(
                "%(n)s rating is requested and not submitted yet",
                "%(n)s ratings are requested and not submitted yet",
                statuses["requested"],
            )
            % {"n": statuses["requested"]}
        )
    if statuses["declined"]:
        notes.append(_("%(n)s declined: ask someone else") % {"n": statuses["declined"]})
    missing = need - have - statuses["requested"]
    if missing > 0:
        notes.append(
            ngettext("ask %(n)s more rater", "ask %(n)s more raters", missing) % {"n": missing}
        )
    head = _("%(have)s of %(need)s reference ratings are in") % {"have": have, "need": need}
    return Outcome(Status.UNMET, have, need, _with_reasons(head, notes))


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
    best_pattern: list[list[str]] = []
    best = -1
    for pattern in p["patterns"]:
        filled = _match(pattern, submitted)
        if filled > best:
            best_pattern, best = pattern, filled
    need = len(best_pattern)
    if best == need:
        return Outcome(Status.MET, best, need, _("Your raters' roles fit the rules."))
    missing = [
        _or(words(RELATIONSHIP_WORDS, rel) for rel in slot)
        for slot in _unfilled(best_pattern, submitted)
    ]
    message = _("Still needed: a submitted rating from %(who)s.") % {"who": _and(missing)}
    if _match(best_pattern, submitted + asked) > best:
        message += " " + _("Some of these are requested and not submitted yet.")
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
            Status.MET,
            have,
            1,
            ngettext(
                "%(n)s submitted rating from an endorsed rater.",
                "%(n)s submitted ratings from an endorsed rater.",
                have,
            )
            % {"n": have},
        )
    if endorsements == "any":
        who = _("endorsed (in any category)")
    else:
        who = _("endorsed as %(categories)s") % {"categories": _or(endorsements)}
    if accept_vetted:
        who = _("%(who)s or vetted by the coordinator") % {"who": who}
    return Outcome(
        Status.UNMET,
        0,
        1,
        _("At least one submitted rating must come from a rater %(who)s.") % {"who": who},
    )
