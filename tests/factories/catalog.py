"""The catalog's categories, as the fixture files describe them (``fixtures/catalog/``)."""

import functools
import json
from pathlib import Path

import factory
from django.conf import settings

from endorsements.models import Category


@functools.cache
def category_fields() -> dict[str, dict]:
    """The fixture's fields of every category, by code."""
    path = Path(settings.BASE_DIR) / "fixtures" / "catalog" / "10_categories.json"
    rows = json.loads(path.read_text())
    return {r["fields"]["code"]: r["fields"] for r in rows if r["model"] == "endorsements.category"}


def _field(name: str, default):
    return factory.LazyAttribute(lambda o: category_fields().get(o.code, {}).get(name, default))


class CategoryFactory(factory.django.DjangoModelFactory):
    """A category of the catalog by its code; the fixture's row when the catalog is not loaded
    (and the loaded row when it is: one row per code)."""

    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = "IFS"
    name = _field("name", "Test category")
    family = _field("family", "infant")
    scope = _field("scope", "prevention")
    level = _field("level", 2)
    is_mentor = _field("is_mentor", False)
    designation = _field("designation", "")
    position = _field("position", 0)
