"""``{{ "2026-05-04"|iso_date:"DATE_FORMAT" }}``: an ISO day (as the public verification facts
keep it, for JSON) written the way the portal writes dates, in the reader's language."""

import datetime as dt

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def iso_date(value, format_name="DATE_FORMAT"):
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return value
    return formats.date_format(day, format_name)
