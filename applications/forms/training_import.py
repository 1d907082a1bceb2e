"""Importing trainings from a CSV file."""

from __future__ import annotations

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import TrainingTopic
from .rows import TrainingForm


class TrainingImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: date (YYYY-MM-DD), title, provider, hours, topics, competency_areas. "
            "Separate several topics or areas with a semicolon."
        ),
    )

    MAX_BYTES = 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The CSV file may be at most 1 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("This file is not a CSV text file. Save it from your spreadsheet as “CSV UTF-8”.")
            ) from exc
        if problem := csv_problem(text):
            raise ValidationError(problem)
        return text


CSV_COLUMNS = ("date", "title", "provider", "hours", "topics", "competency_areas")
# No cell of a training row needs more; a longer one is a wrong file or an attack.
MAX_CELL_CHARS = 1000


def csv_problem(text: str) -> str | None:
    """What makes ``text`` unreadable as a training CSV (NUL bytes, broken quoting, a cell over
    MAX_CELL_CHARS), said for the person who uploaded it; None when it reads."""
    if "\x00" in text:
        return _("The file contains NUL characters: it is not a CSV text file.")
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            if any(len(cell) > MAX_CELL_CHARS for cell in row):
                return _("Line %(line)s has a cell longer than %(max)s characters.") % {
                    "line": reader.line_num,
                    "max": MAX_CELL_CHARS,
                }
    except csv.Error:  # a cell past the csv module's own limit, or broken quoting
        return _(
            "Line %(line)s cannot be read as CSV: a cell is longer than %(max)s characters or "
            "a quote is not closed."
        ) % {"line": reader.line_num, "max": MAX_CELL_CHARS}
    return None


def _split(value: str) -> list[str]:
    return [p.strip() for p in (value or "").split(";") if p.strip()]


def parse_training_csv(text: str, *, application, areas) -> tuple[list[dict], list[str]]:
    """Check every row of a training CSV like the form would.

    Returns (rows, file_errors); each row is {"line", "values", "errors", "training"} where
    ``training`` is an unsaved Training when the row is valid.
    """
    if problem := csv_problem(text):
        return [], [problem]
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS[:4] if c not in header]
    if missing:
        return [], [_("The file has no column named: %(cols)s.") % {"cols": ", ".join(missing)}]
    reader.fieldnames = header
    by_name = {a.name.lower(): a.code for a in areas} | {a.code.lower(): a.code for a in areas}
    topic_codes = {c.lower(): c for c in TrainingTopic.values} | {
        str(label).lower(): c for c, label in TrainingTopic.choices
    }
    seen: set[tuple] = set()
    rows = []
    for line, raw in enumerate(reader, start=2):
        values = {c: (raw.get(c) or "").strip() for c in CSV_COLUMNS}
        errors = []
        topics = []
        for t in _split(values["topics"]):
            if t.lower() in topic_codes:
                topics.append(topic_codes[t.lower()])
            else:
                errors.append(_("Unknown topic “%(t)s”: use rsc_provision or dei.") % {"t": t})
        area_codes = []
        for a in _split(values["competency_areas"]):
            if a.lower() in by_name:
                area_codes.append(by_name[a.lower()])
            else:
                errors.append(_("Unknown competency area “%(a)s”.") % {"a": a})
        form = TrainingForm(
            data={**values, "topics": topics, "competency_areas": area_codes},
            application=application,
            areas=areas,
        )
        training = None
        if form.is_valid():
            key = (form.cleaned_data["date"], form.cleaned_data["title"].lower())
            if key in seen:
                errors.append(_("This row repeats an earlier row of the file."))
            seen.add(key)
            training = form.save(commit=False)
        else:
            for field, field_errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                errors.extend(f"{label}: {e}" if label else e for e in field_errors)
        rows.append(
            {
                "line": line,
                "values": values,
                "errors": errors,
                "training": None if errors else training,
            }
        )
    if not rows:
        return [], [_("The file has no rows below its header.")]
    return rows, []
