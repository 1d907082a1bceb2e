"""The applicant's log changes in place (htmx): a training added without the page reloading,
the step indicator and the section's checklist following; a field checked as it changes; a
row changed, cancelled and removed where it stands; all on a phone-wide window. axe-core checks
each page as it loads and again after the swaps."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from applications.enums import ApplicationStatus
from tests.factories.applications import ApplicationFactory

from .support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_again(page):
    """axe-core on the page as the swaps left it (the harness checks each page load), and
    nothing scrolls sideways on the phone-wide window."""
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    found = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
            .then(r => r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target).join(" ")))"""
    )
    assert found == []


def test_a_training_is_added_in_place_and_the_checklist_follows(page):
    call_command("load_catalog", verbosity=0)
    from endorsements.models import Association, Category

    application = ApplicationFactory(
        category=Category.objects.get(code="IFS"),
        association=Association.objects.get(code="WI-AIMH"),
        status=ApplicationStatus.IN_PROGRESS,
    )
    today = timezone.localdate()
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone: the table stacks
    sign_in(page, application.applicant.email)
    page.goto(f"/apply/{application.uuid}/training/")
    page.evaluate("window.__samePage = true")  # gone if the page reloads

    step = page.locator('#step-indicator [data-section="training"]')
    hours = page.locator('#section-checklist li[data-code="training_hours"]')
    assert step.get_attribute("data-state") == "not_started"
    assert hours.get_attribute("class") == "check-unmet"

    # A field is checked as soon as it changes: its error shows at the field.
    form = page.get_by_role("region", name="Add a training")
    form.get_by_label("Clock hours").fill("0")
    form.get_by_label("Title").click()  # leaving the field sends its change
    form.get_by_text("Enter the clock hours: more than 0.").wait_for()

    form.get_by_label("Date").fill((today - dt.timedelta(days=30)).isoformat())
    form.get_by_label("Title").fill("Infant mental health foundations")
    form.get_by_label("Provider").fill("WI-AIMH")
    form.get_by_label("Clock hours").fill("60")
    form.get_by_role("button", name="Save").click()

    rows = page.locator('#rows-training tr[data-row="training"]')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Infant mental health foundations")
    page.get_by_text("Training saved.").wait_for()
    expect(hours).to_have_class("check-met")
    expect(step).to_have_attribute("data-state", "done")
    assert page.evaluate("window.__samePage") is True
    # The form is empty again, ready for the next training, its first field focused.
    assert form.get_by_label("Title").input_value() == ""
    assert page.evaluate("document.activeElement.name") == "training-date"
    check_again(page)

    # The fresh form adds the next one in place too.
    form.get_by_label("Date").fill((today - dt.timedelta(days=20)).isoformat())
    form.get_by_label("Title").fill("Second training")
    form.get_by_label("Provider").fill("WI-AIMH")
    form.get_by_label("Clock hours").fill("2")
    form.get_by_role("button", name="Save").click()
    expect(rows).to_have_count(2)
    rows.nth(1).get_by_role("button", name="Remove").click()
    expect(rows).to_have_count(1)

    # Change the row where it stands, cancel, change again and save.
    row = rows.first
    row.get_by_role("link", name="Change").click()
    editing = page.locator("tr.row-editing")
    editing.get_by_label("Title").fill("Changed my mind")
    check_again(page)
    editing.get_by_role("link", name="Cancel").click()
    expect(rows.first).to_contain_text("Infant mental health foundations")
    rows.first.get_by_role("link", name="Change").click()
    page.locator("tr.row-editing").get_by_label("Title").fill("Foundations of IMH")
    page.locator("tr.row-editing").get_by_role("button", name="Save").click()
    expect(rows.first).to_contain_text("Foundations of IMH")
    assert page.evaluate("window.__samePage") is True

    # Remove it: the row goes and the checklist goes back.
    rows.first.get_by_role("button", name="Remove").click()
    expect(rows).to_have_count(0)
    expect(hours).to_have_class("check-unmet")
    assert page.evaluate("window.__samePage") is True
    check_again(page)

    # The checklist page agrees, and the table reads the same after a reload.
    page.goto(f"/apply/{application.uuid}/")
    assert page.locator('.checklist li[data-code="training_hours"]').get_attribute("class") == (
        "check-unmet"
    )
    page.audit.flush()
    assert [(url, over) for url, _w, over in page.audit.widths if over > 0] == []


def test_what_is_typed_while_a_save_is_on_its_way_is_kept(page):
    """The person saves a training and goes on typing the next one before the answer comes:
    the fresh form keeps what they typed and their focus; a second press on "Save" adds no
    second row. A failed save keeps what was typed since, with the errors at the fields and
    the focus on the error summary; "Training saved." is read from the status line."""
    call_command("load_catalog", verbosity=0)
    from endorsements.models import Association, Category

    application = ApplicationFactory(
        category=Category.objects.get(code="IFS"),
        association=Association.objects.get(code="WI-AIMH"),
        status=ApplicationStatus.IN_PROGRESS,
    )
    today = timezone.localdate()
    sign_in(page, application.applicant.email)
    page.goto(f"/apply/{application.uuid}/training/")
    held = []  # the saves' answers, held back until the test lets them through

    def hold(route):
        held.append((route, route.fetch()))

    page.route(f"**/apply/{application.uuid}/rows/training/", hold)

    def on_its_way():
        for _ in range(200):
            if held:
                return
            page.wait_for_timeout(50)
        raise AssertionError("the save was not sent")

    form = page.get_by_role("region", name="Add a training")
    rows = page.locator('#rows-training tr[data-row="training"]')
    form.get_by_label("Date").fill((today - dt.timedelta(days=30)).isoformat())
    form.get_by_label("Title").fill("Infant mental health foundations")
    form.get_by_label("Provider").fill("WI-AIMH")
    form.get_by_label("Clock hours").fill("6")
    save = form.get_by_role("button", name="Save")
    save.click()
    on_its_way()
    save.click()  # pressed twice while the first save is on its way
    form.get_by_label("Title").fill("Second training")  # the next one, before the answer
    assert len(held) == 1
    route, response = held.pop()
    route.fulfill(response=response)

    expect(rows).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("Training saved.")
    expect(form.get_by_label("Title")).to_have_value("Second training")
    assert form.get_by_label("Date").input_value() == ""  # the fields left alone start afresh
    assert page.evaluate("document.activeElement.name") == "training-title"
    page.wait_for_timeout(300)
    assert held == [] and rows.count() == 1  # the second press saved nothing

    # A failed save: what is typed while it is on its way stays, beside the errors.
    form.get_by_label("Clock hours").fill("0")
    save.click()
    on_its_way()
    form.get_by_label("Provider").fill("WI-AIMH")
    route, response = held.pop()
    route.fulfill(response=response)
    expect(form.locator(".errors-summary")).to_be_focused()
    form.get_by_text("Enter the clock hours: more than 0.").wait_for()
    expect(form.get_by_label("Provider")).to_have_value("WI-AIMH")
    expect(form.get_by_label("Title")).to_have_value("Second training")
    expect(page.get_by_role("status")).to_have_text("")  # "saved" no longer holds
    # Provider, filled since, is checked again: only the date is still missing.
    expect(form.locator(".usa-error-message")).to_have_count(2)
    check_again(page)

    # None of this is saved: the form came back with errors, so leaving the page asks first.
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("link", name="Dashboard").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(form.get_by_label("Title")).to_have_value("Second training")
