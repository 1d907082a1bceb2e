"""Log rows added, changed, cancelled and removed in place (htmx sends ``HX-Request``), and a
field checked as it changes. Each answer is the piece of page that changes, with the step
indicator, the section's checklist and a status line swapped out of band; without the header
the same URLs answer as plain forms (redirect after a save, the whole page on an error)."""

import re

from django.urls import reverse

from applications.models import Training
from tests.factories.accounts import UserFactory
from tests.factories.applications import TrainingFactory, complete_ifs

HX = {"HTTP_HX_REQUEST": "true"}
BOOSTED = {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}


def url(name, application, **kwargs):
    return reverse(f"applications:{name}", kwargs={"uuid": application.uuid, **kwargs})


def training_data(prefix="training", **changes):
    data = {
        f"{prefix}-date": "2023-04-01",
        f"{prefix}-title": "Attachment basics",
        f"{prefix}-provider": "WI-AIMH",
        f"{prefix}-hours": "6",
    }
    data.update({f"{prefix}-{k}": v for k, v in changes.items()})
    return data


def step_state(html: str, section: str) -> str:
    return re.search(rf'data-section="{section}" data-state="([a-z_]+)"', html).group(1)


def test_adding_a_row_in_place_answers_the_row_and_the_checklist(owner_client, application):
    response = owner_client.post(
        url("add_row", application, kind="training"), training_data(), **HX
    )

    html = response.content.decode()
    row = Training.objects.get(owner=application.applicant, title="Attachment basics")
    assert response.status_code == 200
    # Everything out of band (the form asks for no main swap); the row inside a template and
    # a table body, so that the browser's HTML parser keeps it whole beside the form.
    assert html.startswith(
        '<template><tbody hx-swap-oob="beforeend:#rows-training">'
        f'<tr id="row-{row.uuid}" data-row="training">'
    )
    assert 'id="step-indicator"' in html and 'id="section-checklist"' in html
    assert html.count('hx-swap-oob="true"') == 3  # steps, section checklist, form
    # The status line is filled, not replaced: the page's live region (role="status") stays
    # the same element, so a screen reader reads the new line.
    assert re.search(r'<div id="row-status" hx-swap-oob="innerHTML">.*Training saved\.', html)
    assert step_state(html, "training") == "missing"  # 6 of the hours IFS asks
    # A fresh, empty form to add another, its first field focused.
    assert 'id="add-training-section"' in html and "autofocus" in html
    assert 'value="Attachment basics"' not in html
    # Nothing left for the next page to announce again.
    page = owner_client.get(url("section", application, section="training")).content.decode()
    assert "Training saved." not in page


def test_the_step_indicator_turns_done_when_the_row_meets_the_requirement(
    owner_client, application
):
    complete_ifs(application)
    Training.objects.filter(owner=application.applicant).delete()
    before = owner_client.get(url("section", application, section="training")).content.decode()
    assert step_state(before, "training") == "not_started"

    response = owner_client.post(
        url("add_row", application, kind="training"), training_data(hours="60"), **HX
    )

    html = response.content.decode()
    assert step_state(html, "training") == "done"
    assert 'data-code="training_hours" ' not in html or "check-met" in html


def test_adding_a_row_without_javascript_redirects_as_before(owner_client, application):
    response = owner_client.post(url("add_row", application, kind="training"), training_data())

    assert response.status_code == 302
    assert response["Location"] == url("section", application, section="training")
    page = owner_client.get(response["Location"]).content.decode()
    assert "Training saved." in page and "Attachment basics" in page


