"""Hostile input through every form an applicant, a reference rater and a coordinator can post.

The forms are not listed by hand: each person's pages are crawled from where they start (the
dashboard, the rater's link) and every same-site POST form found is collected with its fields,
so a new form is fuzzed the day it appears. Hypothesis then fills each form with long text,
unicode, NUL bytes, markup, spreadsheet formulas, negative and huge numbers, impossible dates
and hostile files, and posts it through the test client to the real view (validation, view
and template all run).

Targets: no server error, and no page ever shows the markup payload unescaped (neither the
answer to the post nor, afterwards, any page the person can reach).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from easy.accounts.enums import Role
from references.services import invite
from reviews.services import accept_for_review
from tests.factories.accounts import UserFactory, staff, with_role
from tests.factories.applications import PDF_BYTES, ApplicationFactory, complete_ifs
from tests.factories.references import ReferenceFactory
from tests.factories.reviews import assign, reviewer, submitted_application

EXAMPLES_PER_FORM = 4
MAX_PAGES_PER_PERSON = 60
MARKUP = "<script>fuzz()</script>"
HOSTILE_TEXT = [
    "x" * 5000,
    "Zoë Ñúñez 漢字 😀 \u202etxt.exe",
    "a\x00b",
    MARKUP,
    f'"><img src=x onerror=fuzz()>{MARKUP}',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    '@HYPERLINK("http://x")',
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "Infinity",
    "0",
    "0.0000001",
    "2023-02-30",
    "9999-99-99",
    "0000-00-00",
    "0001-01-01",
    "31/12/2023",
    "2023-13-01",
    "",
    "   ",
    "../../etc/passwd",
    "%s%n%x",
    "' OR 1=1 --",
    "\r\nSet-Cookie: x=1",
]
HOSTILE_FILES = [
    ("transcript.pdf", PDF_BYTES),
    (
        "evil.pdf",
        b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF",
    ),
    ("poly.pdf", b"%PDF-1.4\n<html><script>fuzz()</script></html>\n%%EOF"),
    ("empty.pdf", b""),
    ("page.html", f"<html>{MARKUP}</html>".encode()),
    ("log.csv", b"date,title,provider,hours\n2023-01-01,=cmd|' /C calc'!A0,x,-5\n"),
    ("nul.csv", b"date,title\x00\n"),
]
# Leave out what would end the person's session or is not a form of the portal's.
SKIPPED_ACTIONS = re.compile(r"^/(accounts/(logout|password|email|2fa|mfa|reauthenticate)|admin/)")
# Forms that take things away (rows, roles, the application itself) go last, so they do not
# hide the others.
DESTRUCTIVE = re.compile(r"delete|remove|withdraw|revoke|decline|replace|cancel|people")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Public pages hold no form of these people's; other associations' pages repeat ours.
NOT_CRAWLED = re.compile(
    r"^/(static|documents|registry|verify|issuers)/|^/catalog/(?!staff/)|^/apply/new/(?!WI-AIMH/)"
    r"|/export|\.(pdf|csv)$|/pdf/"
)


@dataclass
class FormField:
    name: str
    kind: str  # text, select, checkbox, file, hidden
    values: list[str] = field(default_factory=list)  # options or the value the page wrote


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, FormField]

    @property
    def key(self) -> tuple:
        return (UUID.sub("{id}", self.action), tuple(sorted(self.fields)))


class PageParser(HTMLParser):
    """Same-site links and POST forms of one page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(self.page, urljoin(self.page, a.get("action") or self.page), {})
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and a["name"] != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            kind = {"checkbox": "checkbox", "radio": "select", "file": "file"}.get(
                kind, "hidden" if kind == "hidden" else "text"
            )
            known = self._form.fields.setdefault(a["name"], FormField(a["name"], kind))
            if a.get("value") is not None:
                known.values.append(a["value"])
        elif tag == "textarea" and a.get("name"):
            self._form.fields.setdefault(a["name"], FormField(a["name"], "text"))
        elif tag == "select" and a.get("name"):
            self._select = self._form.fields.setdefault(a["name"], FormField(a["name"], "select"))
        elif tag == "option" and self._select is not None:
            self._select.values.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def same_site_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, starts: list[str], tally) -> tuple[list[str], list[Form]]:
    """Pages reachable from ``starts`` by following links (GET only), and their POST forms."""
    seen, queue, forms = set(), list(starts), {}
    pages = []
    while queue and len(pages) < MAX_PAGES_PER_PERSON:
        path = queue.pop(0)
        bare = path.split("?")[0]
        # One page per URL pattern: the thirteenth RS/C row's page has the first one's form.
        pattern = UUID.sub("{id}", bare)
        if pattern in seen or SKIPPED_ACTIONS.match(bare) or NOT_CRAWLED.search(bare):
            continue
        seen.add(pattern)
        try:
            response = client.get(path)
        except Exception as error:  # a 500 in the test client
            tally.server_errors.append((path, "GET", repr(error)[:300]))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(path)
        parser = PageParser(f"http://testserver{path}")
        parser.feed(response.content.decode())
        for link in parser.links:
            target = same_site_path(link)
            if target and UUID.sub("{id}", target.split("?")[0]) not in seen:
                queue.append(target)
        for form in parser.forms:
            action = same_site_path(form.action)
            if action and not SKIPPED_ACTIONS.match(action) and form.fields:
                form.action = action
                forms.setdefault(form.key, form)
    ordered = sorted(forms.values(), key=lambda f: bool(DESTRUCTIVE.search(f.action)))
    return pages, ordered


