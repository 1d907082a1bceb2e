"""The coordinator's exam page for one association, and the writes it offers (each a POST that
comes back to the page)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from easy.accounts.permissions import staff_required
from endorsements.models import ExamWeek

from .. import services
from ..enums import AccommodationStatus, ApprovalStatus, RetakeStatus, SittingStatus
from ..forms import DecisionForm, ExamSettingsForm, ExtendForm
from ..models import Accommodation, ExamApproval, ExamSettings, RetakeRequest, Sitting
from ..permissions import get_association_for_manager
from ..queries import with_application
from ..services.grading import state


@staff_required
@require_GET
def overview(request, code):
    association = get_association_for_manager(request.user, code)
    approvals = (
        ExamApproval.objects.filter(association=association)
        .select_related("candidate", *with_application())
        .order_by("status", "valid_until")
    )
    essays = list(
        Sitting.objects.filter(
            registration__approval__association=association, status=SittingStatus.GRADING
        ).prefetch_related("gradings")
    )
    for essay in essays:
        essay.grading_state = state(essay)
    weeks = list(
        ExamWeek.objects.filter(
            association=association, ends_on__gte=timezone.localdate()
        ).select_related("exam_start_code")
    )
    return render(
        request,
        "exams/staff.html",
        {
            "association": association,
            "approvals": approvals,
            "accommodations": Accommodation.objects.filter(
                registration__approval__association=association,
                status=AccommodationStatus.REQUESTED,
            ).select_related("registration__approval__candidate", "registration__exam_week"),
            "retakes": RetakeRequest.objects.filter(
                approval__association=association, status=RetakeStatus.REQUESTED
            ).select_related("approval__candidate"),
            "essays": essays,
            "weeks": weeks,
            "settings_form": ExamSettingsForm(instance=services.settings_for(association)),
            "ApprovalStatus": ApprovalStatus,
        },
    )


def _back(request, association, ok: str = ""):
    if ok:
        messages.success(request, ok)
    return redirect("exams:staff", code=association.code)


@staff_required
@require_POST
def extend(request, code, uuid):
    association = get_association_for_manager(request.user, code)
    approval = get_object_or_404(ExamApproval, uuid=uuid, association=association)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new end date and the reason."))
        return _back(request, association)
    try:
        services.extend_approval(
            approval,
            form.cleaned_data["valid_until"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.ExamError as exc:
        messages.error(request, str(exc))
        return _back(request, association)
    return _back(request, association, _("The approval is extended."))


def _decide(request, association, fn, obj, *, approve_kw: str):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return _back(request, association)
    try:
        fn(
            obj,
            **{approve_kw: form.cleaned_data["decision"] == "approve"},
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.ExamError as exc:
        messages.error(request, str(exc))
        return _back(request, association)
    return _back(request, association, _("Decision recorded."))


@staff_required
@require_POST
def renewal(request, code, uuid):
    association = get_association_for_manager(request.user, code)
    approval = get_object_or_404(ExamApproval, uuid=uuid, association=association)
    return _decide(request, association, services.decide_new_approval, approval, approve_kw="grant")


@staff_required
@require_POST
def accommodation(request, code, uuid):
    association = get_association_for_manager(request.user, code)
    found = get_object_or_404(
        Accommodation, uuid=uuid, registration__approval__association=association
    )
    return _decide(request, association, services.decide_accommodation, found, approve_kw="approve")


@staff_required
@require_POST
def retake(request, code, uuid):
    association = get_association_for_manager(request.user, code)
    found = get_object_or_404(RetakeRequest, uuid=uuid, approval__association=association)
    return _decide(request, association, services.decide_retake, found, approve_kw="approve")


def _essay(request, code, uuid):
    association = get_association_for_manager(request.user, code)
    sitting = get_object_or_404(Sitting, uuid=uuid, registration__approval__association=association)
    return association, sitting


@staff_required
@require_POST
def confirm(request, code, uuid):
    association, sitting = _essay(request, code, uuid)
    try:
        services.confirm_essay(sitting, actor=request.user)
    except services.ExamError as exc:
        messages.error(request, str(exc))
        return _back(request, association)
    return _back(request, association, _("The result is confirmed and the candidate told."))


@staff_required
@require_POST
def assign(request, code, uuid):
    association, sitting = _essay(request, code, uuid)
    third = state(sitting) == "third"
    made = services.assign_graders(sitting, actor=request.user, is_third=third)
    return _back(request, association, _("%(n)d grader(s) assigned.") % {"n": len(made)})


@staff_required
@require_POST
def start_code(request, code, uuid):
    association = get_association_for_manager(request.user, code)
    week = get_object_or_404(ExamWeek, uuid=uuid, association=association)
    services.set_start_code(week, request.POST.get("code", ""), actor=request.user)
    return _back(request, association, _("The start code is saved."))


@staff_required
@require_POST
def exam_settings(request, code):
    association = get_association_for_manager(request.user, code)
    instance = ExamSettings.objects.filter(association=association).first()
    form = ExamSettingsForm(request.POST, instance=instance)
    if not form.is_valid():
        messages.error(request, _("Check the settings: every value is a whole number."))
        return _back(request, association)
    services.save_settings(association, form.cleaned_data, actor=request.user)
    return _back(request, association, _("The exam settings are saved."))
