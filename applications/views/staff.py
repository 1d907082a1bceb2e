"""The coordinator's writes of the applicant's portal: approve a registration, assign an
advisor, attach a transcript received by post; and the list of open applications. They are
shown on the one coordinator screen of an application, ``reviews:application`` (which also
returns an application to the applicant)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import get_association_for_user, staff_required

from .. import queries, services, tallies
from ..enums import ApplicationStatus, DocumentKind
from ..forms import AdvisorForm, StaffTranscriptForm
from ..permissions import can_manage, require
from .common import application_view

S = ApplicationStatus


@staff_required
@require_http_methods(["GET"])
def staff_list(request, code: str):
    """Open applications by status: the first of each (``queries.STAFF_LIST_ROWS``) and how
    many there are, with a link to the review queue for the rest. A fixed number of bounded
    queries; the counts are kept until the association's applications change."""
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    counts = tallies.remember(
        [association.pk], "open-counts", lambda: queries.open_counts(association)
    )
    queue = reverse("reviews:queue", kwargs={"code": association.code})
    groups = [
        {
            "status": status,
            "label": S(status).label,
            "rows": rows,
            "count": counts.get(status, len(rows)),
            "more": f"{queue}?status={status}" if counts.get(status, 0) > len(rows) else "",
        }
        for status, rows in queries.open_by_status(association)
        if rows
    ]
    return render(
        request,
        "applications/staff/list.html",
        {"association": association, "groups": groups},
    )


#: The one coordinator screen of an application is the review app's (``reviews:application``):
#: registration, advisor, transcripts by post, completeness check, reviewers and decision on one
#: page. The actions below are this app's writes; they come back to that screen.
SCREEN = "reviews:application"


def _back(application):
    return redirect(SCREEN, uuid=application.uuid)


def _refused(request, application, form) -> HttpResponse:
    """An invalid form: the screen shows what was wrong (its fields are short)."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return _back(application)


@application_view()
@require_http_methods(["GET"])
def manage(request, application):
    """The old address of the coordinator's page: the one screen now."""
    require(can_manage(request.user, application))
    return _back(application)


@application_view()
@require_http_methods(["POST"])
def approve(request, application):
    require(
        can_manage(request.user, application) and services.can_approve_registration(application)
    )
    services.approve_registration(application, actor=request.user)
    messages.success(request, _("Registration approved. The applicant was told by email."))
    return _back(application)


@application_view()
@require_http_methods(["POST"])
def assign_advisor(request, application):
    require(can_manage(request.user, application))
    form = AdvisorForm(request.POST, association=application.association)
    if not form.is_valid():
        return _refused(request, application, form)
    services.assign_advisor(application, form.cleaned_data["advisor"], actor=request.user)
    messages.success(request, _("Advisor saved."))
    return _back(application)


@application_view()
@require_http_methods(["POST"])
def attach_transcript(request, application):
    require(can_manage(request.user, application))
    form = StaffTranscriptForm(request.POST, request.FILES, degrees=application.degrees.all())
    if not form.is_valid():
        return _refused(request, application, form)
    services.add_document(
        application,
        form.cleaned_data["file"],
        kind=DocumentKind.TRANSCRIPT,
        degree=form.cleaned_data["degree"],
        source=form.cleaned_data["source"],
        actor=request.user,
    )
    messages.success(request, _("Transcript attached."))
    return _back(application)
