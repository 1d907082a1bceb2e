"""What every application view shares: loading the application for the person asking."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required

from ..checklist import with_checklist
from ..models import Application
from ..permissions import get_application_for_user, get_own_application_for_user
from ..queries import with_workspace


def application_view(
    *,
    workspace: bool = False,
    checklist: Callable[[dict], str | None] | None = None,
    owner_only: bool = False,
) -> Callable:
    """Decorator: ``view(request, application, ...)``, the application loaded through
    ``get_application_for_user`` (404 without a relation; staff without a second factor in
    this session are asked for it). What the person may do there is asked of the predicates
    in ``applications.permissions``.

    ``workspace``: every row loaded (``queries.with_workspace``). ``checklist``: a function of
    the URL's arguments naming the section the page shows; the rows the checklist reads are
    loaded, that section's in full (``checklist.with_checklist``). ``owner_only``: the
    applicant alone (``get_own_application_for_user``), 404 for anyone else."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request, uuid, *args, **kwargs):
            qs = Application.objects.select_related(
                "association", "category", "applicant", "advisor"
            )
            if workspace:
                qs = with_workspace(Application.objects.all())
            elif checklist is not None:
                qs = with_checklist(Application.objects.all(), checklist(kwargs))
            loader = get_own_application_for_user if owner_only else get_application_for_user
            application = loader(request.user, uuid, qs)
            return view(request, application, *args, **kwargs)

        return wrapped

    return decorate


def client_ip(request) -> str | None:
    """The address the request came from (the proxy in front must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None
