"""The workspace's log tables, rendered in Python: a section page may list hundreds of rows, and
an ``{% include %}`` or a template per row (URL reversals, translations, filters and a CSRF field
each) made long sections slow. What every row of a table shares (its URL base, the column
headers, the labels, the CSRF field) is worked out once per table.

``{% log_table kind rows %}`` renders a whole table: USWDS ``usa-table--stacked`` (each cell
carries its column header in ``data-label`` so the table stacks on a phone, no sideways
scroll). The table body answers its "Change", "Cancel" and "Remove" in place when JavaScript
runs (``hx-boost`` on the body: the same links and forms, each response being the row), and
works as plain links and forms without it.

``{% log_row kind row %}`` renders one row (the in-place answers). Degrees, certificates,
memberships and references (a few rows each, with files or an invitation status) use the
templates ``applications/rows/<kind>.html``.
"""

from __future__ import annotations

from html import escape as _esc

from django import template
from django.core.cache import cache
from django.template.defaultfilters import floatformat
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from endorsements.rules.choices import (  # the display names of the stored codes
    AgeGroup,
    LeadershipLevel,
    RSCFormat,
    ServiceKind,
)

register = template.Library()

_CSRF = CsrfTokenNode()
_CSRF_SLOT = "\x00csrf\x00"  # where each row's CSRF field goes, filled in per request
CACHE_SECONDS = 60 * 60
_SHARED = "applications.row_shared"

#: Column headers per kind (the first is the row header). "Actions" is added when editable.
COLUMNS = {
    "degree": [
        gettext_lazy("Degree"),
        gettext_lazy("Level"),
        gettext_lazy("Completed"),
        gettext_lazy("Transcript"),
    ],
    "certificate": [
        gettext_lazy("Certificate"),
        gettext_lazy("Kind"),
        gettext_lazy("Completed"),
        gettext_lazy("Document"),
    ],
    "work": [
        gettext_lazy("Role"),
        gettext_lazy("Dates"),
        gettext_lazy("Paid"),
        gettext_lazy("Age group"),
        gettext_lazy("Service"),
        gettext_lazy("Families"),
    ],
    "training": [
        gettext_lazy("Title"),
        gettext_lazy("Date"),
        gettext_lazy("Provider"),
        gettext_lazy("Hours"),
        gettext_lazy("Competency areas"),
    ],
    "rsc": [
        gettext_lazy("Date"),
        gettext_lazy("Hours"),
        gettext_lazy("Format"),
        gettext_lazy("Provider"),
        gettext_lazy("Endorsement"),
        gettext_lazy("About RS/C I provide"),
    ],
    "leadership": [gettext_lazy("Activity"), gettext_lazy("Level"), gettext_lazy("Dates")],
    "membership": [
        gettext_lazy("Association"),
        gettext_lazy("Member number"),
        gettext_lazy("Expires"),
        gettext_lazy("Proof"),
    ],
    "reference": [
        gettext_lazy("Rater"),
        gettext_lazy("Relationship"),
        gettext_lazy("Endorsement"),
        gettext_lazy("Status"),
    ],
}
ACTIONS = gettext_lazy("Actions")

#: What an empty table says.
EMPTY = {
    "degree": gettext_lazy("No degree yet."),
    "certificate": gettext_lazy("No certificate."),
    "work": gettext_lazy("No work period yet."),
    "training": gettext_lazy("No training yet."),
    "rsc": gettext_lazy("No session yet."),
    "leadership": gettext_lazy("No activity yet."),
    "membership": gettext_lazy("No membership yet."),
    "reference": gettext_lazy("No rater named yet."),
}


_DAY = "\x00"
#: Date format characters that depend only on the month and year (``j`` is the day).
_MONTH_ONLY = set("bEFmMnNtyYL")


def _day_placeholder_format(fmt: str) -> str | None:
    """``fmt`` with its day (``j``) as a placeholder, when nothing else in it depends on the
    day: the month's text is then formatted once per table, not once per row (formatting a
    date translates the month's name each time). None when the format needs more."""
    out, escaped, has_day = [], False, False
    for ch in fmt:
        if escaped:
            out.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "j":
            out.append("\\" + _DAY)
            has_day = True
        elif ch.isalpha() and ch not in _MONTH_ONLY:
            return None
        else:
            out.append(ch)
    return "".join(out) if has_day else None


