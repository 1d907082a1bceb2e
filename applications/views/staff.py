"""Coordinator pages needed by the applicant's portal: approve registrations, assign an
advisor, attach transcripts received by post, return a submitted application. The full review
queue belongs to the reviews app."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import get_association_for_user, staff_required

from .. import services
from ..enums import OPEN, ApplicationStatus, DocumentKind
from ..forms import AdvisorForm, ReasonForm, StaffTranscriptForm
from ..models import Application
from ..permissions import can_manage, require
from .common import application_view

S = ApplicationStatus


@staff_required
@require_http_methods(["GET"])
def staff_list(request, code: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    applications = (
        Application.objects.filter(association=association, status__in=OPEN)
        .select_related("applicant", "advisor", "category")
        .order_by("status", "created_at")
    )
    groups = {s: [] for s in S if s in OPEN}
    for a in applications:
        groups[a.status].append(a)
    return render(
        request,
        "applications/staff/list.html",
        {
            "association": association,
            "groups": [(S(s).label, rows) for s, rows in groups.items() if rows],
        },
    )


def _manage_context(application, **forms) -> dict:
    return {
        "application": application,
        "advisor_form": forms.get("advisor")
        or AdvisorForm(
            association=application.association, initial={"advisor": application.advisor}
        ),
        "return_form": forms.get("return") or ReasonForm(),
        "transcript_form": forms.get("transcript")
        or StaffTranscriptForm(degrees=application.degrees.all()),
        "can_approve": application.status == S.REGISTERED,
        "can_return": application.status in (S.SUBMITTED, S.IN_REVIEW),
    }


@application_view()
@require_http_methods(["GET"])
def manage(request, application):
    require(can_manage(application))
    return render(request, "applications/staff/manage.html", _manage_context(application))


@application_view()
@require_http_methods(["POST"])
def approve(request, application):
    require(can_manage(application) and application.status == S.REGISTERED)
    services.approve_registration(application, actor=request.user)
    messages.success(request, _("Registration approved. The applicant was told by email."))
    return redirect("applications:manage", uuid=application.uuid)


@application_view()
@require_http_methods(["POST"])
def assign_advisor(request, application):
    require(can_manage(application))
    form = AdvisorForm(request.POST, association=application.association)
    if form.is_valid():
        services.assign_advisor(application, form.cleaned_data["advisor"], actor=request.user)
        messages.success(request, _("Advisor saved."))
        return redirect("applications:manage", uuid=application.uuid)
    return render(
        request,
        "applications/staff/manage.html",
        _manage_context(application, advisor=form),
        status=422,
    )


@application_view()
@require_http_methods(["POST"])
def return_application(request, application):
    require(can_manage(application) and application.status in (S.SUBMITTED, S.IN_REVIEW))
    form = ReasonForm(request.POST)
    if form.is_valid():
        services.return_for_changes(
            application, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Application returned to the applicant."))
        return redirect("applications:manage", uuid=application.uuid)
    return render(
        request,
        "applications/staff/manage.html",
        _manage_context(application, **{"return": form}),
        status=422,
    )


@application_view()
@require_http_methods(["POST"])
def attach_transcript(request, application):
    require(can_manage(application))
    form = StaffTranscriptForm(request.POST, request.FILES, degrees=application.degrees.all())
    if form.is_valid():
        services.add_document(
            application,
            form.cleaned_data["file"],
            kind=DocumentKind.TRANSCRIPT,
            degree=form.cleaned_data["degree"],
            source=form.cleaned_data["source"],
            actor=request.user,
        )
        messages.success(request, _("Transcript attached."))
        return redirect("applications:manage", uuid=application.uuid)
    return render(
        request,
        "applications/staff/manage.html",
        _manage_context(application, transcript=form),
        status=422,
    )
