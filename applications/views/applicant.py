"""The applicant's own pages: start, registration and fees, overview, submit, withdraw, status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from easy.audit.models import AuditEvent
from easy.lib.storage import document_url
from endorsements.catalog_text import catalog_text
from endorsements.models import Association, Category
from endorsements.queries import (
    categories_offered,
    competency_areas_for,
    next_submission_period,
    open_submission_period,
)
from endorsements.rules.fit import FitAnswers, rank_fits

from .. import fees, queries, services
from ..checklist import checklist_for
from ..enums import ApplicationStatus
from ..forms import CouponForm, FitForm, RegistrationForm, WithdrawForm
from ..models import Application
from ..permissions import (
    can_edit_registration,
    can_pay,
    can_read_decision,
    can_revise,
    can_submit,
    can_withdraw,
    is_owner,
    require,
)
from ..queries import open_applications_of
from .common import application_view

S = ApplicationStatus


def category_choices(association) -> list[tuple[str, str]]:
    """(code, "IFS — Infant Family Specialist") for the categories the association offers."""
    return [(c.code, str(c)) for c in categories_offered(association, timezone.localdate())]


@login_required
@require_http_methods(["GET"])
def index(request):
    applications = Application.objects.filter(applicant=request.user).select_related(
        "association", "category"
    )
    return render(request, "applications/index.html", {"applications": applications})


@login_required
@require_http_methods(["GET"])
def start(request):
    associations = Association.objects.filter(is_active=True).order_by("name")
    return render(request, "applications/start.html", {"associations": associations})


@login_required
@require_http_methods(["GET", "POST"])
def register(request, code: str):
    association = get_object_or_404(Association, code=code, is_active=True)
    categories = category_choices(association)
    form = RegistrationForm(
        request.POST or None,
        categories=categories,
        initial={"category_code": request.GET.get("category", "")},
    )
    existing = open_applications_of(request.user).filter(association=association)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if existing.filter(category__code=data["category_code"]).exists():
            form.add_error(
                "category_code",
                _("You already have an open application for this category at this association."),
            )
        else:
            category = Category.objects.get(code=data["category_code"])
            application = services.start_registration(
                request.user, association, category, data, actor=request.user
            )
            messages.success(
                request, _("Your registration is saved. Pay the registration fee to send it.")
            )
            return redirect("applications:registration", uuid=application.uuid)
    return render(
        request,
        "applications/register.html",
        {"association": association, "form": form, "categories": categories},
    )


@login_required
@require_http_methods(["GET"])
def fit(request, code: str):
    """ "Which endorsement fits me?": a few answers, the fitting category first, and what each
    other one lacks (``endorsements.rules.fit``)."""
    association = get_object_or_404(Association, code=code, is_active=True)
    form = FitForm(request.GET or None)
    ranking = None
    if form.is_bound and form.is_valid():
        names = dict(category_choices(association))
        data = form.cleaned_data
        answers = FitAnswers(
            highest_degree=data["highest_degree"] or None,
            age_group=data["age_group"],
            service=data["service"],
            years_of_work=float(data["years_of_work"]),
            training_hours=float(data["training_hours"]),
            rsc_hours=float(data["rsc_hours"]),
        )
        ranking = [
            (fit.category, names.get(fit.category, fit.category), fit)
            for fit in rank_fits(answers, association.code, timezone.localdate())
        ]
    return render(
        request,
        "applications/fit.html",
        {"association": association, "form": form, "ranking": ranking},
    )


@application_view()
@require_http_methods(["GET", "POST"])
def registration(request, application):
    """The registration: answers (changeable until paid) and the registration fee."""
    categories = category_choices(application.association)
    initial = {
        "category_code": application.category_code,
        "work_summary": application.work_summary,
        "education_summary": application.education_summary,
        "rsc_summary": application.rsc_summary,
        "provides_rsc": application.provides_rsc,
        "agree_terms": bool(application.membership_terms_agreed_at),
    }
    editable = can_edit_registration(request.user, application)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, initial=initial, categories=categories
    )
    if request.method == "POST":
        require(editable)
        if form.is_valid():
            answers = form.cleaned_data
            answers["category"] = Category.objects.get(code=answers["category_code"])
            services.update_registration(application, answers, actor=request.user)
            messages.success(request, _("Your registration is saved."))
            return redirect("applications:registration", uuid=application.uuid)
    quote = quote_error = None
    if services.can_transition(application, S.REGISTERED):  # the fee is still to pay
        try:
            quote = fees.quote(application, fees.REGISTRATION)
        except services.ApplicationError as exc:
            quote_error = str(exc)
    return render(
        request,
        "applications/registration.html",
        {
            "application": application,
            "form": form,
            "editable": editable,
            "coupon_form": _coupon_form(request, "registration"),
            "quote": quote,
            "quote_error": quote_error,
            "paid": fees.is_paid(application, fees.REGISTRATION),
        },
    )


_PAY = {
    "registration": (fees.REGISTRATION, "registration"),
    "processing": (fees.PROCESSING, "submit"),
}


@application_view()
@require_http_methods(["POST"])
def pay(request, application, fee: str):
    """Start paying a fee (the applicant only); a coupon may lower or waive it."""
    if fee not in _PAY:
        raise Http404
    fee_kind, back = _PAY[fee]
    require(can_pay(request.user, application, fee))
    form = CouponForm(request.POST)
    form.is_valid()
    coupon = form.cleaned_data.get("coupon_code", "")
    back_url = reverse(f"applications:{back}", kwargs={"uuid": application.uuid})
    try:
        started = fees.start(
            application,
            fee_kind,
            coupon_code=coupon,
            success_url=back_url,
            cancel_url=back_url,
            actor=request.user,
        )
    except services.ApplicationError as exc:
        if coupon:  # the code is what failed: say so at the field, with the code as typed
            request.session[_COUPON_ERROR] = {"fee": fee, "code": coupon, "error": str(exc)}
        else:
            messages.error(request, str(exc))
        return redirect(back_url)
    return redirect(started.redirect_url)


_COUPON_ERROR = "applications.coupon_error"


def _coupon_form(request, fee: str) -> CouponForm:
    """The coupon form; after a refused code, bound to it with the reason at the field."""
    failed = request.session.pop(_COUPON_ERROR, None)
    if not failed or failed.get("fee") != fee:
        return CouponForm()
    form = CouponForm({"coupon_code": failed["code"]})
    form.is_valid()
    form.add_error("coupon_code", failed["error"])
    return form


@application_view(checklist=lambda kwargs: None)
@require_http_methods(["GET"])
def detail(request, application):
    """The application's home: the live checklist, its progress and the sections."""
    if application.in_registration and is_owner(request.user, application):
        return redirect("applications:registration", uuid=application.uuid)
    checklist = checklist_for(application, cached=True)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "checklist": checklist,
            "sections": [(s.code, s.label, s.rows) for s in checklist.steps],
            "period": open_submission_period(
                application.association, application.category, timezone.localdate()
            ),
            "next_period": next_submission_period(
                application.association, application.category, timezone.localdate()
            ),
        },
    )