class _Table:
    """What every row of one table shares, worked out once per page and kind."""

    def __init__(self, context, application, kind: str, editable: bool):
        self.kind = kind
        self.editable = editable
        self.base = reverse("applications:add_row", args=(application.uuid, kind))
        headers = [str(h) for h in COLUMNS[kind]]
        if editable:
            headers.append(str(ACTIONS))
        self.headers = headers
        self.labels = [_esc(h) for h in headers]
        self.change = _esc(_("Change"))
        self.remove = _esc(_("Remove"))
        self.csrf = _CSRF.render(context) if editable else ""
        self.yes, self.no = _esc(_("yes")), _esc(_("no"))
        self.now = _esc(_("now"))
        about_rsc, dei, internship = _("about providing RS/C"), _("DEI"), _("internship")
        self.about_rsc = f" ({_esc(about_rsc)})"
        self.dei = f" ({_esc(dei)})"
        self.internship = f" ({_esc(internship)})"
        self._dates: dict = {}
        self._hours: dict = {}
        self._months: dict = {}
        self._day_only = _day_placeholder_format(get_format("DATE_FORMAT"))
        self._labels: dict = {}

    def label(self, choices, value) -> str:
        """The escaped display name of a stored code, translated once per table."""
        key = (choices, value)
        out = self._labels.get(key)
        if out is None:
            out = self._labels[key] = (
                _esc(str(choices(value).label)) if value in choices.values else _esc(value or "")
            )
        return out

    def date(self, value) -> str:
        if value is None:
            return ""
        out = self._dates.get(value)
        if out is None:
            month = None
            if self._day_only is not None:  # the month's text once, the day put in
                key = (value.year, value.month)
                month = self._months.get(key)
                if month is None:
                    month = self._months[key] = _esc(
                        date_format(value.replace(day=1), self._day_only)
                    )
            out = self._dates[value] = (
                month.replace(_DAY, str(value.day))
                if month is not None
                else _esc(date_format(value, "DATE_FORMAT"))
            )
        return out

    def span(self, start, end) -> str:
        return f"{self.date(start)} \u2013 {self.date(end) if end else self.now}"

    def hours(self, value) -> str:
        out = self._hours.get(value)
        if out is None:
            out = self._hours[value] = _esc(str(floatformat(value, "-2")))
        return out

    def actions(self, row) -> str:
        """A link to change the row and a form to remove it, each naming the row for screen
        readers. The body's ``hx-boost`` makes both answer in place."""
        if not self.editable:
            return ""
        url = f"{self.base}{row.uuid}/"
        name = _esc(str(row))
        if self.kind == "reference":  # a nomination is removed and named again, not changed
            return (
                f'<td data-label="{self.labels[-1]}"><form method="post" action="{url}delete/" '
                f'class="display-inline">{_CSRF_SLOT}<button type="submit" class="usa-button '
                f'usa-button--unstyled">{self.remove}<span class="usa-sr-only"> {name}</span>'
                "</button></form></td>"
            )
        return (
            f'<td data-label="{self.labels[-1]}"><a href="{url}" class="usa-button '
            f'usa-button--unstyled margin-right-2">{self.change}<span class="usa-sr-only"> '
            f'{name}</span></a><form method="post" action="{url}delete/" class="display-inline">'
            f'{_CSRF_SLOT}<button type="submit" class="usa-button usa-button--unstyled">'
            f'{self.remove}<span class="usa-sr-only"> {name}</span></button></form></td>'
        )

    def tr(self, row, cells: list[str], *, extra: str = "") -> str:
        """``cells`` are escaped already; the first is the row header."""
        labels = self.labels
        parts = [
            f'<tr id="row-{row.uuid}"{extra}><th scope="row" data-label="{labels[0]}">'
            f"{cells[0]}</th>"
        ]
        for label, cell in zip(labels[1:], cells[1:], strict=False):
            parts.append(f'<td data-label="{label}">{cell}</td>')
        parts.append(self.actions(row))
        parts.append("</tr>")
        return "".join(parts)


def _table(context, application, kind: str, editable: bool) -> _Table:
    cache = context.render_context.get(_SHARED)
    if cache is None:
        cache = context.render_context[_SHARED] = {}
    key = (application.uuid, kind, editable)
    if key not in cache:
        cache[key] = _Table(context, application, kind, editable)
    return cache[key]


# --- The rows rendered in Python (the long logs) ------------------------------------------


def _rsc(t: _Table, row, context) -> str:
    return t.tr(
        row,
        [
            t.date(row.date),
            t.hours(row.hours),
            t.label(RSCFormat, row.format),
            _esc(row.provider_name),
            _esc(row.provider_endorsement or "—"),
            t.yes if row.about_rsc_provided else t.no,
        ],
        extra=' data-row="rsc"',
    )


def _training(t: _Table, row, context) -> str:
    title = _esc(row.title)
    topics = row.topics or []
    if "rsc_provision" in topics:
        title += t.about_rsc
    if "dei" in topics:
        title += t.dei
    names = context.get("area_names") or {}
    areas = "; ".join(_esc(names.get(code, code)) for code in row.competency_areas or [])
    return t.tr(
        row,
        [title, t.date(row.date), _esc(row.provider), t.hours(row.hours), areas],
        extra=' data-row="training"',
    )