def strategy_for(form_field: FormField):
    hostile = st.sampled_from(HOSTILE_TEXT)
    if form_field.kind == "file":
        return st.sampled_from(HOSTILE_FILES)
    if form_field.kind in ("select", "checkbox", "hidden") and form_field.values:
        # Mostly what the page offers (so the view goes past validation), often hostile.
        return st.one_of(st.sampled_from(form_field.values), hostile)
    return st.one_of(hostile, st.text(max_size=30))


def payload(form: Form, values: dict) -> dict:
    data = {}
    for name, value in values.items():
        if isinstance(value, tuple):
            data[name] = SimpleUploadedFile(value[0], value[1])
        else:
            data[name] = value
    return data


@dataclass
class Tally:
    forms: int = 0
    examples: int = 0
    server_errors: list = field(default_factory=list)
    unescaped: list = field(default_factory=list)


def fuzz_form(client, form: Form, tally: Tally) -> None:
    tally.forms += 1

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.fixed_dictionaries({n: strategy_for(f) for n, f in form.fields.items()}))
    def post(values):
        tally.examples += 1
        try:
            response = client.post(form.action, payload(form, values))
        except Exception as error:  # the test client re-raises what would have been a 500
            tally.server_errors.append((form.action, values, repr(error)[:300]))
            return
        if response.status_code >= 500:
            tally.server_errors.append((form.action, values, response.status_code))
            return
        body = response.content.decode(errors="replace")
        target = same_site_path(response.get("Location", ""))
        if response.status_code in (301, 302, 303) and target and not NOT_CRAWLED.search(target):
            followed = client.get(target)
            if followed.status_code >= 500:
                tally.server_errors.append((target, values, followed.status_code))
            body = followed.content.decode(errors="replace")
        if MARKUP in body:
            tally.unescaped.append((form.action, values))

    post()


@pytest.fixture
def portal(association, settings, django_capture_on_commit_callbacks):
    """An association with its catalog, an applicant mid-application, a submitted application
    under review, an invited rater and a coordinator (also the association's administrator)."""
    folder = Path(settings.BASE_DIR) / "fixtures" / "catalog"
    names = ["00_associations", "10_categories", "20_fees", "20_offerings"]
    names += ["25_competency_areas", "40_periods_and_exam_weeks"]
    call_command("loaddata", *[str(folder / f"{n}.json") for n in names], verbosity=0)
    applicant = UserFactory(full_name="Ada Applicant")
    drafting = ApplicationFactory(association=association, applicant=applicant)
    complete_ifs(drafting)
    nominated = ReferenceFactory(application=drafting, rater_name="Nia Nominee")
    submitted = submitted_application(association)
    coordinator = with_role(staff(association), association, Role.ASSOCIATION_ADMIN)
    rosa = reviewer(association, full_name="Rosa Reviewer")
    accept_for_review(submitted, actor=coordinator)
    assign(submitted, rosa)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the invitation mail goes out
        invite(nominated, actor=applicant)
    token = re.search(r"/references/r/([A-Za-z0-9_-]+)/", mail.outbox[-1].body).group(1)
    return {
        "rater": (None, [f"/references/r/{token}/"]),
        "applicant": (applicant, ["/dashboard/", f"/apply/{drafting.uuid}/"]),
        "coordinator": (
            coordinator,
            [
                "/dashboard/",
                f"/review/application/{submitted.uuid}/",
                f"/references/{submitted.uuid}/staff/",
                "/payments/staff/WI-AIMH/",
                "/payments/staff/WI-AIMH/fees/new/",
                "/payments/staff/WI-AIMH/coupons/new/",
                "/review/queue/WI-AIMH/",
            ],
        ),
    }


@pytest.mark.django_db
def test_no_form_answers_hostile_input_with_a_server_error_or_unescaped_markup(
    portal, client, capsys
):
    tallies = {}
    for person, (user, starts) in portal.items():
        client = type(client)()  # the suite's client: force_login signs in as the portal would
        if user is not None:
            client.force_login(user)
        tally = Tally()
        pages, forms = crawl(client, starts, tally)
        for form in forms:
            fuzz_form(client, form, tally)
        for page in pages:  # what was stored shows escaped wherever it shows
            try:
                response = client.get(page)
            except Exception as error:  # a 500 in the test client
                tally.server_errors.append((page, "GET", repr(error)[:300]))
                continue
            if MARKUP in response.content.decode(errors="replace"):
                tally.unescaped.append((page, "stored"))
        tallies[person] = (len(pages), tally)

    with capsys.disabled():
        for person, (pages, tally) in tallies.items():
            print(
                f"\nform fuzz, {person}: {pages} pages, {tally.forms} forms, "
                f"{tally.examples} examples, {len(tally.server_errors)} server errors, "
                f"{len(tally.unescaped)} unescaped"
            )
    assert {p: t.server_errors for p, (_, t) in tallies.items()} == {p: [] for p in tallies}
    assert {p: t.unescaped for p, (_, t) in tallies.items()} == {p: [] for p in tallies}
    assert all(t.forms >= 3 for _, t in tallies.values())
