"""Compile ``locale/<lang>/LC_MESSAGES/*.po`` to ``.mo`` with polib: no GNU gettext needed.

``make run`` and ``make test`` call it, so a fresh checkout shows Spanish without ``msgfmt``.
A ``.mo`` newer than its ``.po`` is left alone; fuzzy entries are left out (as msgfmt does).
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the portal's .po translation files to .mo (without GNU gettext)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recompile every file.")

    def handle(self, *args, force: bool = False, verbosity: int = 1, **options):
        compiled = 0
        for folder in settings.LOCALE_PATHS:
            for po_path in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if (
                    not force
                    and mo_path.exists()
                    and mo_path.stat().st_mtime >= po_path.stat().st_mtime
                ):
                    continue
                catalog = polib.pofile(str(po_path))
                for entry in catalog.fuzzy_entries():
                    # msgfmt leaves fuzzy entries out; so do we (obsolete ones too).
                    catalog.remove(entry)
                catalog.save_as_mofile(str(mo_path))
                compiled += 1
                if verbosity:
                    self.stdout.write(f"Compiled {mo_path.relative_to(settings.BASE_DIR)}")
        if verbosity and not compiled:
            self.stdout.write("Translations are up to date.")
