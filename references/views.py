"""Pages of the reference ratings: the applicant's raters, the coordinator's page and the
rater's own form (reached by the secret of a link, without an account)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.checklist import checklist_for
from applications.views.common import application_view

from . import queries, services
from .enums import Score
from .forms import DeadlineForm, DeclineForm, RatingForm, VettingForm
from .models import Rating
from .permissions import (
    can_ask_resend,
    can_invite,
    can_manage,
    can_send_links,
    reference_of,
    require,
)
from .services.asks import ask_for_resend
from .workspace import ReferenceForm

REFERENCE_CODES = ("references", "reference_roles", "reference_endorsed_rater")


def _list_url(application) -> str:
    return reverse("references:list", kwargs={"uuid": application.uuid})


def _staff_url(application) -> str:
    return reverse("references:staff", kwargs={"uuid": application.uuid})


def _back(request, application):
    if can_manage(request.user, application):
        return redirect(_staff_url(application))
    return redirect(_list_url(application))


# --- The applicant (and advisor) --------------------------------------------------------------


def _list_context(request, application) -> dict:
    rows = []
    for reference in queries.references_of(application):
        if reference.is_replaced:
            continue
        rows.append(
            {
                "reference": reference,
                "status": queries.applicant_status(reference),
                "invitation": queries.invitation_of(reference),
                "delivery": queries.delivery_of(reference),
                "awaiting": queries.awaiting_rater(reference),
            }
        )
    checklist = checklist_for(application)
    return {
        "application": application,
        "rows": rows,
        "checks": [i for i in checklist.items if i.code in REFERENCE_CODES],
        "can_invite": can_invite(request.user, application),
        "can_ask_resend": can_ask_resend(request.user, application),
        "can_manage": can_manage(request.user, application),
    }


@require_GET
@application_view(workspace=True)
def reference_list(request, application):
    """The applicant's raters: status, delivery of the emails, and what to do next."""
    return render(request, "references/list.html", _list_context(request, application))


@require_POST
@application_view()
def invite(request, application, reference):
    require(can_invite(request.user, application))
    reference = reference_of(application, reference)
    if not reference.is_nominated:
        messages.info(request, _("%(name)s has been invited already.") % {"name": reference})
        return redirect(_list_url(application))
    try:
        services.invite(reference, actor=request.user)
    except services.ReferenceWorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The invitation to %(name)s is on its way.") % {"name": reference.rater_name},
        )
    return redirect(_list_url(application))


def _invitation_or_404(reference):
    invitation = queries.invitation_of(reference)
    if invitation is None:
        raise Http404
    return invitation


@require_POST
@application_view()
def resend(request, application, reference):
    """Coordinators resend; the applicant asks for a resend (a few times a day). Either way
    the email goes to the rater's address, never to the person asking."""
    staff = can_send_links(request.user, application)
    require(staff or can_ask_resend(request.user, application))
    reference = reference_of(application, reference)
    invitation = _invitation_or_404(reference)
    try:
        if staff:
            services.resend_invitation(invitation, actor=request.user)
        else:
            ask_for_resend(invitation, actor=request.user)
    except services.ReferenceWorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("A new invitation email to %(email)s is on its way.") % {"email": reference.email},
        )
    return _back(request, application)


@require_POST
@application_view(workspace=True)
def copy_link(request, application, reference):
    """Make a new personal link and show it once, on this response only."""
    require(can_send_links(request.user, application))
    reference = reference_of(application, reference)
    invitation = _invitation_or_404(reference)
    try:
        token = services.copy_link(invitation, actor=request.user)
    except services.ReferenceWorkflowError as exc:
        messages.error(request, str(exc))
        return _back(request, application)
    copied = {reference.pk: request.build_absolute_uri(reverse("references:rate", args=[token]))}
    response = render(request, "references/staff.html", _staff_context(application, copied=copied))
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@application_view()
def replace(request, application, reference):
    """Name someone else instead of a rater: the old link stops working at once."""
    require(can_invite(request.user, application))
    old = reference_of(application, reference)
    if old.is_replaced:
        raise Http404
    form = ReferenceForm(request.POST or None, application=application, prefix="reference")
    if request.method == "POST" and form.is_valid():
        try:
            new = services.replace_rater(old, form.save(commit=False), actor=request.user)
        except services.ReferenceWorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(new)s replaces %(old)s. Send the invitation when you are ready.")
                % {"new": new.rater_name, "old": old.rater_name},
            )
            return redirect(_list_url(application))
    return render(
        request,
        "references/replace.html",
        {"application": application, "old": old, "form": form},
    )


