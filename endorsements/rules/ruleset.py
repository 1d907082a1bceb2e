"""The catalog and requirement rules the engine applies, loaded once per process.

From the database when the rules table exists and has rows (an association administrator may
have edited them), otherwise straight from ``fixtures/catalog/*.json`` — the same data — so the
``evaluate_dossier`` command works from a fresh clone with no migrated database.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..enums import CODE_ORDER, Severity

#: Seconds a loaded ruleset is trusted. Saving a rule clears this process's copy at once (see
#: apps.py); other processes (web workers, Celery) pick the change up within this time.
CACHE_SECONDS = 60.0
_MEMO_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    code: str
    name: str
    family: str
    scope: str
    level: int
    is_mentor: bool
    designation: str
    position: int


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    code: str
    association: str | None
    categories: frozenset[str]
    purpose: str
    severity: str
    params: dict[str, Any]
    valid_from: dt.date | None
    valid_to: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class ResolvedRule:
    """One requirement as it applies to one association, category, purpose and day."""

    code: str
    severity: str
    params: dict[str, Any]
    keys: tuple[str, ...]  # the rule rows that made it, in the order they were laid over


class RuleSet:
    def __init__(
        self,
        *,
        associations: dict[str, str],
        categories: list[CategoryInfo],
        offerings: list[tuple[str, str, dt.date | None, dt.date | None]],
        rules: list[Rule],
        source: str,
    ) -> None:
        self.associations = dict(sorted(associations.items()))
        self.categories = {
            c.code: c for c in sorted(categories, key=lambda c: (c.position, c.code))
        }
        self.offerings: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = {}
        for association, category, start, end in offerings:
            self.offerings.setdefault(association, []).append((category, start, end))
        self.rules = tuple(sorted(rules, key=lambda r: r.key))
        self.source = source
        self._by_category: dict[tuple[str, str], list[Rule]] = {}
        for rule in self.rules:
            for category in rule.categories:
                self._by_category.setdefault((category, rule.purpose), []).append(rule)
        self._memo: dict[tuple, tuple[ResolvedRule, ...]] = {}

    def __repr__(self) -> str:
        return f"<RuleSet from {self.source}: {len(self.rules)} rules>"

    def offers(self, association: str, category: str, on: dt.date) -> bool:
        return any(
            code == category and (start is None or start <= on) and (end is None or on <= end)
            for code, start, end in self.offerings.get(association, ())
        )

    def offered(self, association: str, on: dt.date) -> list[str]:
        """Codes of the categories the association offers on the day, in catalog order."""
        return [code for code in self.categories if self.offers(association, code, on)]

    def requirements(
        self, association: str, category: str, purpose: str, on: dt.date
    ) -> tuple[ResolvedRule, ...]:
        """The requirements that apply, in checklist order (memoised: they are data)."""
        key = (association, category, purpose, on)
        found = self._memo.get(key)
        if found is None:
            found = self._resolve(association, category, purpose, on)
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _resolve(self, association, category, purpose, on) -> tuple[ResolvedRule, ...]:
        rows = [
            r
            for r in self._by_category.get((category, purpose), ())
            if r.association in (None, association) and r.valid_on(on)
        ]
        # Reference rows first, then the association's own; each by the day it took effect.
        rows.sort(key=lambda r: (r.association is not None, r.valid_from or dt.date.min, r.key))
        merged: dict[str, tuple[str, dict, list[str]]] = {}
        for rule in rows:
            severity, params, keys = merged.get(rule.code, ("", {}, []))
            merged[rule.code] = (
                rule.severity or severity,
                {**params, **rule.params},
                [*keys, rule.key],
            )
        return tuple(
            ResolvedRule(code, severity or Severity.REQUIRED.value, params, tuple(keys))
            for code, (severity, params, keys) in sorted(
                merged.items(), key=lambda item: CODE_ORDER.get(item[0], 99)
            )
        )

    def fingerprint(self) -> tuple:
        """Everything the engine reads, comparable between two loads (tests use it)."""
        return (
            tuple(self.associations),
            tuple(self.categories.values()),
            tuple(sorted((a, *o) for a, items in self.offerings.items() for o in items)),
            tuple(
                (r.key, r.code, r.association, tuple(sorted(r.categories)), r.purpose, r.severity,
                 json.dumps(r.params, sort_keys=True), r.valid_from, r.valid_to)
                for r in self.rules
            ),
        )  # fmt: skip


# -- loading -----------------------------------------------------------------------------------


def fixtures_folder() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "fixtures" / "catalog"


def _natural(value: Any) -> Any:
    """A natural key as fixtures write it (["IFS"]) or a bare value."""
    if isinstance(value, list | tuple):
        return value[0] if len(value) == 1 else tuple(value)
    return value


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def from_fixtures(folder: Path | None = None) -> RuleSet:
    """Read the catalog straight from the fixture files (no database needed)."""
    folder = folder or fixtures_folder()
    associations: dict[str, str] = {}
    categories: list[CategoryInfo] = []
    offerings = []
    rules = []
    for path in sorted(folder.glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            model, f = row.get("model"), row.get("fields", {})
            if model == "endorsements.association":
                if f.get("is_active", True):
                    associations[f["code"]] = f["name"]
            elif model == "endorsements.category":
                categories.append(
                    CategoryInfo(
                        code=f["code"],
                        name=f["name"],
                        family=f["family"],
                        scope=f["scope"],
                        level=f["level"],
                        is_mentor=f.get("is_mentor", False),
                        designation=f.get("designation", ""),
                        position=f.get("position", 0),
                    )
                )
            elif model == "endorsements.categoryoffering":
                offerings.append(
                    (
                        _natural(f["association"]),
                        _natural(f["category"]),
                        _day(f.get("available_from")),
                        _day(f.get("available_to")),
                    )
                )
            elif model == "endorsements.requirementrule":
                association = f.get("association")
                rules.append(
                    Rule(
                        key=f["key"],
                        code=f["code"],
                        association=_natural(association) if association else None,
                        categories=frozenset(_natural(c) for c in f.get("categories", [])),
                        purpose=f.get("purpose", "application"),
                        severity=f.get("severity", ""),
                        params=f.get("params") or {},
                        valid_from=_day(f.get("valid_from")),
                        valid_to=_day(f.get("valid_to")),
                    )
                )
    return RuleSet(
        associations=associations,
        categories=categories,
        offerings=offerings,
        rules=rules,
        source="fixtures",
    )


def from_database() -> RuleSet | None:
    """Read the catalog from the database; None when the rules table is missing or empty, or
    the database cannot be reached."""
    from django.db import DatabaseError, connection

    from ..models import Association, Category, CategoryOffering, RequirementRule

    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and not (
        name == ":memory:" or name.startswith("file:") or Path(name).exists()
    ):
        return None  # a fresh clone: do not create an empty database file just to look
    try:
        if RequirementRule._meta.db_table not in connection.introspection.table_names():
            return None
        if not RequirementRule.objects.exists():
            return None
        associations = dict(Association.objects.filter(is_active=True).values_list("code", "name"))
        categories = [
            CategoryInfo(
                code=c.code,
                name=c.name,
                family=c.family,
                scope=c.scope,
                level=c.level,
                is_mentor=c.is_mentor,
                designation=c.designation,
                position=c.position,
            )
            for c in Category.objects.all()
        ]
        offerings = list(
            CategoryOffering.objects.values_list(
                "association__code", "category__code", "available_from", "available_to"
            )
        )
        through = RequirementRule.categories.through
        codes: dict[int, set[str]] = {}
        for rule_id, code in through.objects.values_list("requirementrule_id", "category__code"):
            codes.setdefault(rule_id, set()).add(code)
        rules = [
            Rule(
                key=r.key,
                code=r.code,
                association=r.association.code if r.association is not None else None,
                categories=frozenset(codes.get(r.pk, ())),
                purpose=r.purpose,
                severity=r.severity,
                params=r.params or {},
                valid_from=r.valid_from,
                valid_to=r.valid_to,
            )
            for r in RequirementRule.objects.select_related("association")
        ]
    except DatabaseError:
        return None
    return RuleSet(
        associations=associations,
        categories=categories,
        offerings=offerings,
        rules=rules,
        source="database",
    )


_lock = threading.Lock()
_cached: tuple[RuleSet, float] | None = None


def get_ruleset() -> RuleSet:
    """The process's ruleset (database if it holds rules, else the fixture files)."""
    global _cached
    cached = _cached
    if cached is not None and time.monotonic() - cached[1] < CACHE_SECONDS:
        return cached[0]
    with _lock:
        ruleset = from_database() or from_fixtures()
        _cached = (ruleset, time.monotonic())
    return ruleset


def clear_cache(*args: Any, **kwargs: Any) -> None:
    """Forget the loaded ruleset (connected to saves of catalog rows; takes signal args)."""
    global _cached
    _cached = None
