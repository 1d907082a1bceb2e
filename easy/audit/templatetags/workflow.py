"""``{% load workflow %}``: ``{% if application|can_transition:"returned" %}`` asks the app that
owns the object (``easy.lib.workflows``) whether the change is allowed now."""

from django import template

from easy.lib import workflows

register = template.Library()


@register.filter
def can_transition(obj, to: str) -> bool:
    return workflows.can_transition(obj, to)
