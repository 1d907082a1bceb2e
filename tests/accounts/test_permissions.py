import pytest
from django.http import Http404
from django.urls import reverse

from easy.accounts.enums import Role
from easy.accounts.permissions import (
    SecondFactorRequired,
    associations_for,
    has_role,
    is_manager,
    mark_session_factor,
    needs_second_factor,
    not_found,
)
from tests.factories.accounts import PASSWORD, UserFactory, staff, with_role


@pytest.mark.django_db
def test_staff_without_second_factor_is_sent_to_set_one_up(client, association):
    coordinator = staff(association, mfa=False)
    client.force_login(coordinator)

    response = client.get(reverse("association_people", args=[association.code]))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


@pytest.mark.django_db
def test_association_admin_with_second_factor_sees_people(client, association):
    admin = staff(association, Role.ASSOCIATION_ADMIN)
    client.force_login(admin)

    response = client.get(reverse("association_people", args=[association.code]))

    assert response.status_code == 200
    assert admin.email in response.content.decode()


@pytest.mark.django_db
def test_admin_of_another_association_gets_404(client, association, other_association):
    admin = staff(other_association, Role.ASSOCIATION_ADMIN)
    client.force_login(admin)

    response = client.get(reverse("association_people", args=[association.code]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_applicant_gets_404_on_staff_pages(client, association):
    applicant = UserFactory()
    assert client.login(email=applicant.email, password=PASSWORD)

    response = client.get(reverse("association_people", args=[association.code]))

    assert response.status_code == 404


# --- Staff powers follow the session, not the account ------------------------------------------


@pytest.mark.django_db
def test_roles_are_dormant_until_the_session_used_a_second_factor(association):
    coordinator = staff(association)

    dormant = (is_manager(coordinator, association), list(associations_for(coordinator)))
    mark_session_factor(coordinator, True)
    active = (is_manager(coordinator, association), list(associations_for(coordinator)))

    assert dormant == (False, [])
    assert active == (True, [association])


@pytest.mark.django_db
def test_superuser_without_second_factor_holds_no_role(association):
    root = UserFactory(is_superuser=True)
    mark_session_factor(root, False)

    assert has_role(root, association, [Role.COORDINATOR]) is False
    assert needs_second_factor(root) is True
    assert isinstance(not_found(root), SecondFactorRequired)


@pytest.mark.django_db
def test_applicant_role_needs_no_second_factor(association):
    person = with_role(UserFactory(), association, Role.APPLICANT)
    mark_session_factor(person, False)

    assert has_role(person, association, [Role.APPLICANT]) is True
    assert needs_second_factor(person) is False
    assert isinstance(not_found(person), Http404)
