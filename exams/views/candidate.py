"""The candidate's pages: approvals, registering for an exam week, accommodations, results,
retake and new-approval requests."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.enums import ApplicationStatus
from applications.models import Application
from payments import services as payment_services
from payments.enums import FeeKind

from .. import services
from ..enums import Part, RegistrationStatus, RetakeStatus, SittingStatus
from ..forms import AccommodationForm, LetterForm, RegisterForm
from ..models import ExamApproval, RetakeRequest
from ..permissions import (
    get_approval_for_user,
    get_registration_for_user,
    is_candidate,
    require,
)
from ..queries import with_application


@login_required
@require_http_methods(["GET"])
def home(request):
    """The user's approvals to sit the exam (opened from decisions made before this page)."""
    for application in Application.objects.filter(
        applicant=request.user, status=ApplicationStatus.APPROVED_TO_SIT_EXAM
    ):
        services.approval_for(application)
    approvals = ExamApproval.objects.filter(candidate=request.user).select_related(
        "association", *with_application()
    )
    return render(request, "exams/home.html", {"approvals": approvals})


def _results(approval):
    from ..models import Sitting

    return (
        Sitting.objects.filter(registration__approval=approval, status=SittingStatus.SCORED)
        .select_related("registration__exam_week")
        .order_by("submitted_at")
    )


@login_required
@require_http_methods(["GET", "POST"])
def approval(request, uuid):
    found = get_approval_for_user(request.user, uuid)
    candidate = is_candidate(request.user, found)
    register_form = letter_form = None
    if request.method == "POST":
        require(candidate)
        action = request.POST.get("action")
        try:
            if action == "register":
                register_form = RegisterForm(found, request.POST)
                if register_form.is_valid():
                    registration = services.register(
                        found, register_form.cleaned_data["week"], actor=request.user
                    )
                    return redirect("exams:registration", uuid=registration.uuid)
            elif action in ("retake", "renew"):
                letter_form = LetterForm(request.POST)
                if letter_form.is_valid():
                    letter = letter_form.cleaned_data["letter"]
                    if action == "retake":
                        services.request_retake(found, letter, actor=request.user)
                        messages.success(request, _("Your request was sent to the coordinator."))
                    else:
                        services.request_new_approval(found, letter, actor=request.user)
                        messages.success(request, _("Your request was sent to the coordinator."))
                    return redirect("exams:approval", uuid=found.uuid)
            else:
                return redirect("exams:approval", uuid=found.uuid)
        except services.ExamError as exc:
            messages.error(request, str(exc))
            return redirect("exams:approval", uuid=found.uuid)
    registrations = found.registrations.select_related("exam_week").prefetch_related("sittings")
    open_registration = registrations.filter(
        status__in=[RegistrationStatus.AWAITING_PAYMENT, RegistrationStatus.REGISTERED]
    ).first()
    results = list(_results(found))
    failed = [s for s in results if s.passed is False]
    due = services.parts_due(found)
    retakes = RetakeRequest.objects.filter(approval=found).order_by("-created_at")
    may_register = (
        candidate
        and found.is_active
        and open_registration is None
        and bool(due)
        and (not failed or retakes.filter(status=RetakeStatus.APPROVED).exists())
    )
    return render(
        request,
        "exams/approval.html",
        {
            "approval": found,
            "candidate": candidate,
            "registrations": registrations,
            "results": results,
            "due": [Part(p).label for p in due],
            "register_form": register_form or (RegisterForm(found) if may_register else None),
            "may_ask_retake": candidate
            and failed
            and found.is_active
            and open_registration is None
            and not retakes.filter(status=RetakeStatus.REQUESTED).exists(),
            "may_ask_renewal": candidate and found.is_expired,
            "letter_form": letter_form or LetterForm(),
            "retakes": retakes,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration(request, uuid):
    found = get_registration_for_user(request.user, uuid)
    candidate = is_candidate(request.user, found.approval)
    form = AccommodationForm()
    if request.method == "POST":
        require(candidate)
        action = request.POST.get("action")
        try:
            if action == "pay":
                back = settings.SITE_URL + reverse(
                    "exams:registration", kwargs={"uuid": found.uuid}
                )
                start = payment_services.start_payment(
                    payer=request.user,
                    association=found.association,
                    fee_kind=FeeKind.EXAM,
                    category_code=found.approval.application.category_code,
                    purpose=found,
                    success_url=back,
                    cancel_url=back,
                    actor=request.user,
                )
                return redirect(start.redirect_url)
            if action == "accommodation":
                form = AccommodationForm(request.POST)
                if form.is_valid():
                    services.request_accommodation(found, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Your request was sent to the coordinator."))
                    return redirect("exams:registration", uuid=found.uuid)
            if action == "cancel":
                services.cancel_registration(found, actor=request.user, reason="By the candidate.")
                return redirect("exams:approval", uuid=found.approval.uuid)
        except (services.ExamError, payment_services.PaymentError) as exc:
            messages.error(request, str(exc))
            return redirect("exams:registration", uuid=found.uuid)
    sittings = sorted(found.sittings.all(), key=lambda s: s.part != Part.MC)
    return render(
        request,
        "exams/registration.html",
        {
            "registration": found,
            "candidate": candidate,
            "sittings": sittings,
            "accommodations": found.accommodations.order_by("-created_at"),
            "form": form,
            "week": found.exam_week,
        },
    )
