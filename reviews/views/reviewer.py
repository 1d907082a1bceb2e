"""The reviewer's pages: assigned reviews, the workspace (packet, scoring, recommendation),
declining, the packet as PDF and the documents."""

from uuid import UUID

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from easy.accounts.permissions import staff_required
from easy.jobs.services import start as start_job
from easy.lib.storage import document_url
from endorsements.models import Association
from endorsements.queries import competency_areas_for

from .. import exports, packet, queries, services
from ..eligibility import eligibility_for, exam_applies
from ..enums import ReviewStatus, Score
from ..forms import AreaScoreForm, DeclineForm, RecommendationForm
from ..permissions import can_review_at, can_write, get_review_for_user, require
from ..rounds import round_of

_UUID_SLOT = UUID(int=0)


@staff_required
@require_http_methods(["GET"])
def mine(request):
    today = timezone.localdate()
    try:
        todo_page = max(int(request.GET.get("todo", 1)), 1)
    except ValueError:
        todo_page = 1
    # Submitted reviews a page at a time (they only grow); declined ones are gone from the
    # reviewer's pages, names included.
    try:
        before = str(UUID(request.GET.get("before", "")))
    except ValueError:
        before = None
    rows = queries.reviewer_list(request.user, page=todo_page, before=before)
    reviews, more_todo, done, last = rows.open, rows.more_open, rows.done, rows.last_done
    # Each row's link, title and dates made here, and each repeated label translated once: a
    # URL reversal and a translation per row in the template cost more than the rest of it.
    base = reverse("reviews:review", kwargs={"uuid": _UUID_SLOT})
    slot = str(_UUID_SLOT)
    title = _("%(name)s — %(code)s")
    for r in reviews:
        r.link = base.replace(slot, str(r.uuid))
        r.title = title % {"name": queries.list_row_name(r), "code": r.category_code}
        r.due_text = date_format(r.due_on)
        r.draft = r.has_scores or bool(r.recommendation)
    # Submitted reviews stay readable while the person reviews for that association
    # (``can_read_review``): asked once per association, not per row.
    readable = {}
    for r in done:
        if r.association_id not in readable:
            readable[r.association_id] = can_review_at(
                request.user, Association(pk=r.association_id)
            )
    done = [r for r in done if readable[r.association_id]]
    for r in done:
        r.link = base.replace(slot, str(r.uuid))
        names = {"name": queries.list_row_name(r), "code": r.category_code}
        r.title = f"{title % names} (v{r.version})"
    return render(
        request,
        "reviews/mine.html",
        {
            "open": [(r, r.is_overdue(today)) for r in reviews],
            "done": done,
            "earlier": last.uuid if last is not None else None,
            "todo_page": todo_page,
            "more_todo": more_todo,
            "label_application": _("Application"),
            "label_association": _("Association"),
            "label_due": _("Due"),
            "label_status": _("Status"),
            "label_draft": _("draft saved"),
            "label_overdue": _("Overdue"),
            "label_submitted": ReviewStatus.SUBMITTED.label,
        },
    )


#: The step after the last competency area: the recommendation and the submit button.
RECOMMENDATION = "recommendation"


def _nav(review_url: str, areas, scores: dict, current: str) -> list[dict]:
    """The list of steps beside the workspace: each area with whether it is scored, then the
    recommendation."""
    labels = dict(Score.choices)
    steps = []
    for number, area in enumerate(areas, start=1):
        score = scores.get(area.code)
        value = score.score if score is not None else ""
        steps.append(
            {
                "code": area.code,
                "name": area.name,
                "number": number,
                "url": f"{review_url}?area={area.code}",
                "scored": bool(value),
                "score_label": labels.get(value, ""),
                "current": area.code == current,
            }
        )
    return steps


def _first_step(review, areas, scores: dict) -> str:
    """Where the workspace opens: the first area not scored yet while the review is open; the
    recommendation once every area is scored, and for a submitted review."""
    if review.is_open:
        for area in areas:
            score = scores.get(area.code)
            if score is None or not score.score:
                return area.code
    return RECOMMENDATION


