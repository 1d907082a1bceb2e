"""The grader's pages. Anonymous by construction: the context holds the code, the vignettes,
the written responses and the rubric — never the candidate, the registration or the
association (not even in the page's header: ``ANONYMOUS``) — and another grader's scores
never appear."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from easy.accounts.permissions import staff_required

from .. import services
from ..models import EssayResponse, Grading
from ..permissions import get_grading_for_user
from ..services.grading import rubric

#: Overrides the header's association name (a context processor) on the grader's pages.
ANONYMOUS = {"HEADER_ASSOCIATION": None}


@staff_required
@require_GET
def gradings(request):
    mine = (
        Grading.objects.filter(grader=request.user)
        .select_related("sitting")
        .order_by("status", "-created_at")
    )
    return render(request, "exams/gradings.html", {"gradings": mine, **ANONYMOUS})


@staff_required
@require_http_methods(["GET", "POST"])
def grade(request, uuid):
    grading = get_grading_for_user(request.user, uuid)
    sitting = grading.sitting
    criteria = rubric(sitting)
    errors = ""
    if request.method == "POST":
        points, comments = {}, {}
        for c in criteria:
            raw = request.POST.get(f"points-{c.pk}", "").strip()
            if raw.isdigit():
                points[c.pk] = int(raw)
            comments[c.pk] = request.POST.get(f"comment-{c.pk}", "")
        try:
            services.submit_grading(
                grading,
                points,
                comments,
                comment=request.POST.get("comment", ""),
                actor=request.user,
            )
        except services.ExamError as exc:
            errors = str(exc)
        else:
            messages.success(request, _("Your grading is submitted."))
            return redirect("exams:gradings")
    responses = {
        r.vignette_id: r.text
        for r in EssayResponse.objects.filter(sitting=sitting).only("vignette_id", "text")
    }
    scores = {s.criterion_id: s for s in grading.scores.all()}
    vignettes = []
    for v in sitting.vignettes.order_by("pk"):
        vignettes.append(
            {
                "vignette": v,
                "response": responses.get(v.pk, ""),
                "criteria": [
                    {
                        "criterion": c,
                        "points": request.POST.get(f"points-{c.pk}", "")
                        if request.method == "POST"
                        else (scores[c.pk].points if c.pk in scores else ""),
                        "comment": scores[c.pk].comment if c.pk in scores else "",
                    }
                    for c in criteria
                    if c.vignette_id == v.pk
                ],
            }
        )
    return render(
        request,
        "exams/grade.html",
        {
            "grading": grading,
            "code": sitting.code,
            "vignettes": vignettes,
            "open": grading.is_assigned,
            "errors": errors,
            "comment": request.POST.get("comment", grading.comment),
            **ANONYMOUS,
        },
    )