@application_view(workspace=True)
@require_http_methods(["GET", "POST"])
def submit(request, application):
    """Pay the processing fee, confirm the read-only summary, submit."""
    checklist = checklist_for(application)
    on = timezone.localdate()
    blockers = services.submission_blockers(application, checklist.evaluation, on=on)
    if request.method == "POST":
        require(can_submit(request.user, application))
        if "confirm" not in request.POST:
            messages.error(request, _("Tick the box to confirm that the summary is right."))
        else:
            try:
                services.submit(application, actor=request.user, on=on)
            except services.ApplicationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Your application is submitted."))
                return redirect("applications:status", uuid=application.uuid)
    quote = quote_error = None
    processing_paid = fees.is_paid(application, fees.PROCESSING)
    if not processing_paid and can_submit(request.user, application):
        try:
            quote = fees.quote(application, fees.PROCESSING)
        except services.ApplicationError as exc:
            quote_error = str(exc)
    return render(
        request,
        "applications/submit.html",
        {
            "application": application,
            "checklist": checklist,
            "blockers": blockers,
            "period": open_submission_period(application.association, application.category, on),
            "next_period": next_submission_period(
                application.association, application.category, on
            ),
            "processing_paid": processing_paid,
            "quote": quote,
            "quote_error": quote_error,
            "coupon_form": _coupon_form(request, "processing"),
            "areas": {
                a.code: catalog_text(a.name) for a in competency_areas_for(application.category)
            },
            "evidence": queries.evidence_by_area(
                application, competency_areas_for(application.category)
            ),
        },
    )


@application_view()
@require_http_methods(["GET", "POST"])
def withdraw(request, application):
    require(can_withdraw(request.user, application))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw(application, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your application is withdrawn."))
        return redirect("applications:status", uuid=application.uuid)
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


@application_view()
@require_http_methods(["POST"])
def revise(request, application):
    require(can_revise(request.user, application))
    services.start_revision(application, actor=request.user)
    messages.success(request, _("Your application is open again as a new version."))
    return redirect("applications:detail", uuid=application.uuid)


@application_view()
@require_http_methods(["GET"])
def status(request, application):
    """The timeline: every change of status with its date and message."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.uuid),
        action__in=[services.TRANSITION_ACTION, "application.created"],
    ).order_by("created_at", "id")
    timeline = [
        {
            "at": e.created_at,
            "label": S(e.data["to"]).label
            if e.action == services.TRANSITION_ACTION
            else _("Registration started"),
            "message": e.reason,
        }
        for e in events
    ]
    decision_url = (
        reverse("reviews:decision", kwargs={"uuid": application.uuid})
        if can_read_decision(request.user, application) and application.decisions.exists()
        else ""
    )
    return render(
        request,
        "applications/status.html",
        {
            "application": application,
            "timeline": timeline,
            "decision_url": decision_url,
            "versions": application.versions.all(),
            "can_withdraw": can_withdraw(request.user, application),
        },
    )


@application_view()
@require_http_methods(["GET"])
def document(request, application, document: str):
    """A document behind a short-lived signed link, after the permission check."""
    doc = get_object_or_404(application.documents, uuid=document)
    return redirect(document_url(doc.name))