def _workspace(request, review, *, step=None, form=None, decline_form=None, status=200):
    """The reviewer's workspace, one step at a time: a competency area (its evidence beside
    its score) or, after the last area, the recommendation."""
    application = review.application
    areas = list(competency_areas_for(application.category))
    if review.is_submitted:
        # The others' reviews show once this one is in (``Round.visible_to``).
        reviews = queries.reviews_with_scores(application, areas=areas)
        mine = next(r for r in reviews if r.pk == review.pk)
    else:
        reviews, mine = [review], review
    scores = {s.area_code: s for s in mine.scores.all()}
    codes = [a.code for a in areas]
    if step is None:
        step = request.GET.get("area", "")
    if step not in codes and step != RECOMMENDATION:
        step = _first_step(mine, areas, scores)
    writable = can_write(request.user, mine)
    state = round_of(application, reviews, version=mine.version)
    others = state.visible_to(mine)
    review_url = reverse("reviews:review", kwargs={"uuid": mine.uuid})
    context = {
        "application": application,
        "applicant": packet.applicant_as_submitted(application),
        "category_name": str(application.category),
        "review": mine,
        "review_url": review_url,
        "areas": areas,
        "nav": _nav(review_url, areas, scores, step),
        "scored_count": sum(1 for s in scores.values() if s.score),
        "step": step,
        "recommendation_step": step == RECOMMENDATION,
        "recommendation_url": f"{review_url}?area={RECOMMENDATION}",
        "decline_form": decline_form or DeclineForm(),
        "overdue": mine.is_overdue(),
        "writable": writable,
    }
    if step == RECOMMENDATION:
        if form is None and writable:
            form = RecommendationForm(
                exam_applies=exam_applies(application),
                initial=RecommendationForm.initial_for(mine),
            )
        loaded = packet.load(application)
        context.update(
            {
                "form": form,
                "eligibility": eligibility_for(loaded),
                "summary": [
                    {"area": a, "score": scores.get(a.code), "url": f"{review_url}?area={a.code}"}
                    for a in areas
                ],
                "missing": [a.name for a in areas if not getattr(scores.get(a.code), "score", "")],
                "others": others,
                "previous_url": f"{review_url}?area={codes[-1]}" if codes else None,
            }
        )
    else:
        index = codes.index(step)
        area = areas[index]
        if form is None and writable:
            form = AreaScoreForm(
                area=area, initial=AreaScoreForm.initial_for(area, scores.get(step))
            )
        context.update(
            {
                "form": form,
                "area": area,
                "area_number": index + 1,
                "evidence": packet.area_evidence(application, area),
                "labels": {
                    "date": _("Date"),
                    "title": _("Title"),
                    "provider": _("Provider"),
                    "hours": _("Hours"),
                },
                "raters": packet.rater_answers(application, area),
                "my_score": scores.get(step),
                "other_scores": [
                    {
                        "review": r,
                        "score": next((s for s in r.scores.all() if s.area_code == step), None),
                    }
                    for r in others
                ],
                "previous_url": f"{review_url}?area={codes[index - 1]}" if index else None,
                "next_url": (
                    f"{review_url}?area={codes[index + 1]}"
                    if index + 1 < len(codes)
                    else context["recommendation_url"]
                ),
            }
        )
    return render(request, "reviews/review.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def review_detail(request, uuid):
    """GET: the workspace at ``?area=<code>`` (or the recommendation). POST: save one area (the
    others stay as saved), or the recommendation, and go on; or submit the review."""
    review = get_review_for_user(request.user, uuid)
    if request.method == "GET":
        return _workspace(request, review)
    require(can_write(request.user, review))
    step = request.POST.get("area", "")
    areas = list(competency_areas_for(review.application.category))
    codes = [a.code for a in areas]
    here = reverse("reviews:review", kwargs={"uuid": review.uuid})
    if step in codes:
        index = codes.index(step)
        form = AreaScoreForm(request.POST, area=areas[index])
        if not form.is_valid():
            return _workspace(request, review, step=step, form=form, status=422)
        services.save_area(review, form.answer(), actor=request.user)
        if request.POST.get("action") == "next":
            following = codes[index + 1] if index + 1 < len(codes) else RECOMMENDATION
            messages.success(
                request, _("Saved your score for %(area)s.") % {"area": areas[index].name}
            )
            return redirect(f"{here}?area={following}")
        messages.success(request, _("Draft saved. You can come back to it at any time."))
        return redirect(f"{here}?area={step}")
    form = RecommendationForm(request.POST, exam_applies=exam_applies(review.application))
    if not form.is_valid():
        return _workspace(request, review, step=RECOMMENDATION, form=form, status=422)
    data = form.cleaned_data
    kwargs = {
        "recommendation": data["recommendation"],
        "comments_for_applicant": data["comments_for_applicant"],
        "private_notes": data["private_notes"],
        "actor": request.user,
    }
    if request.POST.get("action") == "submit":
        try:
            services.submit_review(review, [], **kwargs)
        except services.ReviewError as exc:
            # The draft is kept: the recommendation and comments so far are saved.
            services.save_draft(review, [], **kwargs)
            form.add_error(None, str(exc))
            return _workspace(request, review, step=RECOMMENDATION, form=form, status=422)
        messages.success(request, _("Your review is submitted. Thank you."))
        return redirect(here)
    services.save_draft(review, [], **kwargs)
    messages.success(request, _("Draft saved. You can come back to it at any time."))
    return redirect(f"{here}?area={RECOMMENDATION}")


@staff_required
@require_http_methods(["GET"])
def packet_page(request, uuid):
    """The whole application as reviewers read it, on one page (the PDF's content)."""
    review = get_review_for_user(request.user, uuid)
    application = packet.load(review.application)
    context = packet.packet_context(application)
    context["review"] = review
    return render(request, "reviews/packet.html", context)


@staff_required
@require_http_methods(["POST"])
def decline(request, uuid):
    review = get_review_for_user(request.user, uuid)
    require(can_write(request.user, review))
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _workspace(request, review, step=RECOMMENDATION, decline_form=form, status=422)
    services.decline_review(review, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("You declined this review. The coordinator will ask someone else."))
    return redirect("reviews:mine")


@staff_required
@require_http_methods(["GET"])
def packet_pdf(request, uuid):
    """The packet as PDF: made once per application version in the background and kept."""
    review = get_review_for_user(request.user, uuid)
    job = start_job(
        exports.PACKET_PDF,
        actor=request.user,
        params={"review": str(review.uuid)},
        key=exports.packet_key(review),
    )
    return redirect("jobs:progress", uuid=job.uuid)


@staff_required
@require_http_methods(["GET"])
def document(request, uuid, document):
    review = get_review_for_user(request.user, uuid)
    doc = get_object_or_404(review.application.documents, uuid=document)
    return redirect(document_url(doc.name))