def _work(t: _Table, row, context) -> str:
    role = f"{_esc(row.title)}, {_esc(row.employer)}"
    if row.internship:
        role += t.internship
    return t.tr(
        row,
        [
            role,
            t.span(row.start, row.end),
            t.yes if row.paid else t.no,
            t.label(AgeGroup, row.age_group),
            t.label(ServiceKind, row.service),
            _esc(str(row.families_served)),
        ],
        extra=' data-row="work"',
    )


def _leadership(t: _Table, row, context) -> str:
    return t.tr(
        row,
        [_esc(row.title), t.label(LeadershipLevel, row.level), t.span(row.start, row.end)],
        extra=' data-row="leadership"',
    )


PYTHON_ROWS = {"rsc": _rsc, "training": _training, "work": _work, "leadership": _leadership}


def _render_row(context, t: _Table, application, row) -> str:
    """One row, with ``_CSRF_SLOT`` where its CSRF field goes."""
    render = PYTHON_ROWS.get(t.kind)
    if render is not None:
        return render(t, row, context)
    # A few rows with files or an invitation status: a template (never cached: its upload
    # forms carry their own CSRF field).
    tpl = get_template(f"applications/rows/{t.kind}.html")
    flat = context.flatten()
    flat.update(
        {"row": row, "kind": t.kind, "labels": t.headers, "row_actions": mark_safe(t.actions(row))}
    )
    return tpl.render(flat, context.get("request"))


def _editable(context) -> bool:
    return bool(context.get("editable"))


@register.simple_tag(takes_context=True)
def log_row(context, kind: str, row):
    """One row of ``kind`` (the answer to an in-place save or cancel)."""
    application = context["application"]
    t = _table(context, application, kind, _editable(context))
    return mark_safe(_render_row(context, t, application, row).replace(_CSRF_SLOT, t.csrf))


#: Where each kind's rows are read from the application.
RELATION = {
    "degree": "degrees",
    "certificate": "certificates",
    "work": "work",
    "training": "trainings",
    "rsc": "rsc_sessions",
    "leadership": "leadership_activities",
    "membership": "memberships",
    "reference": "references",
}


def _rows(application, kind: str):
    """The rows of ``kind`` as full model instances: the prefetched ones, or read now (the
    checklist's light rows, ``checklist._light_rows``, only hold what the rules read)."""
    related = getattr(application, RELATION[kind])
    rows = related.all()
    if getattr(rows, "light_rows", False):
        return related.model.objects.filter(owner_id=application.applicant_id)
    return rows


@register.simple_tag(takes_context=True)
def log_table(context, kind: str, caption: str):
    """The whole table of ``kind``: caption, headers, one row per entry (or a line saying
    there is none), stacked on a phone.

    A long log's table is kept rendered while nothing it shows has changed: the key holds the
    database's fingerprint of the person's rows (``checklist._fingerprint``, set by the page's
    cached checklist), and the rows are then not even read. The CSRF fields are put in at each
    request."""
    application = context["application"]
    t = _table(context, application, kind, _editable(context))
    digest = getattr(application, "_fingerprint", None)
    key = None
    if digest and kind in PYTHON_ROWS:
        key = f"applications:table:{kind}:{application.pk}:{digest}:{t.editable}:{get_language()}"
        html = cache.get(key)
        if html is not None:
            return mark_safe(html.replace(_CSRF_SLOT, t.csrf))
    html = _render_table(context, t, application, kind, _rows(application, kind), caption)
    if key is not None:
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html.replace(_CSRF_SLOT, t.csrf))


def _render_table(context, t: _Table, application, kind: str, rows, caption: str) -> str:
    if kind == "reference":  # a replaced rater stays in the history, not in the table
        rows = [r for r in rows if not r.is_replaced]
    head = "".join(f'<th scope="col">{label}</th>' for label in t.labels)
    body = [_render_row(context, t, application, row) for row in rows]
    if not body:
        body = [
            f'<tr id="empty-{kind}"><td colspan="{len(t.labels)}">'
            f"{_esc(str(EMPTY[kind]))}</td></tr>"
        ]
    return str(
        format_html(
            '<table class="usa-table usa-table--stacked usa-table--borderless width-full" '
            'id="table-{}"><caption>{}</caption><thead><tr>{}</tr></thead>'
            '<tbody id="rows-{}"{}>{}</tbody></table>',
            kind,
            caption,
            mark_safe(head),
            kind,
            mark_safe(
                ' hx-boost="true" hx-push-url="false" hx-target="closest tr" hx-swap="outerHTML"'
                if t.editable
                else ""
            ),
            mark_safe("".join(body)),
        )
    )


@register.simple_tag(takes_context=True)
def row_actions(context, application, kind: str, row):
    """The "Change" link and "Remove" form of one row, as its last cell (``<td>``)."""
    t = _table(context, application, kind, True)
    return mark_safe(t.actions(row).replace(_CSRF_SLOT, t.csrf))
