"""``python manage.py evaluate_dossier PATH|-``: judge a dossier (shared/dossier/README.md).

Works without a migrated database (the rules then come from fixtures/catalog/). Bad input ends
with exit status 2 and one line on standard error naming the field.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from endorsements.rules import DossierError, Evaluation, evaluate, rank_categories

MARKS = {"met": "[x]", "unmet": "[ ]", "pending": "[~]", "not_applicable": "[-]"}


def _figure(value) -> str:
    return "" if value is None else f"{value:g}"


def render_text(evaluation: Evaluation) -> str:
    verdict = "READY" if evaluation.ready else "NOT READY"
    lines = [
        f"{evaluation.association} {evaluation.category} {evaluation.purpose} as of "
        f"{evaluation.as_of}: {verdict} ({evaluation.met_count} of {evaluation.required_count} "
        "required met)"
    ]
    for r in evaluation.requirements:
        numbers = f" {_figure(r.have)}/{_figure(r.need)}" if r.need is not None else ""
        optional = " (recommended)" if r.severity == "recommended" else ""
        lines.append(f"  {MARKS.get(r.status, r.status)} {r.code}{optional}{numbers}: {r.message}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Evaluate a dossier (JSON file, or - for standard input) against the rules."
    # Must run from a fresh clone: no system checks that might touch a database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a dossier JSON file, or - to read standard input")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--all-categories",
            action="store_true",
            help="evaluate against every category the association offers, closest first",
        )

    def handle(self, *args, **options) -> None:
        data = self._read(options["path"])
        try:
            if options["all_categories"]:
                if not isinstance(data, dict):
                    raise DossierError("dossier", "must be a JSON object")
                association = data.get("association")
                if not isinstance(association, str) or not association:
                    raise DossierError("association", "is required (e.g. WI-AIMH)")
                ranked = [e for _, e in rank_categories(data, association)]
            else:
                ranked = [evaluate(data)]
        except DossierError as error:
            raise CommandError(str(error), returncode=2) from None
        if options["format"] == "text":
            self.stdout.write("\n\n".join(render_text(e) for e in ranked))
        elif options["all_categories"]:
            self.stdout.write(json.dumps([e.to_dict() for e in ranked], indent=2))
        else:
            self.stdout.write(json.dumps(ranked[0].to_dict(), indent=2))

    def _read(self, path: str):
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise CommandError(f"path: cannot read {path}: {reason}", returncode=2) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"input: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})",
                returncode=2,
            ) from None
