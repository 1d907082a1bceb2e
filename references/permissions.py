"""Who may do what with reference raters.

- the applicant (owner) sees each rater's status, never a rating's content (they signed the
  waiver); while the application is open for changes they invite and replace a rater and may
  ask for an invitation to be sent again (to the rater: the applicant never holds a rater's
  link, which would let them read the draft and answer in the rater's name);
- the association's coordinators and administrators see everything, resend, copy a link,
  extend a deadline and record vetting decisions;
- an assigned advisor sees what the applicant sees and changes nothing;
- a rater reaches only their own form, by the secret of their link (no account).
Anyone else gets 404; a person who may see but not do something gets 403.
"""

from django.http import Http404

from applications.models import Application
from applications.permissions import can_edit, can_manage, get_application_for_user, is_owner
from easy.accounts.permissions import require

from .models import Reference

__all__ = [
    "can_ask_resend",
    "can_invite",
    "can_manage",
    "can_read_rating",
    "can_send_links",
    "get_application_for_user",
    "get_reference_for_user",
    "require",
]


def can_invite(user, application: Application) -> bool:
    """Invite and replace raters: the applicant, while the application is open for changes."""
    return can_edit(user, application)


def can_send_links(user, application: Application) -> bool:
    """Resend an invitation or copy a rater's link: coordinators only, never the applicant."""
    return can_manage(user, application)


def can_ask_resend(user, application: Application) -> bool:
    """Ask for an invitation to be emailed to the rater again: the applicant while editing."""
    return can_edit(user, application)


def can_read_rating(user, application: Application, reference: Reference) -> bool:
    """A rating's content: coordinators; the applicant only if they did not sign the waiver."""
    if can_manage(user, application):
        return True
    return is_owner(user, application) and not reference.waiver_signed


def get_reference_for_user(user, application_uuid, reference_uuid) -> tuple[Application, Reference]:
    """The application and one of its raters; 404 without a relation to the application."""
    application = get_application_for_user(user, application_uuid)
    return application, reference_of(application, reference_uuid)


def reference_of(application: Application, reference_uuid) -> Reference:
    """One rater of an application the person may already see; 404 for another's rater."""
    reference = (
        Reference.objects.select_related("invitation")
        .filter(application=application, uuid=reference_uuid)
        .first()
    )
    if reference is None:
        raise Http404
    reference.application = application
    return reference
