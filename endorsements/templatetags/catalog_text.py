"""``{{ area.name|catalog }}``: a catalog value in the reader's language (see
endorsements/catalog_text.py)."""

from django import template

from ..catalog_text import catalog_text

register = template.Library()


@register.filter(name="catalog")
def catalog(value):
    return catalog_text(value) if isinstance(value, str) else value
