from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import BaseCommand, call_command
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the catalog (associations, categories, competencies, requirements, fees, periods) "
        "from fixtures/catalog/. Adds what is missing and leaves rows that exist alone, so "
        "staff edits survive a restart; --update overwrites them with the files' values."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing rows with the values in the files.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database without a catalog (a first start in production), "
            "so that rows staff deleted are not brought back.",
        )

    def handle(self, *args, update: bool = False, if_empty: bool = False, **options) -> None:
        from endorsements.models import Association

        if if_empty and Association.objects.exists():
            self.stdout.write("A catalog is already in the database: nothing loaded.")
            return
        folder = Path(settings.BASE_DIR) / "fixtures" / "catalog"
        files = sorted(folder.glob("*.json"))
        if not files:
            self.stderr.write(f"No catalog fixtures in {folder}.")
            return
        if update:
            call_command("loaddata", *map(str, files), verbosity=0)
            self.stdout.write(f"Catalog loaded from {len(files)} file(s), existing rows updated.")
            return
        added, kept = self.add_missing(files)
        self.stdout.write(
            f"Catalog loaded from {len(files)} file(s): {added} row(s) added, {kept} kept as they are."
        )

    @staticmethod
    @transaction.atomic
    def add_missing(files: list[Path]) -> tuple[int, int]:
        """Save the fixture rows whose natural key is not in the database yet."""
        added = kept = 0
        deferred = []
        for path in files:
            with path.open() as handle:
                for item in serializers.deserialize("json", handle, handle_forward_references=True):
                    # The deserializer found the row by its natural key when it exists.
                    if item.object.pk is not None:
                        kept += 1
                        continue
                    item.save()
                    added += 1
                    if item.deferred_fields:
                        deferred.append(item)
        for item in deferred:
            item.save_deferred_fields()
        return added, kept
