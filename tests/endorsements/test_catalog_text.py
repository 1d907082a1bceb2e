"""The catalog's words that applicants and raters read have Spanish (endorsements/catalog_text)."""

import json
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

from endorsements.catalog_text import CATEGORY_DESCRIPTIONS, COMPETENCY_AREAS, catalog_text

CATALOG = Path(settings.BASE_DIR) / "fixtures" / "catalog"
PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _values(name: str, field: str) -> set[str]:
    rows = json.loads((CATALOG / name).read_text(encoding="utf-8"))
    return {row["fields"][field] for row in rows if row["fields"].get(field)}


def test_every_competency_area_and_category_description_of_the_fixtures_is_listed():
    assert _values("25_competency_areas.json", "name") <= set(COMPETENCY_AREAS)
    assert _values("10_categories.json", "description") <= set(CATEGORY_DESCRIPTIONS)


def test_every_listed_value_has_spanish():
    translated = {e.msgid for e in polib.pofile(str(PO)).translated_entries()}

    assert set(COMPETENCY_AREAS + CATEGORY_DESCRIPTIONS) <= translated


def test_a_value_reads_in_the_readers_language_and_an_unknown_one_as_it_is():
    with translation.override("es"):
        assert catalog_text("Theoretical Foundations") == "Fundamentos teóricos"
        assert catalog_text("An area a coordinator added") == "An area a coordinator added"
    assert catalog_text("Theoretical Foundations") == "Theoretical Foundations"
