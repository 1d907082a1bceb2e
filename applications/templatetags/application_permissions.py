"""``{% can "action" application as name %}``: templates ask the same predicates as the views
(``applications.permissions``), for the person making the request."""

from django import template

from .. import permissions

register = template.Library()

#: The questions a template may ask; each is a predicate ``(user, application) -> bool``.
PREDICATES = {
    "own": permissions.is_owner,
    "advise": permissions.is_advisor,
    "manage": permissions.can_manage,
    "edit": permissions.can_edit,
    "edit_registration": permissions.can_edit_registration,
    "submit": permissions.can_submit,
    "revise": permissions.can_revise,
    "withdraw": permissions.can_withdraw,
    "comment": permissions.can_comment,
    "read_decision": permissions.can_read_decision,
}


@register.simple_tag(takes_context=True)
def can(context, action: str, application) -> bool:
    request = context.get("request")
    if request is None:
        return False
    return PREDICATES[action](request.user, application)
