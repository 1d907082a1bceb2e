"""Who may see and change an application.

- the applicant (owner) reads everything and changes the workspace while it is editable;
- the assigned advisor (holding the advisor role at the association) reads and comments;
- the association's coordinators and administrators read, comment, approve, return and attach
  documents received by post.
Anyone else gets 404; a person who may read but not do something gets 403.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from easy.accounts.enums import Role
from easy.accounts.permissions import has_role, is_manager

from .models import Application


class Access(StrEnum):
    OWNER = "owner"
    ADVISOR = "advisor"
    MANAGER = "manager"


def access_to(user, application: Application) -> Access | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if application.applicant_id == user.pk:
        return Access.OWNER
    if is_manager(user, application.association):
        return Access.MANAGER
    if application.advisor_id == user.pk and has_role(
        user, application.association, [Role.ADVISOR]
    ):
        return Access.ADVISOR
    return None


def get_application_for_user(
    user, uuid, queryset: QuerySet[Application] | None = None
) -> Application:
    """The application addressed by ``uuid`` with ``.access`` set; 404 without a relation."""
    qs = queryset if queryset is not None else Application.objects.select_related("association")
    application = qs.filter(uuid=uuid).first()
    if application is None:
        raise Http404
    access = access_to(user, application)
    if access is None:
        raise Http404
    application.access = access
    return application


def can_edit(application: Application) -> bool:
    """The owner changes the workspace while the application is editable."""
    return application.access == Access.OWNER and application.is_editable


def can_edit_registration(application: Application) -> bool:
    return application.access == Access.OWNER and application.status == "registering"


def can_comment(application: Application) -> bool:
    """Advisors and coordinators comment; the applicant answers."""
    return application.access in (Access.ADVISOR, Access.MANAGER)


def can_manage(application: Application) -> bool:
    return application.access == Access.MANAGER


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
