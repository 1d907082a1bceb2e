"""The reference rater's journey through the real path: the applicant sends the invitation in the
browser, a Celery worker on Redis sends it to a local SMTP server, and the rater opens the link
from that email (no account) and goes through the form one area at a time (saved as they go,
by the buttons and by the autosave), comes back, changes an answer from the last step and
submits."""

import re

import pytest
from django.utils import translation

from references.enums import ReferenceStatus
from references.models import Rating, Reference
from references.services import copy_link
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.references import (
    ApplicationFactory,
    ReferenceFactory,
    invitation_for,
    load_catalog,
)
from tests.service_support import celery_worker, require_postgres, require_redis, smtp_server

from .accessibility import Audit

pytestmark = [pytest.mark.browser, pytest.mark.service, pytest.mark.django_db(transaction=True)]

AREAS = [
    "Theoretical Foundations",
    "Law, Regulation and Agency Policy",
    "Systems Expertise",
    "Direct Service Skills",
    "Working with Others",
    "Communicating",
    "Thinking",
    "Reflection",
]


def sign_in(page, email: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()


def test_invitation_reaches_rater_who_drafts_and_submits(page, browser, live_server):
    require_postgres()
    broker = require_redis()
    load_catalog()
    applicant = UserFactory(full_name="Ada Applicant", email="ada@example.org")
    application = ApplicationFactory(applicant=applicant)
    reference = ReferenceFactory(
        application=application, rater_name="Rita Rater", email="rita@agency.example"
    )
    list_url = f"/references/{application.uuid}/"

    with (
        smtp_server() as (inbox, email_url),
        celery_worker(
            broker_url=broker, email_url=email_url, extra_env={"SITE_URL": live_server.url}
        ),
    ):
        sign_in(page, applicant.email, list_url)
        page.get_by_role("button", name="Send invitation to Rita Rater").click()
        page.get_by_text("The invitation to Rita Rater is on its way.").wait_for()

        messages = inbox.wait_for(1)

        assert len(messages) == 1
        message = messages[0]
        assert message["To"] == "rita@agency.example"
        assert message["Subject"] == "Ada Applicant asks you for a reference rating"
        text = next(
            p.get_payload(decode=True).decode()
            for p in message.walk()
            if p.get_content_type() == "text/plain"
        )
        link = re.search(r"http://\S+/references/r/[A-Za-z0-9_-]+/", text).group(0)
        assert link.startswith(live_server.url)
        # The applicant sees the delivery: the worker recorded the email as sent.
        page.reload()
        page.get_by_text("Email delivered to the rater's mail server").wait_for()

    # The rater: another browser, no account, no cookies; axe-core checks each page.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    rater = context.new_page()
    rater.set_default_timeout(15_000)
    audit = Audit(rater)
    audit.attach(context)
    rater.goto(link)
    rater.get_by_role("heading", name="Reference rating for Ada Applicant").wait_for()
    assert rater.get_by_role("heading", name=re.compile("About you")).is_visible()
    assert rater.get_by_label("Your full name").input_value() == "Rita Rater"
    rater.get_by_label("Your position or job title").fill("Programme supervisor")
    rater.get_by_role("button", name="Save and continue").click()

    # One area at a time, with progress; "Save draft" keeps it without moving on.
    first = rater.get_by_role("group", name=f"Area 1 of 8: {AREAS[0]}")
    first.get_by_text("3 — Skilled: shows it reliably in daily work").click()
    rater.get_by_role("button", name="Save draft").click()
    rater.get_by_text("Your draft is saved.").wait_for()
    rater.get_by_role("button", name="Save and continue").click()
    second = rater.get_by_role("group", name=f"Area 2 of 8: {AREAS[1]}")
    # The autosave keeps a choice without any button.
    second.get_by_text("2 — Developing: shows it with support").click()
    rater.get_by_text(re.compile(r"^Draft saved at \d\d:\d\d\.$")).wait_for()

    # Closing the page loses nothing: the same link comes back at the first area not answered.
    rater.goto(link)
    third = rater.get_by_role("group", name=f"Area 3 of 8: {AREAS[2]}")
    third.wait_for()
    rater.get_by_role("button", name="Back").click()
    assert second.get_by_label("2 — Developing: shows it with support").is_checked()
    rater.get_by_role("button", name="Back").click()
    assert first.get_by_label("3 — Skilled: shows it reliably in daily work").is_checked()
    rater.get_by_role("button", name="Save and continue").click()
    rater.get_by_role("button", name="Save and continue").click()
    for n, area in enumerate(AREAS[2:], start=3):
        group = rater.get_by_role("group", name=f"Area {n} of 8: {area}")
        answer = "Not enough information to rate" if n == 8 else "4 — Exemplary"
        group.get_by_text(re.compile(f"^{answer}")).click()
        rater.get_by_role("button", name="Save and continue").click()
    rater.get_by_label("Comments").fill("Attuned and reflective with families.")
    rater.get_by_role("button", name="Save and continue").click()

    # The last step shows every answer, with a link to change each.
    answers = rater.get_by_role("table", name="Your answers")
    row = answers.get_by_role("row", name=re.compile(AREAS[1]))
    assert "2 — Developing" in row.inner_text()
    row.get_by_role("link", name=f"Change {AREAS[1]}").click()
    second.get_by_text("3 — Skilled: shows it reliably in daily work").click()
    rater.get_by_role("button", name="Save and continue").click()
    assert "3 — Skilled" in answers.get_by_role("row", name=re.compile(AREAS[1])).inner_text()
    assert rater.get_by_text("Attuned and reflective with families.").is_visible()
    rater.get_by_role("button", name="Submit the rating").click()

    rater.get_by_role("heading", name="Thank you: your rating was received").wait_for()
    reference.refresh_from_db()
    assert reference.status == ReferenceStatus.SUBMITTED
    rating = Rating.objects.get(invitation__reference=reference)
    assert rating.rater_title == "Programme supervisor"
    assert rating.answers["theoretical-foundations"] == "3"
    assert rating.answers["law-regulation-and-agency-policy"] == "3"
    assert rating.answers["reflection"] == "nei"
    assert rating.comments == "Attuned and reflective with families."
    assert rating.counts is True

    # The applicant sees the status, not the content.
    page.goto(list_url)
    row = page.locator(f'tr[data-reference="{reference.uuid}"]')
    assert row.locator(".usa-tag").inner_text() == "Submitted"
    assert "Attuned" not in page.content()
    # The used link shows a clear page and no form.
    rater.goto(link)
    assert rater.get_by_role("button", name="Submit the rating").count() == 0
    assert Reference.objects.get(pk=reference.pk).status == ReferenceStatus.SUBMITTED
    audit.flush()
    context.close()
    assert not audit.violations, "axe-core on the rater's pages:\n" + audit.report()


def es(text: str) -> str:
    """``text`` as the Spanish pages show it (a model field's label is its lower-case name)."""
    with translation.override("es"):
        spanish = translation.gettext(text)
        if spanish == text:
            lower = translation.gettext(text[:1].lower() + text[1:])
            spanish = lower[:1].upper() + lower[1:]
    return spanish


def test_spanish_rater_on_a_phone_goes_through_every_step(browser, live_server):
    """A rater the applicant named in Spanish, on a phone: every step in Spanish, axe-core on
    each, none scrolls sideways; from the sixth "not enough information" answer on, each area
    warns that the rating will not count, and the last step asks to confirm it."""
    load_catalog()
    application = ApplicationFactory(applicant=UserFactory(full_name="Lucía Ramos"))
    reference = ReferenceFactory(application=application, rater_name="Marta Ruiz", language="es")
    token = copy_link(invitation_for(reference), actor=application.applicant)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    rater = context.new_page()
    rater.set_default_timeout(15_000)
    audit = Audit(rater)
    audit.attach(context)
    langs = []

    def next_step():
        langs.append(rater.locator("html").get_attribute("lang"))
        rater.get_by_role("button", name=es("Save and continue")).click()

    rater.goto(f"/references/r/{token}/")
    assert rater.get_by_label(es("Your full name")).input_value() == "Marta Ruiz"
    next_step()
    warning = rater.locator("#nei-warning")
    for n in range(1, 9):
        rater.get_by_role("group", name=re.compile(rf"^Área {n} de 8: ")).wait_for()
        if n <= 6:
            assert warning.is_hidden()
            rater.get_by_text(es("Not enough information to rate"), exact=True).click()
        else:
            rater.get_by_text(es("3 — Skilled: shows it reliably in daily work")).click()
        assert warning.is_visible() == (n >= 6)
        next_step()
    rater.get_by_label(es("Comments")).fill("Muy atenta con las familias.")
    next_step()

    rater.get_by_role("button", name=es("Submit the rating")).click()
    rater.locator(".errors-summary").wait_for()
    langs.append(rater.locator("html").get_attribute("lang"))
    rater.get_by_text(es("I understand: submit it anyway.")).click()
    rater.get_by_role("button", name=es("Submit the rating")).click()
    rater.get_by_role("heading", name=es("Thank you: your rating was received")).wait_for()
    langs.append(rater.locator("html").get_attribute("lang"))
    audit.flush()
    context.close()

    assert set(langs) == {"es"}
    assert not audit.violations, "axe-core on the rater's pages:\n" + audit.report()
    assert {w for _url, w, _o in audit.widths} == {390}
    assert [(url, over) for url, _w, over in audit.widths if over > 0] == []
    rating = Rating.objects.get(invitation__reference=reference)
    assert rating.not_enough_information == 6 and rating.counts is False
