import pytest
from django.urls import reverse

from easy.accounts.enums import Role
from tests.factories.accounts import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_dashboard_needs_sign_in(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_second_factor_are_told_to_set_it_up(client, association):
    client.force_login(staff(association, Role.REVIEWER, mfa=False))

    response = client.get(reverse("dashboard"))

    body = response.content.decode()
    assert "Set up two-step sign-in" in body
    assert f'href="{reverse("mfa_index")}"' in body


def test_association_admin_sees_a_link_to_manage_roles(client, association):
    client.force_login(staff(association, Role.ASSOCIATION_ADMIN))

    response = client.get(reverse("dashboard"))

    body = response.content.decode()
    assert "Association administrator — Wisconsin Alliance for Infant Mental Health" in body
    assert reverse("association_people", args=[association.code]) in body
    assert "Set up two-step sign-in" not in body


def test_new_applicant_is_asked_to_complete_the_profile(client):
    client.force_login(UserFactory(full_name=""))

    response = client.get(reverse("dashboard"))

    assert "Add your full name and mailing address to your profile." in response.content.decode()


def test_second_factor_page_renders_in_the_portal_layout(client):
    client.force_login(UserFactory())

    response = client.get(reverse("mfa_index"))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="usa-skipnav"' in body
    assert "Authenticator App" in body
    assert "Security Keys" in body or "Passkeys" in body
