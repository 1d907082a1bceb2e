"""Staff pages of the catalog: an association's submission periods and exam weeks."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import get_association_for_user, staff_required

from .. import services
from ..forms import ExamWeekForm, SubmissionPeriodForm
from ..models import ExamWeek, SubmissionPeriod

KINDS = {
    "period": (SubmissionPeriod, SubmissionPeriodForm),
    "exam": (ExamWeek, ExamWeekForm),
}


def _kind(kind: str):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _save(request, form) -> None:
    entry = form.save(commit=False)
    entry.association = form.association
    categories = form.cleaned_data.get("categories")
    services.save_calendar_entry(entry, categories=categories, actor=request.user)
    messages.success(request, _("Saved: %(name)s.") % {"name": entry.name})


@staff_required
@require_http_methods(["GET", "POST"])
def calendar(request, code: str):
    """Submission periods and exam weeks, each with a form to add one."""
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    forms = {
        kind: form_class(association=association, prefix=kind)
        for kind, (_model, form_class) in KINDS.items()
    }
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        _model, form_class = _kind(kind)
        forms[kind] = form_class(request.POST, association=association, prefix=kind)
        if forms[kind].is_valid():
            _save(request, forms[kind])
            return redirect("endorsements:calendar", code=code)
    periods = SubmissionPeriod.objects.filter(association=association).prefetch_related(
        "categories"
    )
    weeks = ExamWeek.objects.filter(association=association)
    return render(
        request,
        "endorsements/calendar.html",
        {
            "association": association,
            "periods": periods,
            "weeks": weeks,
            "forms": forms,
            "today": timezone.localdate(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def calendar_entry(request, code: str, kind: str, uuid):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    model, form_class = _kind(kind)
    entry = get_object_or_404(model, association=association, uuid=uuid)
    form = form_class(request.POST or None, instance=entry, association=association)
    if request.method == "POST" and form.is_valid():
        _save(request, form)
        return redirect("endorsements:calendar", code=code)
    return render(
        request,
        "endorsements/calendar_entry.html",
        {"association": association, "entry": entry, "form": form, "kind": kind},
    )


@staff_required
@require_POST
def calendar_delete(request, code: str, kind: str, uuid):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    model, _form_class = _kind(kind)
    entry = get_object_or_404(model, association=association, uuid=uuid)
    services.delete_calendar_entry(entry, actor=request.user)
    messages.success(request, _("Deleted: %(name)s.") % {"name": entry.name})
    return redirect("endorsements:calendar", code=code)
