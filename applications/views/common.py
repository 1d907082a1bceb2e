"""What every application view shares: loading the application for the person, and the
second-factor rule for staff (advisors and coordinators)."""

from collections.abc import Callable
from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..models import Application
from ..permissions import Access, get_application_for_user
from ..queries import with_workspace


def application_view(*, workspace: bool = False) -> Callable:
    """Decorator: ``view(request, application, ...)`` with ``application.access`` set.

    404 for a person with no relation to the application. Staff reading an applicant's data
    must have set up a second factor.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request, uuid, *args, **kwargs):
            qs = Application.objects.select_related(
                "association", "category", "applicant", "advisor"
            )
            if workspace:
                qs = with_workspace(Application.objects.all())
            application = get_application_for_user(request.user, uuid, qs)
            if application.access != Access.OWNER and not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _("Staff pages need two-step sign-in. Set up an authenticator app first."),
                )
                return redirect("mfa_index")
            return view(request, application, *args, **kwargs)

        return wrapped

    return decorate


def client_ip(request) -> str | None:
    """The address the request came from (the proxy in front must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None
