from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Load the catalog (associations, categories, competencies, fees, periods) from fixtures/catalog/. Safe to run again."

    def handle(self, *args, **options) -> None:
        folder = Path(settings.BASE_DIR) / "fixtures" / "catalog"
        files = sorted(str(p) for p in folder.glob("*.json"))
        if not files:
            self.stderr.write(f"No catalog fixtures in {folder}.")
            return
        call_command("loaddata", *files, verbosity=0)
        self.stdout.write(f"Catalog loaded from {len(files)} file(s).")
