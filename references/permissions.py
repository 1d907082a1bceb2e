"""Who may do what with reference raters.

- the applicant (owner) sees each rater's status, never a rating's content (they signed the
  waiver); while the application is open for changes they invite, resend, copy a link and
  replace a rater;
- the association's coordinators and administrators see everything, resend, copy a link,
  extend a deadline and record vetting decisions;
- an assigned advisor sees what the applicant sees and changes nothing;
- a rater reaches only their own form, by the secret of their link (no account).
Anyone else gets 404; a person who may see but not do something gets 403.
"""

from django.http import Http404

from applications.models import Application, Reference
from applications.permissions import Access, can_edit, get_application_for_user, require

__all__ = [
    "Access",
    "can_invite",
    "can_manage",
    "can_read_rating",
    "can_send_links",
    "get_application_for_user",
    "get_reference_for_user",
    "require",
]


def can_invite(application: Application) -> bool:
    """Invite and replace raters: the applicant, while the application is open for changes."""
    return can_edit(application)


def can_manage(application: Application) -> bool:
    return application.access == Access.MANAGER


def can_send_links(application: Application) -> bool:
    """Resend an invitation or copy a link: the applicant (while editing) or a coordinator."""
    return can_invite(application) or can_manage(application)


def can_read_rating(application: Application, reference: Reference) -> bool:
    """A rating's content: coordinators; the applicant only if they did not sign the waiver."""
    if can_manage(application):
        return True
    return application.access == Access.OWNER and not reference.waiver_signed


def get_reference_for_user(user, application_uuid, reference_uuid) -> tuple[Application, Reference]:
    """The application (with ``.access``) and one of its raters; 404 without a relation."""
    application = get_application_for_user(user, application_uuid)
    reference = (
        Reference.objects.select_related("invitation")
        .filter(application=application, uuid=reference_uuid)
        .first()
    )
    if reference is None:
        raise Http404
    reference.application = application
    return application, reference
