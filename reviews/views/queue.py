"""The coordinator's queue: filters, counts per status, sorting, pages, saved filters, CSV."""

import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from applications import tallies
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
#: The results are cached under the association's token; at most this long in any case.
RESULTS_SECONDS = 600
_UUID_SLOT = uuid.UUID(int=0)
COLUMNS = [
    ("applicant", gettext_lazy("Applicant")),
    ("category", gettext_lazy("Category")),
    ("status", gettext_lazy("Status")),
    ("waiting", gettext_lazy("Submitted")),
]


def _querystring(params, **changes) -> str:
    q = params.copy()
    for key, value in changes.items():
        if value is None:
            q.pop(key, None)
        else:
            q[key] = value
    return q.urlencode()


def _reviewers_html(reviews, today) -> tuple[str, bool]:
    """ "Name (status, overdue)" per current review, one per line (a dash when none), and
    whether one of them is overdue."""
    if not reviews:
        return "—", False
    overdue_html = format_html(' <strong class="status-unmet">{}</strong>', _("overdue"))
    lines, late = [], False
    for r in reviews:
        overdue = r["status"] == ReviewStatus.ASSIGNED and r["due_on"] < today
        late = late or overdue
        lines.append(
            format_html(
                "{} ({}{})",
                r["reviewer__preferred_name"] or r["reviewer__full_name"] or r["reviewer__email"],
                _REVIEW_LABELS[r["status"]],
                mark_safe(f",{overdue_html}") if overdue else "",
            )
        )
    return mark_safe("<br>".join(lines)), late


_REVIEW_LABELS = {s.value: s.label.lower() for s in ReviewStatus}


def _rows(rows, today):
    """Each row's cells prepared here, so that the template prints them without a tag per
    cell (a URL reversed once, dates and plurals formatted in Python)."""
    url_pattern = reverse("reviews:application", kwargs={"uuid": _UUID_SLOT})
    slot = str(_UUID_SLOT)
    labels = {s.value: s.label for s in ApplicationStatus}
    for r in rows:
        submitted_at = r["submitted_at"]
        if submitted_at is None:
            waiting = None
            r["submitted"] = r["waiting_text"] = "—"
        else:
            day = timezone.localtime(submitted_at).date()
            waiting = (today - day).days
            r["submitted"] = date_format(day)
            r["waiting_text"] = ngettext("%(n)s day", "%(n)s days", waiting) % {"n": waiting}
        r["waiting"] = waiting
        r["url"] = url_pattern.replace(slot, str(r["uuid"]))
        r["name"] = r["applicant__full_name"] or r["applicant__email"]
        r["status_label"] = labels.get(r["status"], r["status"])
        r["reviewers_html"], r["overdue"] = _reviewers_html(r["reviews"], today)
    return rows


def _page_number(value, num_pages: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def _results(request, association) -> str:
    """The queue's results for the request's filters, sort and page, as HTML: the counts per
    status, the filter form, the table and the page links."""
    form = QueueFilterForm(request.GET or None, association=association)
    filters = form.filters()
    counts = queries.queue_counts(association, filters)
    # The counts per status already say how many rows the page's filters match.
    matching = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    num_pages = max(1, -(-matching // PAGE_SIZE))
    number = _page_number(request.GET.get("page"), num_pages)
    rows = queries.queue_page(association, filters, start=(number - 1) * PAGE_SIZE, size=PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
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
    context = {
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
        "page": {
            "number": number,
            "num_pages": num_pages,
            "count": matching,
            "previous": _querystring(params, page=number - 1) if number > 1 else None,
            "next": _querystring(params, page=number + 1) if number < num_pages else None,
        },
        "rows": _rows(rows, timezone.localdate()),
        "columns": columns,
        "query": params.urlencode(),
        "results_url": reverse("reviews:queue", kwargs={"code": association.code}),
    }
    return render_to_string("reviews/_queue_results.html", context)


@staff_required
@require_http_methods(["GET"])
def queue(request, code: str):
    """The queue. Its results are made once per change of the association's applications and
    kept. Asked by htmx (the filter form, a sort, a status or a page link),
    only the results region is sent back; the whole page otherwise, so that it works without
    JavaScript."""
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    # The results change with the association's token (any saved application, review, role,
    # period or name), the day (days waiting, overdue reviews), the language, the time zone and
    # what was asked.
    results = tallies.remember(
        [association.pk],
        f"queue-results:{timezone.get_current_timezone_name()}:{request.GET.urlencode()}",
        lambda: _results(request, association),
        seconds=RESULTS_SECONDS,
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "association": association,
        "results": mark_safe(results),
        "save_form": SaveFilterForm(initial={"query": params.urlencode()}),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "reviews/_queue_region.html", context)
    else:
        context["saved_filters"] = SavedFilter.objects.filter(
            user=request.user, association=association
        )
        response = render(request, "reviews/queue.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


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
