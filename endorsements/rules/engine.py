"""Evaluate a dossier: which requirements apply (data), and whether each is met (code)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _

from ..enums import RequirementCode, Severity, Status
from .dossier import Dossier, DossierError, parse_dossier
from .requirements import REQUIREMENTS, Context
from .ruleset import RuleSet, get_ruleset

#: Listed on the checklist but never blocks readiness: it comes after the review.
NON_BLOCKING = frozenset({"exam"})
_LABELS = dict(RequirementCode.choices)


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else round(value, 2)


@dataclass(frozen=True, slots=True)
class RequirementResult:
    code: str
    severity: str
    status: str
    have: float | int | None
    need: float | int | None
    message: str

    @property
    def label(self) -> str:
        return str(_LABELS.get(self.code, self.code))

    @property
    def blocks(self) -> bool:
        """Counts toward readiness (a required requirement other than the exam)."""
        return (
            self.severity == Severity.REQUIRED
            and self.code not in NON_BLOCKING
            and self.status != Status.NOT_APPLICABLE
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "status": self.status,
            "have": self.have,
            "need": self.need,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    association: str
    category: str
    purpose: str
    as_of: dt.date
    ready: bool
    requirements: list[RequirementResult] = field(default_factory=list)

    @property
    def required_count(self) -> int:
        """Required requirements that block readiness (for a progress bar)."""
        return sum(1 for r in self.requirements if r.blocks)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.requirements if r.blocks and r.status == Status.MET)

    @property
    def missing(self) -> list[RequirementResult]:
        """Required requirements still unmet, in checklist order."""
        return [r for r in self.requirements if r.blocks and r.status != Status.MET]

    def get(self, code: str) -> RequirementResult | None:
        return next((r for r in self.requirements if r.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the JSON output of shared/dossier/README.md."""
        return {
            "association": self.association,
            "category": self.category,
            "purpose": self.purpose,
            "as_of": self.as_of.isoformat(),
            "ready": self.ready,
            "requirements": [r.to_dict() for r in self.requirements],
        }


def _prepare(
    dossier: Dossier | dict, as_of: dt.date | None, ruleset: RuleSet, *, require_category=True
) -> Dossier:
    if isinstance(dossier, Dossier):
        parsed = dossier
    else:
        parsed = parse_dossier(
            dossier, ruleset=ruleset, today=as_of, require_category=require_category
        )
    if as_of is not None and as_of != parsed.as_of:
        parsed = replace(parsed, as_of=as_of)
    return parsed


def _evaluate(dossier: Dossier, ruleset: RuleSet) -> Evaluation:
    category = ruleset.categories.get(dossier.category or "")
    if category is None:
        raise DossierError("category", f"unknown category {dossier.category!r}")
    if not ruleset.offers(dossier.association, category.code, dossier.as_of):
        raise DossierError(
            "category",
            f"{dossier.association} does not offer {category.code} on {dossier.as_of}",
        )
    resolved = ruleset.requirements(
        dossier.association, category.code, dossier.purpose, dossier.as_of
    )
    ctx = Context(dossier, category, resolved, ruleset)
    results = []
    for rule in resolved:
        waived = rule.params.get("waived")
        if waived:
            results.append(
                RequirementResult(
                    rule.code, rule.severity, Status.NOT_APPLICABLE, None, None, _(waived)
                )
            )
            continue
        outcome = REQUIREMENTS[rule.code](ctx, rule.params)
        results.append(
            RequirementResult(
                rule.code,
                rule.severity,
                str(outcome.status),
                _number(outcome.have),
                _number(outcome.need),
                outcome.message,
            )
        )
    ready = all(r.status in (Status.MET, Status.NOT_APPLICABLE) for r in results if r.blocks)
    return Evaluation(
        association=dossier.association,
        category=category.code,
        purpose=dossier.purpose,
        as_of=dossier.as_of,
        ready=ready,
        requirements=results,
    )


def evaluate(
    dossier: Dossier | dict, as_of: dt.date | None = None, *, ruleset: RuleSet | None = None
) -> Evaluation:
    """Judge a dossier (or a dict in the README's input shape) requirement by requirement.

    ``as_of``, when given, replaces the dossier's own date. Raises ``DossierError`` for bad
    input (the message names the field).
    """
    ruleset = ruleset or get_ruleset()
    return _evaluate(_prepare(dossier, as_of, ruleset), ruleset)


def _distance(evaluation: Evaluation) -> float:
    """How far from ready: each unmet requirement counts 1, less the share already done."""
    total = 0.0
    for r in evaluation.missing:
        if isinstance(r.have, int | float) and r.need:
            total += 1 - min(r.have / r.need, 1)
        else:
            total += 1
    return total


def rank_categories(
    dossier: Dossier | dict,
    association_code: str,
    as_of: dt.date | None = None,
    *,
    ruleset: RuleSet | None = None,
) -> list[tuple[str, Evaluation]]:
    """Evaluate one person against every category the association offers, closest first
    ("Which endorsement is right for me?"). The dossier's own category is ignored."""
    ruleset = ruleset or get_ruleset()
    if isinstance(dossier, dict):
        data = {**dossier, "association": association_code, "category": None}
        parsed = _prepare(data, as_of, ruleset, require_category=False)
    else:
        parsed = _prepare(replace(dossier, association=association_code), as_of, ruleset)
    if association_code not in ruleset.associations:
        raise DossierError("association", f"unknown association {association_code!r}")
    ranked = [
        (code, _evaluate(parsed.for_category(code), ruleset))
        for code in ruleset.offered(association_code, parsed.as_of)
    ]
    position = {code: i for i, code in enumerate(ruleset.categories)}
    ranked.sort(key=lambda item: (not item[1].ready, _distance(item[1]), position[item[0]]))
    return ranked
