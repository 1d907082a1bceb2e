"""The coordinator's queue: filters, counts per status, sorting, pages, saved filters, CSV."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from applications.enums import ApplicationStatus
from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import get_association_for_user, staff_required
from easy.jobs.scopes import association_params
from easy.jobs.services import start as start_job

from .. import exports, queries, services
from ..enums import ReviewStatus
from ..forms import QueueFilterForm, SaveFilterForm
from ..models import SavedFilter

PAGE_SIZE = 50
_UUID_SLOT = uuid.UUID(int=0)
COLUMNS = [
    ("applicant", gettext_lazy("Applicant")),
    ("category", gettext_lazy("Category")),
    ("status", gettext_lazy("Status")),
    ("waiting", gettext_lazy("Submitted")),
]


class _CountedPaginator(Paginator):
    """A paginator told its count (no COUNT query of its own)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _querystring(params, **changes) -> str:
    q = params.copy()
    for key, value in changes.items():
        if value is None:
            q.pop(key, None)
        else:
            q[key] = value
    return q.urlencode()


def _reviewers_html(reviews) -> str:
    """ "Name (status, overdue)" per current review, one per line; a dash when none."""
    if not reviews:
        return "—"
    overdue = format_html(' <strong class="status-unmet">{}</strong>', _("overdue"))
    return mark_safe(
        "<br>".join(
            format_html(
                "{} ({}{})",
                r["review"].reviewer.display_name,
                ReviewStatus(r["review"].status).label.lower(),
                mark_safe(f",{overdue}") if r["overdue"] else "",
            )
            for r in reviews
        )
    )


def _rows(page, today):
    """Each row's cells prepared here, so that the template prints them without a tag per
    cell (a URL reversed once, dates and plurals formatted in Python)."""
    url_pattern = reverse("reviews:application", kwargs={"uuid": _UUID_SLOT})
    rows = []
    for a in page:
        reviews = [
            {"review": r, "overdue": r.is_overdue(today)} for r in queries.current_reviews(a)
        ]
        waiting = queries.waiting_days(a, today)
        rows.append(
            {
                "application": a,
                "url": url_pattern.replace(str(_UUID_SLOT), str(a.uuid)),
                "name": a.applicant.full_name or a.applicant.email,
                "status_label": ApplicationStatus(a.status).label,
                "submitted": (
                    date_format(timezone.localtime(a.submitted_at)) if a.submitted_at else "—"
                ),
                "waiting": waiting,
                "waiting_text": (
                    "—"
                    if waiting is None
                    else ngettext("%(n)s day", "%(n)s days", waiting) % {"n": waiting}
                ),
                "references_done": a.references_done,
                "reviews": reviews,
                "reviewers_html": _reviewers_html(reviews),
                "overdue": any(r["overdue"] for r in reviews),
            }
        )
    return rows


def _filtered(request, association):
    form = QueueFilterForm(request.GET or None, association=association)
    return form, form.filters()


@staff_required
@require_http_methods(["GET"])
def queue(request, code: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    form, filters = _filtered(request, association)
    today = timezone.localdate()
    counts = queries.status_counts(queries.filtered(association, filters))
    # The counts per status already say how many rows the page's filters match.
    matching = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    page = _CountedPaginator(queries.queue(association, filters), PAGE_SIZE, count=matching)
    page = page.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    current_sort = ("-" if filters.descending else "") + filters.sort
    columns = []
    for key, label in COLUMNS:
        active = filters.sort == key
        descending = active and filters.descending
        columns.append(
            {
                "label": label,
                "active": active,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                "query": _querystring(params, sort=f"-{key}" if active and not descending else key),
            }
        )
    return render(
        request,
        "reviews/queue.html",
        {
            "association": association,
            "form": form,
            "counts": [
                {
                    "status": s.value,
                    "label": s.label,
                    "n": counts.get(s.value, 0),
                    "query": _querystring(params, status=s.value),
                    "current": filters.status == s.value,
                }
                for s in ApplicationStatus
                if counts.get(s.value)
            ],
            "total": sum(counts.values()),
            "all_query": _querystring(params, status=None),
            "page": page,
            "rows": _rows(page, today),
            "columns": columns,
            "current_sort": current_sort,
            "query": params.urlencode(),
            "saved_filters": SavedFilter.objects.filter(user=request.user, association=association),
            "save_form": SaveFilterForm(initial={"query": params.urlencode()}),
        },
    )


@staff_required
@require_http_methods(["GET"])
def export(request, code: str):
    """The filtered queue (every page) as CSV, made in the background; the coordinator follows
    its progress and downloads it from there."""
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    job = start_job(
        exports.QUEUE_CSV, actor=request.user, params=association_params(association, request.GET)
    )
    return redirect("jobs:progress", uuid=job.uuid)


@staff_required
@require_http_methods(["POST"])
def save_filter(request, code: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    form = SaveFilterForm(request.POST)
    target = reverse("reviews:queue", kwargs={"code": association.code})
    if not form.is_valid():
        messages.error(request, _("Give the filters a name to save them."))
        return redirect(f"{target}?{request.POST.get('query', '')}")
    saved = services.save_filter(
        request.user, association, form.cleaned_data["name"], form.cleaned_data["query"]
    )
    messages.success(request, _("Filters saved as “%(name)s”.") % {"name": saved.name})
    return redirect(f"{target}?{saved.query}")


@staff_required
@require_http_methods(["POST"])
def delete_filter(request, code: str, uuid):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    saved = get_object_or_404(SavedFilter, uuid=uuid, user=request.user, association=association)
    services.delete_filter(saved)
    messages.success(request, _("Saved filters “%(name)s” removed.") % {"name": saved.name})
    return redirect("reviews:queue", code=association.code)