def test_a_wrong_row_in_place_comes_back_as_the_form_with_its_errors(owner_client, application):
    response = owner_client.post(
        url("add_row", application, kind="training"), training_data(hours="0"), **HX
    )

    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps 2xx answers only
    assert response["HX-Retarget"] == "#add-training-section"
    assert response["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith('<section id="add-training-section"')
    assert "Enter the clock hours: more than 0." in html
    assert 'value="Attachment basics"' in html
    assert not Training.objects.filter(owner=application.applicant).exists()
    # The last "saved" line is emptied: it no longer holds.
    assert '<div id="row-status" hx-swap-oob="innerHTML"></div>' in html


def test_a_wrong_row_without_javascript_is_the_whole_page_with_422(owner_client, application):
    response = owner_client.post(
        url("add_row", application, kind="training"), training_data(hours="0")
    )

    assert response.status_code == 422
    assert "<h1>Training</h1>" in response.content.decode()


def test_a_row_is_changed_in_place_and_cancelled(owner_client, application):
    row = TrainingFactory(application=application, title="Old title")
    edit = url("edit_row", application, kind="training", row=row.uuid)

    opened = owner_client.get(edit, **BOOSTED).content.decode()
    assert opened.startswith(f'<tr id="row-{row.uuid}" data-row="training" class="row-editing">')
    assert 'name="edit-training-title"' in opened  # apart from the add form's ids
    assert 'id="step-indicator"' not in opened

    cancelled = owner_client.get(
        url("show_row", application, kind="training", row=row.uuid), **BOOSTED
    ).content.decode()
    assert cancelled.startswith(f'<tr id="row-{row.uuid}" data-row="training">')
    assert "Old title" in cancelled

    wrong = owner_client.post(edit, training_data("edit-training", hours="0"), **BOOSTED)
    assert wrong.status_code == 200
    assert "row-editing" in wrong.content.decode()
    assert "Enter the clock hours: more than 0." in wrong.content.decode()

    saved = owner_client.post(edit, training_data("edit-training", title="New title"), **BOOSTED)
    html = saved.content.decode()
    assert html.startswith(f'<tr id="row-{row.uuid}" data-row="training">')
    assert "New title" in html and 'id="section-checklist"' in html
    row.refresh_from_db()
    assert row.title == "New title"


def test_changing_a_row_without_javascript_is_the_change_page(owner_client, application):
    row = TrainingFactory(application=application)
    edit = url("edit_row", application, kind="training", row=row.uuid)

    assert "<h1>" in owner_client.get(edit).content.decode()
    response = owner_client.post(edit, training_data(title="Plain"))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.title == "Plain"
    cancel = owner_client.get(url("show_row", application, kind="training", row=row.uuid))
    assert cancel.status_code == 302
    assert cancel["Location"] == url("section", application, section="training")


def test_a_row_is_removed_in_place(owner_client, application):
    row = TrainingFactory(application=application)

    response = owner_client.post(
        url("delete_row", application, kind="training", row=row.uuid), **BOOSTED
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="row-{row.uuid}"' not in html  # the row's place is left empty
    assert 'id="section-checklist"' in html and "Removed." in html
    assert not Training.objects.filter(pk=row.pk).exists()


def test_a_field_is_checked_as_it_changes(owner_client, application):
    check = url("check_field", application, kind="training", field="hours")

    wrong = owner_client.post(check, training_data(hours="0"), **HX).content.decode()
    right = owner_client.post(check, training_data(hours="3"), **HX).content.decode()

    assert wrong.lstrip().startswith('<div class="usa-form-group usa-form-group--error">')
    assert "Enter the clock hours: more than 0." in wrong
    assert 'name="training-hours"' in wrong and 'hx-post="' in wrong
    assert "usa-form-group--error" not in right
    assert not Training.objects.filter(owner=application.applicant).exists()
    # Only the fields of the form, and only the applicant.
    missing = url("check_field", application, kind="training", field="owner")
    assert owner_client.post(missing, training_data(), **HX).status_code == 404


def test_the_add_form_checks_its_fields_as_they_change(owner_client, application):
    page = owner_client.get(url("section", application, section="training")).content.decode()

    check = url("check_field", application, kind="training", field="hours")
    assert f'hx-post="{check}" hx-trigger="change"' in page
    assert 'hx-target="closest .usa-form-group"' in page
    # The checks and the save wait for each other in order: no answer lands on a newer one.
    assert 'hx-sync="closest form:queue all"' in page
    assert re.search(r'<form [^>]*data-add-form hx-sync="this:queue last"', page)
    assert '<div id="row-status" role="status" aria-live="polite"></div>' in page
    # Checkboxes are left alone (nothing to say about a tick).
    assert url("check_field", application, kind="training", field="topics") not in page


def test_in_place_pieces_answer_the_applicant_only(client, application):
    """Another person gets 404 (staff roles: tests/security/test_authorization_matrix.py)."""
    client.force_login(UserFactory())
    row = TrainingFactory(application=application)

    show = client.get(url("show_row", application, kind="training", row=row.uuid), **HX)
    check = client.post(url("check_field", application, kind="training", field="hours"), **HX)

    assert (show.status_code, check.status_code) == (404, 404)


def test_the_steps_show_each_sections_state(owner_client, application):
    complete_ifs(application)
    html = owner_client.get(url("detail", application)).content.decode()

    assert 'class="usa-step-indicator' in html
    assert step_state(html, "training") == "done"
    assert step_state(html, "leadership") in {"done", "not_started"}
    assert "usa-summary-box" in html