# --- Coordinators -----------------------------------------------------------------------------


def _staff_context(application, *, copied: dict | None = None, bound: dict | None = None) -> dict:
    bound = bound or {}
    ratings = queries.ratings_for_staff(application)
    rows = []
    any_endorsed = any(r.reference.rater_endorsement for r in ratings)
    for item in ratings:
        reference = item.reference
        rows.append(
            {
                "item": item,
                "reference": reference,
                "invitation": queries.invitation_of(reference),
                "emails": queries.emails_of(reference),
                "draft": queries.rating_of(reference),
                "awaiting": queries.awaiting_rater(reference),
                "copied": (copied or {}).get(reference.pk),
                "deadline_form": bound.get((reference.pk, "deadline"))
                or DeadlineForm(prefix=f"deadline-{reference.uuid}"),
                "vetting_form": bound.get((reference.pk, "vetting"))
                or VettingForm(prefix=f"vetting-{reference.uuid}"),
            }
        )
    return {
        "application": application,
        "rows": rows,
        "any_endorsed": any_endorsed,
        "scores": Score,
    }


def _staff_view(view):
    """Coordinators of the application's association only: others with a relation get 403."""

    @application_view()
    def wrapped(request, application, *args, **kwargs):
        require(can_manage(request.user, application))
        return view(request, application, *args, **kwargs)

    return wrapped


@require_GET
@_staff_view
def staff(request, application):
    """Every rater with the emails sent, the rating's content, deadlines and vetting."""
    return render(request, "references/staff.html", _staff_context(application))


