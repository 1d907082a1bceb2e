import datetime as dt
import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# "Y-m-d" and "c" are machine formats (input values, datetime attributes).
ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "F Y", "Y", "Y-m-d", "c"}


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_one_date_format_in_english_and_django_s_own_in_spanish():
    day = dt.date(2026, 3, 4)
    moment = dt.datetime(2026, 3, 4, 14, 5)
    with translation.override("en"):
        assert (
            render("{{ d|date }}|{{ d|date:'DATE_FORMAT' }}", d=day) == "4 March 2026|4 March 2026"
        )
        assert render("{{ d|date:'SHORT_DATE_FORMAT' }}", d=day) == "4 March 2026"
        assert render("{{ m|date:'DATETIME_FORMAT' }}", m=moment) == "4 March 2026, 14:05"
    with translation.override("es"):
        assert render("{{ d|date }}", d=day) == "4 de marzo de 2026"


def test_templates_name_a_format_instead_of_spelling_one_out():
    spelled = []
    for path in TEMPLATES.rglob("*.*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        for fmt in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text()):
            if fmt not in ALLOWED:
                spelled.append(f"{path.relative_to(TEMPLATES)}: {fmt}")
    assert spelled == []
