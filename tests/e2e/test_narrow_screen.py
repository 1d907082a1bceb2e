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
