"""Import and export of multiple-choice items as CSV or JSON.

One row per item: ``family``, ``area`` (the competency area's code), ``stem``, ``option_a`` to
``option_d``, ``key`` (A-D) and, on export, ``uuid``, ``status`` and ``version``. An import is
read whole and checked row by row first (the preview, with every row's errors); only a file
without errors is saved, each item as a draft.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from endorsements.enums import Family
from endorsements.models import CompetencyArea

from .enums import OPTION_LETTERS
from .models import Item
from .services import ExamError, ItemData, save_item

COLUMNS = ["family", "area", "stem", "option_a", "option_b", "option_c", "option_d", "key"]
EXPORT_COLUMNS = ["uuid", *COLUMNS, "status", "version"]


@dataclass
class Row:
    number: int
    values: dict
    data: ItemData | None = None
    errors: list[str] = field(default_factory=list)


def parse(text: str, fmt: str) -> list[Row]:
    """Rows of ``text`` (``fmt`` "csv" or "json"), each checked; raises ExamError when the
    file itself cannot be read."""
    if fmt == "json":
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ExamError(
                _("The file is not JSON: %(msg)s (line %(line)d).")
                % {"msg": exc.msg, "line": exc.lineno}
            ) from exc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ExamError(_("The JSON file must be a list of items."))
        start = 1
    else:
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ExamError(_("Columns missing: %(c)s.") % {"c": ", ".join(missing)})
        records = list(reader)
        start = 2  # line 1 is the header
    areas = {(a.family, a.code): a for a in CompetencyArea.objects.all()}
    rows = []
    for n, record in enumerate(records, start=start):
        values = {c: str(record.get(c) or "").strip() for c in COLUMNS}
        row = Row(number=n, values=values)
        if values["family"] not in Family.values:
            row.errors.append(
                _("Unknown family “%(v)s” (infant or early_childhood).") % {"v": values["family"]}
            )
        area = areas.get((values["family"], values["area"]))
        if area is None:
            row.errors.append(
                _("Unknown competency area “%(v)s” for this family.") % {"v": values["area"]}
            )
        key = values["key"].upper()
        if key not in OPTION_LETTERS:
            row.errors.append(_("The key must be A, B, C or D."))
        data = ItemData(
            family=values["family"],
            area=area,
            stem=values["stem"],
            options=[
                values["option_a"],
                values["option_b"],
                values["option_c"],
                values["option_d"],
            ],
            key=OPTION_LETTERS.index(key) if key in OPTION_LETTERS else 0,
        )
        row.errors.extend(e for e in data.validate() if e not in row.errors)
        row.data = data if not row.errors else None
        rows.append(row)
    return rows


@transaction.atomic
def import_rows(rows: list[Row], *, actor) -> list[Item]:
    """Save every row as a draft item; refused when any row has an error."""
    if not rows or any(r.errors for r in rows):
        raise ExamError(_("Fix every row with an error before importing."))
    return [save_item(None, r.data, actor=actor) for r in rows]


def export_rows(items) -> list[dict]:
    return [
        {
            "uuid": str(i.uuid),
            "family": i.family,
            "area": i.area.code,
            "stem": i.stem,
            "option_a": i.option_a,
            "option_b": i.option_b,
            "option_c": i.option_c,
            "option_d": i.option_d,
            "key": OPTION_LETTERS[i.key],
            "status": i.status,
            "version": i.version,
        }
        for i in items
    ]


def export(items, fmt: str) -> str:
    rows = export_rows(items)
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
