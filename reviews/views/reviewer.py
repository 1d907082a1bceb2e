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
from endorsements.queries import competency_areas_for

from .. import exports, packet, queries, services
from ..eligibility import exam_applies
from ..forms import DeclineForm, ReviewForm
from ..permissions import can_read_review, can_write, get_review_for_user, require
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
    reviews, more_todo = queries.open_for(request.user, page=todo_page)
    # Submitted reviews a page at a time (they only grow); declined ones are gone from the
    # reviewer's pages, names included.
    try:
        before = str(UUID(request.GET.get("before", "")))
    except ValueError:
        before = None
    done, last = queries.submitted_by(request.user, before=before)
    # Each row's link and title made here: a URL reversal and a translation per row in the
    # template cost more than the rest of the row.
    base = reverse("reviews:review", kwargs={"uuid": _UUID_SLOT})
    for r in [*reviews, *done]:
        r.link = base.replace(str(_UUID_SLOT), str(r.uuid))
    for r in reviews:
        r.title = _("%(name)s — %(code)s") % {
            "name": r.application.applicant.display_name,
            "code": r.application.category_code,
        }
        r.due_text = date_format(r.due_on)
    return render(
        request,
        "reviews/mine.html",
        {
            "open": [(r, r.is_overdue(today)) for r in reviews],
            "done": [r for r in done if can_read_review(request.user, r)],
            "earlier": last.uuid if last is not None else None,
            "todo_page": todo_page,
            "more_todo": more_todo,
        },
    )


def _workspace(request, review, *, form=None, decline_form=None, status=200):
    application = packet.load(review.application)
    context = packet.packet_context(application)
    reviews = queries.reviews_with_scores(application)
    mine = next(r for r in reviews if r.pk == review.pk)
    state = round_of(application, reviews, version=mine.version)
    scores = {s.area_code: s for s in mine.scores.all()}
    if form is None and can_write(request.user, mine):
        form = ReviewForm(
            areas=list(context["areas"]),
            exam_applies=exam_applies(application),
            initial=ReviewForm.initial_for(mine),
        )
    others = state.visible_to(mine)
    context.update(
        {
            "review": mine,
            "form": form,
            "rows": form.area_rows() if form is not None else [],
            "scores": scores,
            "decline_form": decline_form or DeclineForm(),
            "others": [
                {"review": r, "scores": {s.area_code: s for s in r.scores.all()}} for r in others
            ],
            "overdue": mine.is_overdue(),
        }
    )
    return render(request, "reviews/review.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def review_detail(request, uuid):
    review = get_review_for_user(request.user, uuid)
    if request.method == "GET":
        return _workspace(request, review)
    require(can_write(request.user, review))
    areas = competency_areas_for(review.application.category)
    form = ReviewForm(request.POST, areas=areas, exam_applies=exam_applies(review.application))
    if not form.is_valid():
        return _workspace(request, review, form=form, status=422)
    data = form.cleaned_data
    kwargs = {
        "recommendation": data["recommendation"],
        "comments_for_applicant": data["comments_for_applicant"],
        "private_notes": data["private_notes"],
        "actor": request.user,
    }
    if request.POST.get("action") == "submit":
        try:
            services.submit_review(review, form.answers(), **kwargs)
        except services.ReviewError as exc:
            # The draft is kept: the answers so far were saved before the check.
            services.save_draft(review, form.answers(), **kwargs)
            form.add_error(None, str(exc))
            return _workspace(request, review, form=form, status=422)
        messages.success(request, _("Your review is submitted. Thank you."))
    else:
        services.save_draft(review, form.answers(), **kwargs)
        messages.success(request, _("Draft saved. You can come back to it at any time."))
    return redirect("reviews:review", uuid=review.uuid)


@staff_required
@require_http_methods(["POST"])
def decline(request, uuid):
    review = get_review_for_user(request.user, uuid)
    require(can_write(request.user, review))
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _workspace(request, review, decline_form=form, status=422)
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
