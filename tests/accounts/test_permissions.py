import pytest
from django.urls import reverse

from easy.accounts.enums import Role
from tests.factories.accounts import PASSWORD, UserFactory, staff


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
