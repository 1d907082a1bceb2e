"""The "Change" and "Remove" actions of a workspace row, rendered in Python: a section page may
list hundreds of rows, and an ``{% include %}`` per row (two URL reversals, two translations
and a CSRF field each) made long sections slow."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

register = template.Library()

_CSRF = CsrfTokenNode()
_SHARED = "applications.row_actions"


def _shared(context, application, kind: str) -> tuple[str, str, str, str]:
    """What every row of one table shares, worked out once per page: the rows' URL base (the
    table's add_row URL: applications/urls.py puts edit_row at ``<base><row>/`` and delete_row
    at ``<base><row>/delete/``), the two labels and the CSRF field."""
    cache = context.render_context.get(_SHARED)
    if cache is None:
        cache = context.render_context[_SHARED] = {}
    key = (application.uuid, kind)
    if key not in cache:
        cache[key] = (
            reverse("applications:add_row", args=(application.uuid, kind)),
            conditional_escape(_("Change")),
            _CSRF.render(context),
            conditional_escape(_("Remove")),
        )
    return cache[key]


@register.simple_tag(takes_context=True)
def row_actions(context, application, kind: str, row):
    """A link to change ``row`` and a form to remove it, each naming the row for screen
    readers."""
    base, change, csrf, remove = _shared(context, application, kind)
    url = f"{base}{row.uuid}/"
    return format_html(
        '<a href="{}">{}<span class="visually-hidden"> {}</span></a>\n'
        '<form method="post" action="{}delete/" class="inline">{}<button type="submit" '
        'class="link">{}<span class="visually-hidden"> {}</span></button></form>\n',
        url,
        change,
        row,
        url,
        csrf,
        remove,
        row,
    )
