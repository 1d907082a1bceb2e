"""Reusable lookups of the exam."""

from applications.models import Application


def with_application(prefix: str = "application") -> list[str]:
    """``select_related`` paths for an application reached by ``prefix``, with its catalog
    category when the application holds it as a foreign key (so that ``category_code`` in a
    list costs no query per row)."""
    paths = [prefix]
    field = next((f for f in Application._meta.fields if f.name == "category"), None)
    if field is not None and field.is_relation:
        paths.append(f"{prefix}__category")
    return paths
