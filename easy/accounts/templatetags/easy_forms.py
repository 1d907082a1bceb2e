"""Form rendering that ties help text and errors to their field for screen readers."""

from django import template

register = template.Library()


@register.simple_tag
def accessible_widget(field):
    """The field's widget with aria-describedby naming its help and error texts, and
    aria-invalid when it has errors."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    attrs = {}
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
