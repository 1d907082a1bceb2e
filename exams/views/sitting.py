"""Sitting a part in the browser. The server keeps the clock: every page and every save checks
the deadline stored on the sitting; a part past it is submitted on the next request. Answers
are posted one at a time — by a small script as they are given, or by the form's buttons
without JavaScript — and the reply says how much time is left."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..enums import Part
from ..models import Item, Vignette, WeekStartCode
from ..permissions import get_sitting_for_candidate, shows_questions


def _wants_json(request) -> bool:
    return request.headers.get("X-Exam-Autosave") == "1"


def _position(value, count: int, default: int = 1) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 1), max(count, 1))


def _questions(sitting):
    """The questions in the candidate's order, options in their order — never the key."""
    items = {i.pk: i for i in Item.objects.filter(pk__in=sitting.item_order)}
    answers = {a.item_id: a for a in sitting.answers.all()}
    out = []
    for n, item_id in enumerate(sitting.item_order, start=1):
        item = items[item_id]
        order = sitting.option_orders[str(item_id)]
        answer = answers.get(item_id)
        chosen = order.index(answer.choice) if answer and answer.choice is not None else None
        out.append(
            {
                "number": n,
                "stem": item.stem,
                "options": [(shown, item.options[bank]) for shown, bank in enumerate(order)],
                "chosen": chosen,
                "flagged": bool(answer and answer.flagged),
            }
        )
    return out


@login_required
@require_GET
def sitting(request, uuid):
    found = get_sitting_for_candidate(request.user, uuid)
    services.submit_if_due(found)
    context = {"sitting": found, "registration": found.registration, "Part": Part}
    if found.is_not_started:
        context["needs_code"] = WeekStartCode.objects.filter(
            exam_week=found.registration.exam_week
        ).exists()
        context["minutes"] = services.settings_for(found.association).part_seconds // 60
        return render(request, "exams/sitting_start.html", context)
    if not shows_questions(found):
        return render(request, "exams/sitting_done.html", context)
    left = found.seconds_left()
    context.update(
        seconds_left=left,
        minutes_left=(left + 59) // 60,
        clock_text=f"{left // 60}:{left % 60:02d}",
    )
    if found.part == Part.ESSAY:
        responses = {r.vignette_id: r.text for r in found.responses.all()}
        context["vignettes"] = [
            (v, responses.get(v.pk, "")) for v in found.vignettes.order_by("pk")
        ]
        return render(request, "exams/sitting_essay.html", context)
    questions = _questions(found)
    if request.GET.get("review"):
        context["questions"] = questions
        return render(request, "exams/sitting_review.html", context)
    position = _position(request.GET.get("q"), len(questions))
    context.update(
        questions=questions,
        question=questions[position - 1],
        count=len(questions),
        answered=sum(1 for q in questions if q["chosen"] is not None),
    )
    return render(request, "exams/sitting_mc.html", context)


@login_required
@require_POST
def start(request, uuid):
    found = get_sitting_for_candidate(request.user, uuid)
    try:
        services.start(found, actor=request.user, code=request.POST.get("code", ""))
    except services.ExamError as exc:
        messages.error(request, str(exc))
    return redirect("exams:sitting", uuid=found.uuid)


@login_required
@require_POST
def answer(request, uuid):
    """Save one answer (or flag, or written response). JSON for the script; a redirect to the
    question asked for (``go``) for the form. After the deadline: refused (409 / a message)."""
    found = get_sitting_for_candidate(request.user, uuid)
    try:
        if found.part == Part.MC:
            position = _position(request.POST.get("q"), len(found.item_order))
            choice = request.POST.get("choice")
            flagged = request.POST.get("flagged")
            found = services.save_answer(
                found,
                position,
                choice=int(choice) if choice not in (None, "") else None,
                flagged=(flagged == "1") if flagged is not None else None,
                actor=request.user,
            )
        else:
            vignette = Vignette.objects.filter(uuid=request.POST.get("vignette")).first()
            if vignette is None:
                raise Http404
            services.save_response(
                found, vignette, request.POST.get("text", ""), actor=request.user
            )
    except (services.ExamError, ValueError) as exc:
        closed = getattr(exc, "code", "") == services.ExamError.CLOSED
        if closed and _wants_json(request):
            return JsonResponse({"saved": False, "error": str(exc), "closed": True}, status=409)
        if _wants_json(request):
            return JsonResponse({"saved": False, "error": str(exc)}, status=400)
        messages.error(request, str(exc))
        return redirect("exams:sitting", uuid=found.uuid)
    if _wants_json(request):
        return JsonResponse({"saved": True, "seconds_left": found.seconds_left()})
    target = reverse("exams:sitting", kwargs={"uuid": found.uuid})
    go = request.POST.get("go", "")
    if go == "review":
        return redirect(target + "?review=1")
    if go.isdigit():
        return redirect(f"{target}?q={go}")
    return redirect(target)


@login_required
@require_POST
def submit(request, uuid):
    found = get_sitting_for_candidate(request.user, uuid)
    if not services.submit_if_due(found):
        services.submit(found, actor=request.user)
    messages.success(request, _("Your answers are handed in."))
    return redirect("exams:sitting", uuid=found.uuid)


@login_required
@require_GET
def clock(request, uuid):
    """The time left, from the server (the page's script re-syncs its countdown with it)."""
    found = get_sitting_for_candidate(request.user, uuid)
    services.submit_if_due(found)
    return JsonResponse(
        {
            "status": found.status,
            "seconds_left": found.seconds_left() if shows_questions(found) else 0,
        }
    )


__all__ = ["answer", "clock", "sitting", "start", "submit"]
