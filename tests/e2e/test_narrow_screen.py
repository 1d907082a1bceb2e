"""The applicant's whole path on a phone (390 by 844 px): no page scrolls sideways, every page
passes axe-core at that width too; plus the two form helps of static/js/forms.js."""

import re

import pytest

from tests.factories.applications import ApplicationFactory

from .support import sign_in
from .test_applicant_journey import (
    test_applicant_registers_fills_the_application_and_submits as walk_applicants_path,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applicants_path_at_390_px_never_scrolls_sideways(
    page, browser, live_server, settings, tmp_path
):
    page.set_viewport_size({"width": 390, "height": 844})

    walk_applicants_path(page, browser, live_server, settings, tmp_path)
    page.audit.flush()

    widths = page.audit.widths
    assert len({url.split("?")[0] for url, _w, _o in widths}) >= 15
    assert {w for _url, w, _o in widths} == {390}
    assert [(url, over) for url, _w, over in widths if over > 0] == []


def test_failed_save_focuses_the_summary_and_unsaved_changes_ask_before_leaving(page):
    from django.core.management import call_command

    call_command("load_catalog", verbosity=0)
    from endorsements.models import Association, Category

    application = ApplicationFactory(
        category=Category.objects.get(code="IFS"),
        association=Association.objects.get(code="WI-AIMH"),
    )
    sign_in(page, application.applicant.email)
    page.goto(f"/apply/{application.uuid}/training/")

    # A failed save: the page comes back with the summary focused.
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.locator(".errors-summary:focus").wait_for()  # the form is saved in place (htmx)
    assert page.evaluate("document.activeElement.className") == "errors-summary"
    assert page.evaluate("document.activeElement.textContent").strip() == (
        "Please correct the fields marked below."
    )

    # Typed but not saved: leaving asks first; staying keeps the text.
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    title = page.get_by_label("Title", exact=True)
    title.click()
    page.keyboard.type("Circle of Security")
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/training/")
    assert title.input_value() == "Circle of Security"

    # Saving through the form itself does not ask.
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert dialogs == ["beforeunload"]


def test_rater_is_warned_live_and_disabled_buttons_look_disabled(page):
    from references.services.invitations import copy_link
    from tests.factories import references as rf

    rf.load_catalog()
    application = rf.ApplicationFactory()
    reference = rf.ReferenceFactory(application=application, rater_name="Rita Rater")
    token = copy_link(rf.invitation_for(reference), actor=application.applicant)
    page.goto(f"/references/r/{token}/?step=1")

    # One area per step: five "not enough information" answers, then the sixth shows it live.
    warning = page.locator("#nei-warning")
    for n in range(1, 6):
        assert warning.is_hidden()
        page.get_by_text("Not enough information to rate", exact=True).click()
        page.get_by_role("button", name="Save and continue").click()
        page.get_by_role("group", name=re.compile(rf"^Area {n + 1} of ")).wait_for()
    assert warning.is_hidden()
    page.get_by_text("Not enough information to rate", exact=True).click()
    assert warning.is_visible()
    assert "this rating will not count for the applicant" in warning.inner_text()
    page.get_by_text("3 — Skilled: shows it reliably in daily work").click()
    assert warning.is_hidden()

    # The applicant's submit button while items are missing: disabled, and it looks it.
    sign_in(page, application.applicant.email)
    page.goto(f"/apply/{application.uuid}/submit/")
    button = page.get_by_role("button", name="Submit my application")
    assert button.is_disabled()
    style = button.evaluate(
        "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).cursor]"
    )
    assert style == ["rgb(232, 234, 236)", "not-allowed"]


def _spanish_phone_sign_in(page, email):
    """Read the site in Spanish on a 390 px phone (the switcher, as a person does), signed in."""
    from tests.factories.accounts import PASSWORD

    from .test_spanish import es

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_label("Read this site in").select_option(label="Español")
    page.get_by_role("button", name="Change language").click()
    page.get_by_role("button", name="Cambiar idioma").wait_for()
    page.audit.flush()
    page.audit.langs.clear()  # the home page in English, before the switch
    page.goto("/accounts/login/")
    page.get_by_label(es("Email")).fill(email)
    page.get_by_label(es("Password")).fill(PASSWORD)
    page.get_by_role("button", name=es("Sign In"), exact=True).click()
    page.get_by_role("heading", name=re.compile("^Hola")).wait_for()


def _spanish_and_no_sideways_scroll(audit, *, at_least: int):
    audit.flush()
    assert len({url.split("?")[0] for url, _lang in audit.langs}) >= at_least
    assert [(url, lang) for url, lang in audit.langs if lang != "es"] == []
    assert {width for _url, width, _over in audit.widths} == {390}
    assert [(url, over) for url, _w, over in audit.widths if over > 0] == []


def test_endorsee_and_visitor_pages_in_spanish_at_390_px(page, association):
    from tests.endorsements.records import endorsement

    from .test_spanish import es

    held = endorsement(association)
    _spanish_phone_sign_in(page, held.user.email)
    page.goto("/catalog/mine/")
    page.get_by_role("heading", name=es("Your endorsements"), level=1).wait_for()
    assert page.get_by_text("4 de mayo de 2026").is_visible()  # the date in Spanish
    page.get_by_role("link", name=es("Change your registry settings")).click()
    page.get_by_role("heading", name=es("Public registry settings")).wait_for()
    page.goto("/verify/")
    page.get_by_label(es("Endorsement number")).fill(held.number)
    page.get_by_role("button", name=es("Verify")).click()
    page.locator("[data-status]").first.wait_for()
    page.goto(f"/verify/{held.number}/")
    assert page.get_by_text("4 de mayo de 2026").first.is_visible()  # not 2026-05-04
    page.goto("/verify/credential/")
    page.goto("/registry/")
    page.get_by_role("heading", name=es("Registry of endorsed professionals")).wait_for()

    _spanish_and_no_sideways_scroll(page.audit, at_least=7)


def test_candidate_exam_pages_in_spanish_at_390_px(page, association):
    import datetime as dt

    from django.utils import timezone

    from exams.models import ExamSettings
    from tests.factories.exams import approved_candidate, exam_week, vignette
    from tests.factories.reviews import load_catalog

    from .test_exam_journey import small_bank
    from .test_spanish import es

    load_catalog()
    small_bank()
    vignette("infant", "C")
    ExamSettings.objects.create(association=association, part_seconds=600)
    approved_candidate(
        association, "IMHM-C", full_name="Carla Candidata", email="carla@example.org"
    )
    week = exam_week(association, starts_in=3, name="Semana de examen")
    _spanish_phone_sign_in(page, "carla@example.org")

    page.goto("/exams/")
    page.get_by_role("heading", name=es("Your written exam"), level=1).wait_for()
    page.get_by_role("link", name=re.compile("IMHM-C")).first.click()
    page.locator("label", has_text="Semana de examen").first.click()
    page.get_by_role("button", name=es("Register"), exact=True).click()
    page.get_by_role("heading", name="Semana de examen").wait_for()
    week.starts_on = timezone.localdate()  # the week comes
    week.ends_on = week.starts_on + dt.timedelta(days=4)
    week.save()
    page.reload()
    page.get_by_role("link", name=es("Open"), exact=True).first.click()
    page.get_by_role("button", name=es("Start"), exact=True).click()
    page.locator("#answer-form").wait_for()
    page.wait_for_load_state("load")  # the autosave script is in place
    page.locator('label[for^="choice-"]').first.click()
    page.locator("#save-status").get_by_text(es("Saved.")).wait_for()
    page.get_by_role("button", name=es("Save and review all answers")).click()
    page.get_by_role("heading", name=es("Review your answers")).wait_for()

    _spanish_and_no_sideways_scroll(page.audit, at_least=6)
