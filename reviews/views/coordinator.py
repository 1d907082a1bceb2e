"""The coordinator's pages for one application (completeness check, reviewers, decision) and
for the association's reviewer pool."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications import queries as application_queries
from applications import services as application_services
from applications import tallies
from applications.enums import ApplicationStatus
from applications.forms import AdvisorForm, StaffTranscriptForm
from applications.models import Application
from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import get_association_for_user, staff_required

from .. import pool, queries, services
from ..eligibility import eligibility_for, exam_applies
from ..enums import Recommendation
from ..forms import (
    AssignForm,
    DecisionForm,
    DueDateForm,
    ReturnForm,
    ReviewerProfileForm,
    SettingsForm,
)
from ..models import Decision, Review, ReviewerProfile
from ..permissions import get_application_for_manager
from ..rounds import round_of

S = ApplicationStatus


def _load(request, uuid) -> Application:
    return get_application_for_manager(
        request.user, uuid, application_queries.with_workspace(Application.objects.all())
    )


def _context(application, **forms) -> dict:
    reviews = queries.reviews_with_scores(application)
    state = round_of(application, reviews)
    in_review = application.is_in_review
    exam = exam_applies(application)
    decision_form = forms.get("decision")
    if decision_form is None and in_review and state.complete:
        decision_form = DecisionForm(exam_applies=exam, initial={"outcome": state.consensus or ""})
    earlier = sorted({r.version for r in reviews if r.version != application.version})
    return {
        "application": application,
        "category_name": str(application.category),
        "status_label": S(application.status).label,
        "eligibility": eligibility_for(application),
        "documents": list(application.documents.all()),
        "round": state,
        "current_reviews": state.reviews,
        "candidates": pool.candidates(application, reviews)
        if in_review and state.may_assign
        else [],
        "may_assign": in_review and state.may_assign,
        "asking_third": in_review and state.may_ask_third,
        "return_form": forms.get("return") or ReturnForm(),
        "decision_form": decision_form,
        "consensus_label": Recommendation(state.consensus).label if state.consensus else "",
        # One screen per application: the completeness check, the return to the applicant and
        # the applicant's portal's own actions (registration, advisor, transcripts by post).
        "can_accept": application_services.can_transition(application, S.IN_REVIEW),
        "can_return": application_services.can_transition(application, S.RETURNED),
        "can_approve": application_services.can_approve_registration(application),
        "advisor_form": forms.get("advisor")
        or AdvisorForm(
            association=application.association, initial={"advisor": application.advisor}
        ),
        "transcript_form": StaffTranscriptForm(degrees=application.degrees.all()),
        "decisions": list(
            Decision.objects.filter(application=application).select_related("decided_by")
        ),
        "earlier_rounds": [round_of(application, reviews, version=v) for v in earlier],
        "due_form": DueDateForm(),
    }


@staff_required
@require_http_methods(["GET"])
def application_detail(request, uuid):
    application = _load(request, uuid)
    return render(request, "reviews/application.html", _context(application))


def _done(request, application, text):
    messages.success(request, text)
    return redirect("reviews:application", uuid=application.uuid)


def _refused(request, application, error, status=409, **forms):
    messages.error(request, str(error))
    return render(
        request, "reviews/application.html", _context(application, **forms), status=status
    )


@staff_required
@require_http_methods(["POST"])
def accept(request, uuid):
    application = _load(request, uuid)
    try:
        services.accept_for_review(application, actor=request.user)
    except services.ReviewError as exc:
        return _refused(request, application, exc)
    return _done(request, application, _("Accepted for review. Now assign two reviewers."))


@staff_required
@require_http_methods(["POST"])
def return_application(request, uuid):
    application = _load(request, uuid)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reviews/application.html",
            _context(application, **{"return": form}),
            status=422,
        )
    try:
        services.return_to_applicant(
            application, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except services.ReviewError as exc:
        return _refused(request, application, exc, **{"return": form})
    return _done(request, application, _("Returned to the applicant, who was told by email."))


@staff_required
@require_http_methods(["POST"])
def assign(request, uuid):
    application = _load(request, uuid)
    form = AssignForm(request.POST, association=application.association)
    if not form.is_valid():
        return _refused(request, application, _("Choose a reviewer from the list."), status=422)
    reviewer = form.cleaned_data["reviewer"]
    try:
        services.assign_reviewer(application, reviewer, actor=request.user)
    except services.ReviewError as exc:
        return _refused(
            request,
            application,
            _("%(name)s cannot be assigned: %(why)s") % {"name": reviewer.display_name, "why": exc},
        )
    return _done(
        request,
        application,
        _("%(name)s is assigned and was told by email.") % {"name": reviewer.display_name},
    )


@staff_required
@require_http_methods(["POST"])
def decide(request, uuid):
    application = _load(request, uuid)
    form = DecisionForm(request.POST, exam_applies=exam_applies(application))
    if not form.is_valid():
        return render(
            request,
            "reviews/application.html",
            _context(application, decision=form),
            status=422,
        )
    try:
        services.decide(
            application,
            form.cleaned_data["outcome"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
    except services.ReviewError as exc:
        form.add_error("reason" if "reason" in str(exc) else None, str(exc))
        return render(
            request,
            "reviews/application.html",
            _context(application, decision=form),
            status=422,
        )
    return _done(request, application, _("Decision recorded. The applicant was told by email."))


@staff_required
@require_http_methods(["POST"])
def change_due_date(request, uuid, review):
    application = _load(request, uuid)
    found = get_object_or_404(Review, uuid=review, application=application)
    form = DueDateForm(request.POST)
    if not form.is_valid():
        return _refused(request, application, _("Enter a valid due date."), status=422)
    try:
        services.change_due_date(found, form.cleaned_data["due_on"], actor=request.user)
    except services.ReviewError as exc:
        return _refused(request, application, exc)
    return _done(request, application, _("Due date changed."))


# --- Reviewer pool -------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def reviewer_pool(request, code: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    days, reminder = services.deadlines(association)
    form = SettingsForm(
        request.POST or None, initial={"review_days": days, "reminder_days": reminder}
    )
    if request.method == "POST" and form.is_valid():
        services.save_settings(association, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Review deadlines saved."))
        return redirect("reviews:pool", code=association.code)
    users = list(pool.reviewers_of(association).order_by("full_name", "email"))
    profiles = {p.user_id: p for p in ReviewerProfile.objects.filter(association=association)}
    # Open and overdue reviews per reviewer: counted once per change of the association's
    # reviews (and per day), not on every visit.
    loads = tallies.remember([association.pk], "pool-loads", lambda: pool.loads(association))
    rows = [
        {
            "user": u,
            "profile": profiles.get(u.pk),
            "load": loads.get(u.pk, (0, 0))[0],
            "overdue": loads.get(u.pk, (0, 0))[1],
        }
        for u in users
    ]
    return render(
        request,
        "reviews/pool.html",
        {"association": association, "rows": rows, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def reviewer_profile(request, code: str, user):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    person = get_object_or_404(pool.reviewers_of(association), uuid=user)
    profile = ReviewerProfile.objects.filter(association=association, user=person).first()
    initial = {}
    if profile is not None:
        initial = {
            "category_code": profile.category_code,
            "employer": profile.employer,
            "declared_conflicts": profile.declared_conflicts,
        }
    form = ReviewerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_reviewer_profile(association, person, actor=request.user, **form.cleaned_data)
        messages.success(
            request, _("Saved %(name)s's reviewer details.") % {"name": person.display_name}
        )
        return redirect("reviews:pool", code=association.code)
    return render(
        request,
        "reviews/profile_form.html",
        {"association": association, "person": person, "form": form},
        status=422 if request.method == "POST" else 200,
    )
