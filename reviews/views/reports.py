"""The coordinator's reports page (one association) and the Alliance-wide view (site
administrators), with a CSV of each section."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.views.decorators.http import require_http_methods

from applications import tallies
from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import get_association_for_user, staff_powers, staff_required
from easy.lib import csv as safe_csv
from endorsements.models import Association

from .. import reports
from ..forms import ReportFilterForm

#: How long the page's figures are kept at most (payments and rater answers do not change the
#: associations' tokens).
FIGURES_SECONDS = 300


def _scope(request, associations):
    form = ReportFilterForm(request.GET or None, associations=associations)
    # Each period's label names its association: read with it, not one query per period.
    period = form.fields["period"]
    period.queryset = period.queryset.select_related("association")
    data = form.cleaned_data if form.is_valid() else {}
    scope = reports.Scope(
        associations=tuple(associations),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        category=data.get("category"),
        period=data.get("period"),
        waiting_weeks=data.get("waiting_weeks") or 8,
    )
    return form, scope


def _alliance(user) -> list[Association]:
    if not (user.is_superuser and staff_powers(user)):
        raise Http404
    return list(Association.objects.order_by("code"))


def _text(value):
    """Translated text as plain ``str``: kept figures hold no lazy strings (unpickling one
    builds a class: 1 ms each)."""
    return str(value) if isinstance(value, Promise) else value


def _built(scope) -> tuple:
    tables = reports.build(scope)
    for t in tables:
        t.title, t.note = _text(t.title), _text(t.note)
        t.columns = [_text(c) for c in t.columns]
        t.rows = [[_text(v) for v in row] for row in t.rows]
    return timezone.now(), tables


def _page(request, associations, *, association=None):
    """The figures are kept for a few minutes (and until an application or review of the
    associations changes): the page says when they were counted. The CSVs count afresh."""
    form, scope = _scope(request, associations)
    built_at, tables = None, []
    if not form.errors:
        asked = "|".join(
            str(v)
            for v in (
                scope.date_from,
                scope.date_to,
                getattr(scope.category, "pk", ""),
                getattr(scope.period, "pk", ""),
                scope.waiting_weeks,
                timezone.get_current_timezone_name(),
            )
        )
        built_at, tables = tallies.remember(
            [a.pk for a in associations],
            f"reports:{asked}",
            lambda: _built(scope),
            seconds=FIGURES_SECONDS,
        )
    return render(
        request,
        "reviews/reports.html",
        {
            "association": association,
            "form": form,
            "tables": tables,
            "built_at": built_at,
            "query": request.GET.urlencode(),
        },
    )


def _csv(request, associations, key: str, label: str):
    form, scope = _scope(request, associations)
    table = reports.section(scope, key)
    if table is None or form.errors:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{key}-{label}-{stamp}.csv"'
    writer = safe_csv.writer(response)
    writer.writerow([str(c) for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return response


@staff_required
@require_http_methods(["GET"])
def report(request, code: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    return _page(request, [association], association=association)


@staff_required
@require_http_methods(["GET"])
def report_csv(request, code: str, section: str):
    association = get_association_for_user(request.user, code, roles=MANAGER_ROLES)
    return _csv(request, [association], section, association.code)


@staff_required
@require_http_methods(["GET"])
def alliance_report(request):
    return _page(request, _alliance(request.user))


@staff_required
@require_http_methods(["GET"])
def alliance_report_csv(request, section: str):
    return _csv(request, _alliance(request.user), section, "alliance")
