"""Who may see and change an application.

- the applicant (owner) reads everything and changes the workspace while it is editable;
- the assigned advisor (holding the advisor role at the association) reads and comments;
- the association's coordinators and administrators read, comment, approve, return and attach
  documents received by post.
Anyone else gets 404 (staff without a second factor in this session are asked for it first);
a person who may read but not do something gets 403.

Every predicate is ``can_<action>(user, application)``; views and templates (the ``can`` tag
in ``applications.templatetags.application_permissions``) ask the same functions.
"""

from django.db.models import QuerySet

from easy.accounts.enums import Role
from easy.accounts.permissions import has_role, is_manager, not_found, require

from .enums import EDITABLE, WITHDRAWABLE, ApplicationStatus
from .models import Application

S = ApplicationStatus

#: The statuses in which each fee is paid.
PAYABLE_IN = {
    "registration": frozenset({S.REGISTERING}),
    "processing": EDITABLE,
}


def is_owner(user, application: Application) -> bool:
    return getattr(user, "is_authenticated", False) and application.applicant_id == user.pk


def can_manage(user, application: Application) -> bool:
    """Coordinators and administrators of the application's association."""
    return is_manager(user, application.association)


def is_advisor(user, application: Application) -> bool:
    """The assigned advisor, while they hold the advisor role at the association."""
    return (
        getattr(user, "is_authenticated", False)
        and application.advisor_id == user.pk
        and has_role(user, application.association, [Role.ADVISOR])
    )


def can_view(user, application: Application) -> bool:
    return (
        is_owner(user, application)
        or can_manage(user, application)
        or is_advisor(user, application)
    )


def can_edit(user, application: Application) -> bool:
    """The owner changes the workspace while the application is editable."""
    return is_owner(user, application) and application.is_editable


def can_edit_registration(user, application: Application) -> bool:
    return is_owner(user, application) and application.status == S.REGISTERING


def can_pay(user, application: Application, fee: str) -> bool:
    """The owner pays a fee in the statuses it belongs to."""
    return is_owner(user, application) and application.status in PAYABLE_IN.get(fee, ())


def can_submit(user, application: Application) -> bool:
    return can_edit(user, application)


def can_withdraw(user, application: Application) -> bool:
    return is_owner(user, application) and application.status in WITHDRAWABLE


def can_revise(user, application: Application) -> bool:
    return is_owner(user, application) and application.status == S.REVISE_RESUBMIT


def can_comment(user, application: Application) -> bool:
    """Advisors and coordinators start a comment thread on a section."""
    return can_manage(user, application) or is_advisor(user, application)


def can_answer_comment(user, application: Application) -> bool:
    """Everyone who reads the application answers a thread (the applicant included)."""
    return can_view(user, application)


def can_read_decision(user, application: Application) -> bool:
    """The decision page: the applicant and the association's managers (not the advisor)."""
    return is_owner(user, application) or can_manage(user, application)


def get_application_for_user(
    user, uuid, queryset: QuerySet[Application] | None = None
) -> Application:
    """The application addressed by ``uuid``; 404 for anyone without a relation to it."""
    qs = queryset if queryset is not None else Application.objects.select_related("association")
    application = qs.filter(uuid=uuid).first()
    if application is None or not can_view(user, application):
        raise not_found(user)
    return application


def get_own_application_for_user(
    user, uuid, queryset: QuerySet[Application] | None = None
) -> Application:
    """The applicant's own application addressed by ``uuid``: the in-place pieces of the
    workspace (a row, one field's check) answer its owner only; 404 for anyone else, staff
    included (staff without a second factor are asked for it first)."""
    qs = queryset if queryset is not None else Application.objects.select_related("association")
    application = qs.filter(uuid=uuid).first()
    if application is None or not is_owner(user, application):
        raise not_found(user)
    return application


__all__ = [
    "PAYABLE_IN",
    "can_answer_comment",
    "can_comment",
    "can_edit",
    "can_edit_registration",
    "can_manage",
    "can_pay",
    "can_read_decision",
    "can_revise",
    "can_submit",
    "can_view",
    "can_withdraw",
    "get_application_for_user",
    "get_own_application_for_user",
    "is_advisor",
    "is_owner",
    "require",
]
