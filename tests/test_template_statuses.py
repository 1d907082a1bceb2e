"""Pages ask the model, never a status string (issue 11).

A template that writes ``{% if renewal.status == "returned" %}`` repeats, in a second place, what
the status enum and its allowed-changes table already say; when a status is added or renamed the
page silently takes the wrong branch. Pages ask a property defined once beside the enum
(``renewal.is_returned``, ``endorsement.is_revoked``, ``item.is_met``), ``can_transition``, or a
flag the view passes (``row.current``). This test reads every template under ``templates/`` and
fails on a status (or an endorsement's standing) compared with a string literal inside a tag.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

#: ``{% ... %}`` tags, where a comparison can happen (prose outside tags may say "status in").
TAG = re.compile(r"{%(.*?)%}", re.DOTALL)
_FIELD = r"(?:\w+\.)*\w*(?:status|standing)(?:\.code)?"
_LITERAL = r"""(?:"[^"]*"|'[^']*')"""
COMPARES = re.compile(
    rf"\b{_FIELD}\s*(?:==|!=)\s*{_LITERAL}"  # status == "x"
    rf"|{_LITERAL}\s*(?:==|!=)\s*{_FIELD}\b"  # "x" == status
    rf"|\b{_FIELD}\s+(?:not\s+)?in\s"  # status in "x,y" / status in some_list
)

#: Templates allowed to compare, with the reason. Keep it empty unless a page truly cannot ask.
ALLOWED: dict[str, str] = {}


def status_comparisons(text: str) -> list[str]:
    """The tags of one template that compare a status with a literal (the words inside a
    literal, such as a ``translate`` tag's text, are not code)."""
    return [
        "{%" + tag + "%}"
        for tag in TAG.findall(text)
        if COMPARES.search(re.sub(_LITERAL, '""', tag))
    ]


def test_no_template_compares_a_status_with_a_string():
    found = [
        f"{path.relative_to(ROOT)}: {comparison}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}
        if str(path.relative_to(TEMPLATES)) not in ALLOWED
        for comparison in status_comparisons(path.read_text())
    ]
    assert found == []


def test_the_check_recognises_the_ways_a_page_compares_a_status():
    compared = [
        '{% if renewal.status == "returned" %}',
        "{% elif row.facts.status != 'current' %}",
        '{% if row.status.code == "submitted" %}',
        '{% if "revoked" == row.e.status %}',
        '{% if status == "waiting" %}',
        "{% if row.standing == 'expired' %}",
        '{% if job.status in "done,failed" %}',
        "{% if payment.status not in open_statuses %}",
    ]
    asked = [
        "{% if renewal.is_returned %}",
        "{% if not row.e.is_revoked %}",
        '{% if reference|can_transition:"invited" %}',
        '<span data-status="{{ row.status.code }}">{{ row.status.label }}</span>',
        "{% translate 'The status in your profile' %}",
        '{% if item.severity == "recommended" %}',
        "{% if row.facts.status_changed_on and not row.current %}",
    ]
    assert [bool(status_comparisons(t)) for t in compared] == [True] * len(compared)
    assert [status_comparisons(t) for t in asked] == [[]] * len(asked)
