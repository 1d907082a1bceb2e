"""Form rendering that ties help text and errors to their field for screen readers."""

import copy

from django import forms, template
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_SELECT_TEMPLATES = ("django/forms/widgets/select.html", "django/forms/widgets/select_option.html")


def _attrs(attrs: dict) -> str:
    """Django's ``attrs.html`` in Python: ``False`` drops an attribute, ``True`` writes it bare."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


def _is_plain_select(widget) -> bool:
    return (
        type(widget) is forms.Select
        and (widget.template_name, widget.option_template_name) == _SELECT_TEMPLATES
    )


def _fetched_choices(widget):
    """The widget with a model field's choices read in one plain query: Django reads them with
    ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor (three round trips
    per select)."""
    choices = widget.choices
    if not isinstance(choices, ModelChoiceIterator):
        return widget
    static = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
    static += [choices.choice(obj) for obj in choices.queryset.all()]
    widget = copy.copy(widget)
    widget.choices = static
    return widget


def _render_select(widget, name, value, attrs) -> str:
    """The same HTML as Django's ``select.html`` and ``select_option.html`` templates, without a
    template render per option (a select of 100 options cost ~8 ms that way)."""
    context = _fetched_choices(widget).get_context(name, value, attrs)["widget"]
    parts = [f'<select name="{conditional_escape(context["name"])}"{_attrs(context["attrs"])}>']
    for group_name, group_choices, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )  # the option template ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


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
    widget = field.field.widget
    if not _is_plain_select(widget) or field.field.localize:
        return field.as_widget(attrs=attrs)
    # BoundField.as_widget's steps, then the select drawn in Python.
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return _render_select(widget, field.html_name, field.value(), attrs)


# USWDS (issue 15): the class each kind of widget takes in the design system's form markup.
_USWDS_WIDGET_CLASSES = {
    "textarea": "usa-textarea",
    "select": "usa-select",
    "selectmultiple": "usa-select",
    "nullbooleanselect": "usa-select",
    "checkbox": "usa-checkbox__input",
}
_NO_USWDS_CLASS = {"clearablefile", "file", "hidden", "multiplehidden"}


@register.simple_tag
def uswds_widget(field):
    """``accessible_widget`` with the USWDS class for the widget's kind added to its own."""
    kind = field.widget_type
    css = "" if kind in _NO_USWDS_CLASS else _USWDS_WIDGET_CLASSES.get(kind, "usa-input")
    if field.errors and css in ("usa-input", "usa-textarea", "usa-select"):
        css += " usa-input--error"
    widget = field.field.widget
    if not css:
        return accessible_widget(field)
    own = widget.attrs.get("class", "")
    original = widget.attrs
    widget.attrs = {**original, "class": f"{own} {css}".strip()}
    try:
        return accessible_widget(field)
    finally:
        widget.attrs = original


@register.simple_tag
def uswds_choices(field):
    """A group of radio buttons or checkboxes as USWDS draws them: each input followed by its
    label (``usa-radio`` / ``usa-checkbox``); option groups as nested fieldsets."""
    widget = field.field.widget
    kind = "checkbox" if widget.input_type == "checkbox" else "radio"
    attrs = field.build_widget_attrs({"id": field.auto_id} if field.auto_id else {}, widget)
    attrs["class"] = f"{widget.attrs.get('class', '')} usa-{kind}__input".strip()
    context = _fetched_choices(widget).get_context(field.html_name, field.value(), attrs)
    parts = []
    for group_name, options, _index in context["widget"]["optgroups"]:
        if group_name:
            parts.append(
                '<fieldset class="usa-fieldset margin-top-2"><legend class="usa-legend">'
                f"{conditional_escape(group_name)}</legend>"
            )
        for option in options:
            option_attrs = dict(option["attrs"])
            option_id = option_attrs.get("id", "")
            parts.append(
                f'<div class="usa-{kind}"><input type="{option["type"]}"'
                f' name="{conditional_escape(option["name"])}"'
                f' value="{conditional_escape(str(option["value"]))}"{_attrs(option_attrs)}>'
                f'<label class="usa-{kind}__label" for="{conditional_escape(option_id)}">'
                f"{conditional_escape(option['label'])}</label></div>"
            )
        if group_name:
            parts.append("</fieldset>")
    return mark_safe("".join(parts))