@require_POST
@_staff_view
def extend_deadline(request, application, reference):
    reference = reference_of(application, reference)
    invitation = _invitation_or_404(reference)
    form = DeadlineForm(request.POST, prefix=f"deadline-{reference.uuid}")
    if form.is_valid():
        try:
            services.extend_deadline(
                invitation,
                form.cleaned_data["deadline"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.ReferenceWorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The deadline is now %(day)s.")
                % {"day": form.cleaned_data["deadline"].isoformat()},
            )
            return redirect(_staff_url(application))
    context = _staff_context(application, bound={(reference.pk, "deadline"): form})
    return render(request, "references/staff.html", context, status=400)


@require_POST
@_staff_view
def vet(request, application, reference):
    reference = reference_of(application, reference)
    form = VettingForm(request.POST, prefix=f"vetting-{reference.uuid}")
    if form.is_valid():
        try:
            services.record_vetting(
                reference,
                accepted=form.cleaned_data["accepted"],
                note=form.cleaned_data["note"],
                decided_on=form.cleaned_data["decided_on"],
                actor=request.user,
            )
        except services.ReferenceWorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The vetting decision is recorded."))
            return redirect(_staff_url(application))
    context = _staff_context(application, bound={(reference.pk, "vetting"): form})
    return render(request, "references/staff.html", context, status=400)


# --- The rater --------------------------------------------------------------------------------


def _closed_state(link) -> str | None:
    """Why the link no longer opens the form, or None when it does."""
    invitation = link.invitation
    reference = invitation.reference
    application = reference.application
    if reference.is_replaced or invitation.withdrawn_at is not None or application.is_final:
        return "withdrawn"
    rating = invitation.rating if _has_rating(invitation) else None
    if rating is not None and rating.is_submitted:
        return "submitted"
    if reference.is_declined:
        return "declined"
    if reference.is_expired or invitation.deadline < timezone.localdate():
        return "expired"
    if not reference.is_awaiting_rater:
        return "withdrawn"
    return None


def _has_rating(invitation) -> bool:
    try:
        invitation.rating  # noqa: B018  (loaded by select_related; raises when missing)
    except Rating.DoesNotExist:
        return False
    return True


_CLOSED_STATUS = {"withdrawn": 410, "submitted": 200, "declined": 410, "expired": 410}


def _closed(request, link, state: str):
    association = link.invitation.reference.application.association
    return render(
        request,
        f"references/rater_{state}.html",
        {"association": association if state == "expired" else None},
        status=_CLOSED_STATUS[state],
    )


def _rater_link(request, token: str):
    link = queries.find_link(token)
    if link is None:
        return None, render(request, "references/rater_invalid.html", status=404)
    _speak_the_raters_language(request, link.invitation.reference.language)
    state = _closed_state(link)
    if state is not None:
        return None, _closed(request, link, state)
    return link, None


def _speak_the_raters_language(request, language: str) -> None:
    """The rater's pages are in the language the applicant chose for the rater's emails, until
    the rater picks another with the language switcher (its cookie then wins)."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    if language in {code for code, _name in settings.LANGUAGES}:
        translation.activate(language)
        request.LANGUAGE_CODE = language


#: The steps of the rater's form besides one per competency area (numbered from 1).
ABOUT, COMMENTS, CHECK = "about", "comments", "check"


def _steps(areas) -> list[str]:
    """The form's steps in order: the rater's details, one per area, comments, check."""
    return [ABOUT, *(str(n) for n in range(1, len(areas) + 1)), COMMENTS, CHECK]


def _saved_values(rating, reference) -> dict:
    """What the rater has saved so far (a new rating starts from what the applicant gave)."""
    if rating.pk:
        values = {name: getattr(rating, name) for name in Rating.RATER_FIELDS}
        values.update((RatingForm.area_field(code), v) for code, v in rating.answers.items())
        return values
    return {
        "rater_name": reference.rater_name,
        "rater_organisation": reference.organisation,
        "rater_endorsement": reference.rater_endorsement,
    }


def _merged(post, rating, reference) -> QueryDict:
    """The whole rating as posted: each step posts its own fields only, the others keep what
    was saved (so a step, the autosave or a whole form all save the same way)."""
    data = QueryDict(mutable=True)
    for name, value in _saved_values(rating, reference).items():
        data[name] = value or ""
    for name in post:
        if name != "csrfmiddlewaretoken":
            data.setlist(name, post.getlist(name))
    return data


def _resume_step(rating, areas) -> str:
    """Where a rater coming back starts: the first area without an answer (their details when
    nothing is saved yet, the check step when every area is answered)."""
    if not rating.pk:
        return ABOUT
    for n, area in enumerate(areas, start=1):
        if area.code not in rating.answers:
            return str(n)
    return CHECK


def _step_after(step: str, action: str, steps: list[str]) -> str:
    at = steps.index(step)
    if action == "next":
        return steps[min(at + 1, len(steps) - 1)]
    if action == "back":
        return steps[max(at - 1, 0)]
    return step


def _first_step_with_error(form, areas) -> str:
    if any(name in form.errors for name in Rating.RATER_DETAILS):
        return ABOUT
    for n, area in enumerate(areas, start=1):
        if RatingForm.area_field(area.code) in form.errors:
            return str(n)
    if "comments" in form.errors:
        return COMMENTS
    return CHECK


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, token):
    """The rater's form, one step at a time: their details, one competency area per step,
    comments, then a check of every answer with the submit button. Each step's "Save and
    continue" (and the autosave) saves a draft; POST without a step saves or submits the whole
    rating as posted."""
    link, closed = _rater_link(request, token)
    if closed is not None:
        return closed
    invitation = link.invitation
    reference = invitation.reference
    application = reference.application
    category = queries.category_of(application)
    areas = queries.areas_for(application, category)
    codes = [a.code for a in areas]
    steps = _steps(areas)
    rating = invitation.rating if _has_rating(invitation) else Rating(invitation=invitation)
    autosave = request.headers.get("X-Autosave") == "1"
    if request.method == "GET":
        if invitation.opened_at is None:
            services.record_opened(invitation)
        step = request.GET.get("step")
        if step not in steps:
            step = _resume_step(rating, areas)
        form = RatingForm(_merged({}, rating, reference), instance=rating, areas=areas)
        return _rate_page(request, link, form, category, areas, step)
    action = request.POST.get("action", "save")
    final = action == "submit"
    form = RatingForm(
        _merged(request.POST, rating, reference), instance=rating, areas=areas, final=final
    )
    step = request.POST.get("step")
    if not form.is_valid():
        if autosave:
            return JsonResponse({"saved": False}, status=400)
        step = CHECK if final else _first_step_with_error(form, areas)
        return _rate_page(request, link, form, category, areas, step, status=400)
    try:
        if final:
            services.submit_rating(invitation, form.values(), area_codes=codes)
        else:
            services.save_draft(invitation, form.values(), area_codes=codes)
    except services.ReferenceWorkflowError as exc:
        if autosave:
            return JsonResponse({"saved": False, "error": str(exc)}, status=409)
        messages.error(request, str(exc))
        return redirect("references:rate", token=token)
    if autosave:
        at = timezone.localtime().strftime("%H:%M")
        return JsonResponse(
            {"saved": True, "at": at, "message": _("Draft saved at %(time)s.") % {"time": at}}
        )
    url = reverse("references:rate", kwargs={"token": token})
    if final:
        return redirect(url)
    if action not in ("next", "back"):
        messages.success(
            request,
            _("Your draft is saved. You can close this page and come back with the same link."),
        )
    if step not in steps:
        return redirect(url)
    if action == "next" and request.POST.get("from") == CHECK:
        return redirect(f"{url}?step={CHECK}")  # changed from the check step: back to it
    return redirect(f"{url}?step={_step_after(step, action, steps)}")


def _stages():
    """The four stages of the step indicator (the areas are one stage)."""
    return [
        (ABOUT, _("About you")),
        ("areas", _("Competency areas")),
        (COMMENTS, _("Comments")),
        (CHECK, _("Check and submit")),
    ]


def _rate_page(request, link, form, category, areas, step: str, status: int = 200):
    invitation = link.invitation
    reference = invitation.reference
    application = reference.application
    steps = _steps(areas)
    data = form.data
    area = None
    area_number = None
    if step not in (ABOUT, COMMENTS, CHECK):
        area_number = int(step)
        area = areas[area_number - 1]
    stage = "areas" if area is not None else step
    stage_keys = [key for key, _label in _stages()]
    at_stage = stage_keys.index(stage)
    stages = [
        {"label": label, "state": "done" if n < at_stage else "current" if n == at_stage else ""}
        for n, (_key, label) in enumerate(_stages())
    ]
    labels = dict(Score.choices)
    others = sum(
        1
        for a in areas
        if a is not area and data.get(RatingForm.area_field(a.code)) == Score.NOT_ENOUGH_INFORMATION
    )
    context = {
        "form": form,
        "invitation": invitation,
        "reference": reference,
        "applicant": application.applicant,
        "application": application,
        "category": category,
        "association": application.association,
        "token": request.resolver_match.kwargs["token"],
        "step": step,
        "from_check": step != CHECK
        and (request.GET.get("from") or request.POST.get("from")) == CHECK,
        "first_step": step == steps[0],
        "stages": stages,
        "stage_number": at_stage + 1,
        "stage_count": len(stages),
        "stage_label": stages[at_stage]["label"],
        "area": area,
        "area_number": area_number,
        "area_count": len(areas),
        "nei_others": others,
        "nei_count": others + (data.get(RatingForm.area_field(area.code)) == "nei" if area else 0),
    }
    if area is not None:
        name = RatingForm.area_field(area.code)
        current = data.get(name)
        context["area_field"] = form[name]
        context["choices"] = [
            {"value": value, "label": label, "checked": value == current, "n": n}
            for n, (value, label) in enumerate(Score.choices)
        ]
    elif step == CHECK:
        context["details"] = [
            (form[name].label, _detail_shown(name, data.get(name)), form.errors.get(name))
            for name in Rating.RATER_DETAILS
        ]
        context["answers"] = [
            {
                "n": n,
                "area": a,
                "label": labels.get(data.get(RatingForm.area_field(a.code))),
                "errors": form.errors.get(RatingForm.area_field(a.code)),
            }
            for n, a in enumerate(areas, start=1)
        ]
    return render(request, "references/rate.html", context, status=status)


def _detail_shown(name: str, value):
    if name == "rater_endorsement" and not value:
        return ""
    return value or ""


@never_cache
@require_http_methods(["GET", "POST"])
def decline(request, token):
    """The rater says no, with a reason; the applicant is asked to name someone else."""
    link, closed = _rater_link(request, token)
    if closed is not None:
        return closed
    invitation = link.invitation
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline(invitation, reason=form.cleaned_data["reason"])
        except services.ReferenceWorkflowError as exc:
            messages.error(request, str(exc))
        return redirect("references:rate", token=token)
    return render(
        request,
        "references/decline.html",
        {
            "form": form,
            "token": token,
            "applicant": invitation.reference.application.applicant,
        },
        status=400 if form.errors else 200,
    )
