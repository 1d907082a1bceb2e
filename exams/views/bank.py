"""The question bank, for exam administrators only (a site-level role): items with their
history, vignettes and rubrics, blueprints, import/export and the statistics of each week."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from easy.accounts.permissions import staff_required
from endorsements.models import CompetencyArea, ExamWeek

from .. import io, services
from ..enums import ItemStatus
from ..forms import BlueprintForm, ImportForm, ItemForm, VignetteForm
from ..models import Blueprint, Item, Vignette
from ..permissions import require_exam_admin
from ..statistics import grader_agreement, item_statistics


def exam_admin_required(view):
    """Signed in with a second factor (``staff_required``) and an exam administrator."""

    @staff_required
    def wrapped(request, *args, **kwargs):
        require_exam_admin(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@exam_admin_required
@require_GET
def bank(request):
    items = Item.objects.select_related("area").order_by("family", "area__position", "pk")
    family = request.GET.get("family", "")
    status = request.GET.get("status", "")
    if family:
        items = items.filter(family=family)
    if status:
        items = items.filter(status=status)
    return render(
        request,
        "exams/bank.html",
        {
            "items": items,
            "vignettes": Vignette.objects.prefetch_related("criteria"),
            "blueprints": Blueprint.objects.filter(is_active=True).prefetch_related("rows__area"),
            "weeks": ExamWeek.objects.filter(exam_forms__isnull=False)
            .select_related("association")
            .distinct(),
            "family": family,
            "status": status,
            "status_options": [(value, value == status) for value in ItemStatus.values],
        },
    )


@exam_admin_required
@require_http_methods(["GET", "POST"])
def item(request, uuid=None):
    found = get_object_or_404(Item, uuid=uuid) if uuid else None
    form = ItemForm(request.POST or None, instance_item=found)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("activate", "retire"):
                to = ItemStatus.ACTIVE if action == "activate" else ItemStatus.RETIRED
                services.transition_item(found, to, actor=request.user)
                return redirect("exams:item", uuid=found.uuid)
            if form.is_valid():
                data = form.item_data()
                if action == "replace":
                    new = services.replace_item(found, data, actor=request.user)
                else:
                    new = services.save_item(found, data, actor=request.user)
                messages.success(request, _("The item is saved."))
                return redirect("exams:item", uuid=new.uuid)
        except services.ExamError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "exams/item.html",
        {
            "item": found,
            "form": form,
            "versions": found.versions.order_by("-version") if found else [],
        },
    )


@exam_admin_required
@require_http_methods(["GET", "POST"])
def vignette(request, uuid=None):
    found = get_object_or_404(Vignette, uuid=uuid) if uuid else None
    form = VignetteForm(request.POST or None, vignette=found)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("activate", "retire"):
                to = ItemStatus.ACTIVE if action == "activate" else ItemStatus.RETIRED
                services.transition_item(found, to, actor=request.user)
                return redirect("exams:vignette", uuid=found.uuid)
            if form.is_valid():
                saved = services.save_vignette(found, actor=request.user, **form.values())
                return redirect("exams:vignette", uuid=saved.uuid)
        except services.ExamError as exc:
            messages.error(request, str(exc))
    return render(request, "exams/vignette.html", {"vignette": found, "form": form})


@exam_admin_required
@require_http_methods(["GET", "POST"])
def blueprint(request, family, mentors):
    for_mentors = mentors == "mentor"
    areas = list(CompetencyArea.objects.filter(family=family, for_mentors=for_mentors))
    if not areas:
        raise Http404
    current = Blueprint.objects.filter(
        family=family, for_mentors=for_mentors, is_active=True
    ).first()
    form = BlueprintForm(request.POST or None, areas=areas, current=current)
    if request.method == "POST" and form.is_valid():
        services.save_blueprint(
            family, for_mentors, form.cleaned_data["name"], form.counts(), actor=request.user
        )
        messages.success(request, _("The blueprint is saved."))
        return redirect("exams:bank")
    return render(request, "exams/blueprint.html", {"form": form, "family": family})


@exam_admin_required
@require_http_methods(["GET", "POST"])
def import_items(request):
    """Upload a file: the preview lists every row with its errors; "Import" saves them as
    drafts (the file's text travels back in the form, so nothing is kept between steps)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        text, fmt = form.text_and_format()
        try:
            rows = io.parse(text, fmt)
            if request.POST.get("action") == "import":
                made = io.import_rows(rows, actor=request.user)
                messages.success(request, _("%(n)d items imported as drafts.") % {"n": len(made)})
                return redirect("exams:bank")
        except services.ExamError as exc:
            messages.error(request, str(exc))
        form = ImportForm(initial={"text": text, "fmt": fmt})
    return render(
        request,
        "exams/import.html",
        {"form": form, "rows": rows, "ok": rows is not None and not any(r.errors for r in rows)},
    )


@exam_admin_required
@require_GET
def export_items(request, fmt):
    if fmt not in ("csv", "json"):
        raise Http404
    items = Item.objects.select_related("area").order_by("family", "area__position", "pk")
    body = io.export(items, fmt)
    kind = "application/json" if fmt == "json" else "text/csv"
    response = HttpResponse(body, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="exam-items.{fmt}"'
    return response


@exam_admin_required
@require_GET
def week_statistics(request, uuid):
    week = get_object_or_404(ExamWeek, uuid=uuid)
    return render(
        request,
        "exams/statistics.html",
        {"week": week, "rows": item_statistics(week), "agreement": grader_agreement(week)},
    )
