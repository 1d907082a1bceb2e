"""Who may do what. Predicates here; each app's permissions.py builds on them.

A user with no relation to an object gets 404; one who may see but not change it gets 403.
Staff roles must have signed in with a second factor: ``staff_required`` sends them to set one up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .tenancy import association_model

if TYPE_CHECKING:
    from endorsements.models import Association

from .enums import MANAGER_ROLES, STAFF_ROLES, Role


def associations_for(user, roles: Iterable[str] = STAFF_ROLES) -> QuerySet[Association]:
    """Associations where ``user`` holds one of ``roles`` (all of them for a superuser)."""
    Association = association_model()
    if not getattr(user, "is_authenticated", False):
        return Association.objects.none()
    if user.is_superuser:
        return Association.objects.all()
    return Association.objects.filter(
        role_assignments__user=user, role_assignments__role__in=list(roles)
    ).distinct()


def has_role(user, association: Association, roles: Iterable[str]) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.role_assignments.filter(association=association, role__in=list(roles)).exists()


def is_manager(user, association: Association) -> bool:
    """Coordinators and association administrators manage the association's whole queue."""
    return has_role(user, association, MANAGER_ROLES)


def is_staff_member(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.role_assignments.filter(role__in=list(STAFF_ROLES)).exists()


def needs_second_factor(user) -> bool:
    """Staff who have not set up a second factor yet may not use staff pages."""
    return is_staff_member(user) and not is_mfa_enabled(user)


def staff_required(view: Callable) -> Callable:
    """Signed in, holding a staff role somewhere, with multi-factor sign-in set up.

    Which objects the person may see is decided by the view's ``get_<object>_for_user``.
    """

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise Http404
        if not is_mfa_enabled(request.user):
            messages.warning(
                request,
                _("Staff pages need two-step sign-in. Set up an authenticator app first."),
            )
            return redirect("mfa_index")
        return view(request, *args, **kwargs)

    return wrapped


def get_association_for_user(user, code: str, roles: Iterable[str] = STAFF_ROLES) -> Association:
    """The association addressed by ``code`` if the user is staff there; 404 otherwise."""
    association = associations_for(user, roles).filter(code=code).first()
    if association is None:
        raise Http404
    return association


__all__ = [
    "MANAGER_ROLES",
    "STAFF_ROLES",
    "Role",
    "associations_for",
    "get_association_for_user",
    "has_role",
    "is_manager",
    "is_staff_member",
    "needs_second_factor",
    "staff_required",
]
