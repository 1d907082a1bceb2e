"""``{{ checklist|items_of:section }}``: the checklist items a section fixes."""

from django import template

register = template.Library()


@register.filter
def items_of(checklist, section: str) -> list:
    return checklist.items_of(section) if checklist else []
