"""Statistics for exam administrators after an exam week: per item, how hard it was (the share
of candidates who chose the key), how well it separates stronger from weaker candidates (the
point-biserial correlation of the item with the rest of the score) and how often each option
was chosen; items that misbehave are flagged. For the essay: how often the two graders agreed
on pass/fail and their average gap."""

from __future__ import annotations

import math
import statistics as stats
from dataclasses import dataclass, field

from .enums import OPTION_LETTERS, Part, SittingStatus
from .models import Answer, Item, Sitting

#: Thresholds for flags (classical test theory rules of thumb).
TOO_HARD, TOO_EASY, WEAK_DISCRIMINATION = 0.30, 0.95, 0.15


@dataclass
class ItemStats:
    item: Item
    n: int
    difficulty: float
    point_biserial: float | None
    options: list[tuple[str, int, bool]]
    flags: list[str] = field(default_factory=list)


def point_biserial(right: list[int], rest: list[float]) -> float | None:
    if len(right) < 2 or len(set(right)) < 2:
        return None
    sd = stats.pstdev(rest)
    if sd == 0:
        return None
    p = sum(right) / len(right)
    m1 = stats.mean(r for r, x in zip(rest, right, strict=True) if x)
    m0 = stats.mean(r for r, x in zip(rest, right, strict=True) if not x)
    return (m1 - m0) / sd * math.sqrt(p * (1 - p))


def item_statistics(exam_week) -> list[ItemStats]:
    sittings = list(
        Sitting.objects.filter(
            registration__exam_week=exam_week, part=Part.MC, status=SittingStatus.SCORED
        ).only("pk", "item_order")
    )
    if not sittings:
        return []
    item_ids = sorted({i for s in sittings for i in s.item_order})
    items = {i.pk: i for i in Item.objects.filter(pk__in=item_ids).select_related("area")}
    choices: dict[tuple[int, int], int | None] = {
        (a.sitting_id, a.item_id): a.choice
        for a in Answer.objects.filter(sitting__in=sittings).only("sitting_id", "item_id", "choice")
    }
    totals = {
        s.pk: sum(1 for i in s.item_order if choices.get((s.pk, i)) == items[i].key)
        for s in sittings
    }
    out = []
    for item_id in item_ids:
        item = items[item_id]
        takers = [s for s in sittings if item_id in s.item_order]
        right = [int(choices.get((s.pk, item_id)) == item.key) for s in takers]
        rest = [totals[s.pk] - r for s, r in zip(takers, right, strict=True)]
        counts = [0, 0, 0, 0]
        for s in takers:
            c = choices.get((s.pk, item_id))
            if c is not None:
                counts[c] += 1
        p = sum(right) / len(takers)
        rpb = point_biserial(right, rest)
        row = ItemStats(
            item=item,
            n=len(takers),
            difficulty=round(p, 2),
            point_biserial=round(rpb, 2) if rpb is not None else None,
            options=[(OPTION_LETTERS[i], counts[i], i == item.key) for i in range(4)],
        )
        if p < TOO_HARD:
            row.flags.append("Very hard: check the key and the wording.")
        if p > TOO_EASY:
            row.flags.append("Almost everyone answers it: it tells little.")
        if rpb is not None and rpb < WEAK_DISCRIMINATION:
            row.flags.append("Stronger candidates do not do better on it.")
        if any(counts[i] > counts[item.key] for i in range(4) if i != item.key):
            row.flags.append("A distractor is chosen more often than the key.")
        if any(counts[i] == 0 for i in range(4) if i != item.key) and len(takers) >= 10:
            row.flags.append("A distractor is never chosen.")
        out.append(row)
    return out


@dataclass
class GraderAgreement:
    pairs: int
    agreement: float | None
    average_gap: float | None
    thirds: int


def grader_agreement(exam_week) -> GraderAgreement:
    from .services.grading import max_points, passes

    sittings = Sitting.objects.filter(
        registration__exam_week=exam_week, part=Part.ESSAY
    ).prefetch_related("gradings")
    agree, gaps, thirds = [], [], 0
    for sitting in sittings:
        firsts = [g for g in sitting.gradings.all() if not g.is_third and g.total is not None]
        thirds += any(g.is_third for g in sitting.gradings.all())
        if len(firsts) < 2:
            continue
        a, b = firsts[0].total, firsts[1].total
        maximum = max_points(sitting)
        agree.append(passes(sitting, a, maximum) == passes(sitting, b, maximum))
        gaps.append(abs(a - b))
    return GraderAgreement(
        pairs=len(gaps),
        agreement=round(sum(agree) / len(agree), 2) if agree else None,
        average_gap=round(stats.mean(gaps), 2) if gaps else None,
        thirds=thirds,
    )


__all__ = ["grader_agreement", "item_statistics"]
