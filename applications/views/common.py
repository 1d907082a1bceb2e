"""What every application view shares: loading the application for the person asking."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required

from ..models import Application
from ..permissions import get_application_for_user
from ..queries import with_workspace


def application_view(*, workspace: bool = False) -> Callable:
    """Decorator: ``view(request, application, ...)``, the application loaded through
    ``get_application_for_user`` (404 without a relation; staff without a second factor in
    this session are asked for it). What the person may do there is asked of the predicates
    in ``applications.permissions``."""

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
            return view(request, application, *args, **kwargs)

        return wrapped

    return decorate


def client_ip(request) -> str | None:
    """The address the request came from (the proxy in front must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None
