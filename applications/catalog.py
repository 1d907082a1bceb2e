"""Everything the portal asks of the catalog and the rules module, in one place.

The catalog (``endorsements``) owns categories, competency areas, submission periods and the rules.
Views and services of this app ask through these functions only, so the seam is one module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Area:
    code: str
    name: str


def today() -> dt.date:
    return timezone.localdate()


def _category(code: str):
    from endorsements.models import Category

    return Category.objects.filter(code=code).first()


def category_choices(association, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(code, "IFS — Infant Family Specialist") for the categories the association offers."""
    from endorsements.queries import categories_offered

    return [
        (c.code, f"{c.code} — {c.name}") for c in categories_offered(association, on or today())
    ]


def category_name(code: str) -> str:
    category = _category(code)
    return f"{code} — {category.name}" if category else code


def competency_areas(code: str) -> list[Area]:
    """The competency areas of a category, in the catalog's order."""
    from endorsements.queries import competency_areas_for

    category = _category(code)
    if category is None:
        return []
    return [Area(code=a.code, name=a.name) for a in competency_areas_for(category)]


def open_period(association, code: str, on: dt.date | None = None):
    """The submission period open for the category on ``on``, or None."""
    from endorsements.queries import open_submission_period

    category = _category(code)
    if category is None:
        return None
    return open_submission_period(association, category, on or today())


def next_period(association, code: str, on: dt.date | None = None):
    from endorsements.queries import next_submission_period

    category = _category(code)
    if category is None:
        return None
    return next_submission_period(association, category, on or today())


def evaluate(dossier: dict[str, Any]):
    """The rules module's verdict on a dossier (see /work/shared/dossier/README.md)."""
    from endorsements.rules import evaluate as rules_evaluate

    return rules_evaluate(dossier)


def rank_categories(dossier: dict[str, Any], association_code: str, on: dt.date | None = None):
    from endorsements.rules import rank_categories as rules_rank

    return rules_rank(dossier, association_code, on or today())
