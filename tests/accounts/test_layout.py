"""The page frame every page shares (templates/base.html, includes/field.html): the header
names the person's association, the menu keeps its links for browsers without JavaScript, and
form fields come out in the design system's markup with their help and errors tied to them."""

import pytest
from django import forms
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from easy.accounts.enums import Role
from tests.factories.accounts import AssociationFactory, UserFactory, staff
from tests.factories.applications import ApplicationFactory

pytestmark = pytest.mark.django_db


def _header(body: str) -> str:
    return body.split('<header class="usa-header', 1)[1].split("</header>", 1)[0]


def test_header_names_the_association_the_applicant_applied_to(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    header = _header(client.get(reverse("dashboard")).content.decode())

    assert application.association.name in header
    assert 'src="/static/brand/mark.svg"' in header


def test_header_names_the_staff_members_association_and_nobody_elses(client):
    mine = AssociationFactory(name="Mine Alliance")
    AssociationFactory(name="Another Alliance")
    client.force_login(staff(mine, Role.COORDINATOR))

    header = _header(client.get(reverse("profile")).content.decode())

    assert "Mine Alliance" in header
    assert "Another Alliance" not in header


def test_header_of_a_visitor_or_a_person_without_association_names_only_the_portal(client):
    assert "site-logo__association" not in _header(client.get(reverse("home")).content.decode())
    client.force_login(UserFactory())
    assert "site-logo__association" not in _header(client.get(reverse("profile")).content.decode())


def test_the_header_costs_one_query_however_many_applications(client):
    person = UserFactory()
    client.force_login(person)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("profile"))
        return len(ctx.captured_queries)

    ApplicationFactory(applicant=person)
    one = queries()
    for code in ("TEST-A", "TEST-B", "TEST-C"):
        ApplicationFactory(applicant=person, association=AssociationFactory(code=code))
    assert queries() == one


def test_menu_links_stay_in_the_page_and_the_current_one_is_marked(client):
    client.force_login(UserFactory())

    body = client.get(reverse("dashboard")).content.decode()

    nav = body.split('<nav aria-label="Main" class="usa-nav">', 1)[1].split("</nav>", 1)[0]
    assert 'class="usa-menu-btn"' in body  # opens the drawer on a phone, with JavaScript
    assert f'href="{reverse("dashboard")}" aria-current="page"' in nav
    for name in ("Dashboard", "Profile", "Two-step sign-in", "Sign out"):
        assert name in nav
    # Without JavaScript the stylesheet keeps the links on the page: the class that hides
    # them behind the button is set by a script file, never in the HTML.
    assert "has-js" not in body.split("<body", 1)[0].split("<html", 1)[1].split(">", 1)[0]
    assert '<script src="/static/js/has-js.js"></script>' in body


class _Form(forms.Form):
    name = forms.CharField(label="Name", help_text="As on your degree.")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "Alpha"), ("b", "Beta")])
    pick = forms.ChoiceField(
        label="Pick one", choices=[("x", "Ex"), ("y", "Why")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree")


def test_fields_render_in_uswds_markup_with_help_and_errors_tied_to_them():
    form = _Form(data={"pick": "y"})
    assert not form.is_valid()

    html = render_to_string("includes/form.html", {"form": form})

    assert 'class="errors-summary" role="alert" tabindex="-1"' in html
    assert "usa-alert--error" in html
    assert '<div class="usa-form-group usa-form-group--error">' in html
    assert '<label class="usa-label usa-label--error" for="id_name">Name</label>' in html
    assert '<div class="usa-hint" id="id_name_help">As on your degree.</div>' in html
    assert 'class="usa-input usa-input--error"' in html
    assert 'aria-describedby="id_name_help id_name_error"' in html
    assert 'class="usa-textarea"' in html and 'class="usa-select usa-input--error"' in html
    # Radio buttons: each input followed by its own label, inside a fieldset with a legend.
    assert '<legend class="usa-legend">Pick one</legend>' in html
    assert (
        '<div class="usa-radio"><input type="radio" name="pick" value="y" id="id_pick_1" required'
        ' class="usa-radio__input" checked><label class="usa-radio__label" for="id_pick_1">Why'
        "</label></div>"
    ) in html
    assert '<div class="usa-checkbox"><input type="checkbox" name="agree"' in html
    assert '<label class="usa-checkbox__label" for="id_agree">I agree</label>' in html
