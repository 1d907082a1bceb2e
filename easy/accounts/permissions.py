"""Who may do what. Predicates here; each app's permissions.py builds on them.

A user with no relation to an object gets 404; one who may see but not change it gets 403.

Staff powers hold only in a session that was signed in with a second factor. The middleware
(``easy.accounts.middleware.StaffSessionMiddleware``) reads allauth's record of how this session
authenticated and marks the request's user; until then every staff role is dormant: the person
sees only what an applicant sees (their own things), staff pages ask for the second factor, and
other people's objects answer as if they did not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .tenancy import association_model

if TYPE_CHECKING:
    from endorsements.models import Association

from .enums import MANAGER_ROLES, STAFF_ROLES, Role

#: Set on ``request.user`` by the middleware: did THIS session use a second factor?
_SESSION_FLAG = "_second_factor_in_session"


class SecondFactorRequired(Exception):
    """A staff member whose session has no second factor asked for something that needs one.

    The middleware answers it with a redirect: to set up an authenticator, or to confirm with
    the one the person has. The answer is the same whether or not the object exists.
    """


def session_used_second_factor(request) -> bool:
    """allauth records each way the session authenticated; "mfa" is a TOTP code, a recovery
    code or a passkey, at sign-in or at a later confirmation."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return False
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


def mark_session_factor(user, used: bool) -> None:
    """Called by the middleware only: the person's staff powers follow this session."""
    setattr(user, _SESSION_FLAG, used)


def staff_powers(user) -> bool:
    """Staff roles count only for a user loaded by a request whose session used a second factor."""
    return getattr(user, "is_authenticated", False) and getattr(user, _SESSION_FLAG, False)


def role_pairs(user) -> frozenset[tuple[int, str]]:
    """(association id, role) of every role the user holds; read once per request."""
    cached = getattr(user, "_role_pairs", None)
    if cached is None:
        cached = frozenset(user.role_assignments.values_list("association_id", "role"))
        user._role_pairs = cached
    return cached


def is_staff_member(user) -> bool:
    """Holds a staff role somewhere (or is a superuser), second factor or not."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role in STAFF_ROLES for _, role in role_pairs(user))


def associations_for(user, roles: Iterable[str] = STAFF_ROLES) -> QuerySet[Association]:
    """Associations where ``user`` holds one of ``roles`` (all of them for a superuser)."""
    roles = set(roles)
    Association = association_model()
    if not getattr(user, "is_authenticated", False):
        return Association.objects.none()
    if roles & STAFF_ROLES and not staff_powers(user):
        roles -= STAFF_ROLES
    if user.is_superuser and staff_powers(user):
        return Association.objects.all()
    ids = {a for a, role in role_pairs(user) if role in roles}
    return Association.objects.filter(pk__in=ids) if ids else Association.objects.none()


def has_role(user, association: Association, roles: Iterable[str]) -> bool:
    if not getattr(user, "is_authenticated", False) or association is None:
        return False
    roles = set(roles)
    if roles & STAFF_ROLES and not staff_powers(user):
        roles -= STAFF_ROLES
    if user.is_superuser and staff_powers(user):
        return True
    return any(a == association.pk and role in roles for a, role in role_pairs(user))


def is_manager(user, association: Association) -> bool:
    """Coordinators and association administrators manage the association's whole queue."""
    return has_role(user, association, MANAGER_ROLES)


def needs_second_factor(user) -> bool:
    """A staff member whose session has not used a second factor (yet)."""
    return is_staff_member(user) and not staff_powers(user)


def not_found(user) -> Exception:
    """What to raise for an object the user has no relation to: 404, except that staff
    without a second factor are first asked for it (whether or not the object exists)."""
    if needs_second_factor(user):
        return SecondFactorRequired()
    return Http404()


def require(allowed: bool) -> None:
    """403 when a person who may see an object asks to do what they may not."""
    if not allowed:
        raise PermissionDenied


def staff_required(view: Callable) -> Callable:
    """Signed in, holding a staff role somewhere, in a session with a second factor.

    Which objects the person may see is decided by the view's ``get_<object>_for_user``.
    """

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise Http404
        if not staff_powers(request.user):
            raise SecondFactorRequired
        return view(request, *args, **kwargs)

    return wrapped


def get_association_for_user(user, code: str, roles: Iterable[str] = STAFF_ROLES) -> Association:
    """The association addressed by ``code`` if the user is staff there; 404 otherwise."""
    association = associations_for(user, roles).filter(code=code).first()
    if association is None:
        raise not_found(user)
    return association


def admin_has_permission(request, default: Callable) -> bool:
    """The Django admin: Django's own staff flag, and a second factor in this session."""
    return default(request) and staff_powers(request.user)


__all__ = [
    "MANAGER_ROLES",
    "STAFF_ROLES",
    "Role",
    "SecondFactorRequired",
    "admin_has_permission",
    "associations_for",
    "get_association_for_user",
    "has_role",
    "is_manager",
    "is_mfa_enabled",
    "is_staff_member",
    "mark_session_factor",
    "needs_second_factor",
    "not_found",
    "require",
    "session_used_second_factor",
    "staff_powers",
    "staff_required",
]
