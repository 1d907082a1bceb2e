import pytest
from django.core.cache import cache
from django.urls import reverse

from easy.accounts.enums import Role
from tests.factories.accounts import PASSWORD, UserFactory, staff, totp_code, with_role, with_totp

pytestmark = pytest.mark.django_db


def test_sign_in_by_email_goes_to_dashboard(client):
    user = UserFactory(email="dana@example.org", full_name="Dana Doe")

    response = client.post(
        reverse("account_login"), {"login": "dana@example.org", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Hello, Dana Doe" in response.content.decode()
    assert response.wsgi_request.user == user


def test_wrong_password_keeps_the_address_and_explains(client):
    UserFactory(email="dana@example.org")

    response = client.post(
        reverse("account_login"), {"login": "dana@example.org", "password": "wrong-one"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "The email address and/or password you specified are not correct." in body
    assert 'value="dana@example.org"' in body


def test_repeated_failed_sign_ins_are_rate_limited(client, settings):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/key"}
    UserFactory(email="dana@example.org")
    for _ in range(3):
        client.post(reverse("account_login"), {"login": "dana@example.org", "password": "no"})

    response = client.post(
        reverse("account_login"), {"login": "dana@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_staff_with_authenticator_must_enter_a_code(client, association):
    user = UserFactory(email="cory@example.org")
    with_role(user, association, Role.COORDINATOR)
    secret = with_totp(user)

    response = client.post(
        reverse("account_login"), {"login": "cory@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_django_admin_refuses_superuser_without_second_factor(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_django_admin_opens_for_superuser_with_second_factor(client, association):
    superuser = staff(association, is_superuser=True, is_staff=True)
    client.force_login(superuser)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Endorsement Portal administration" in response.content.decode()


def test_profile_saves_and_reports_missing_name(client):
    user = UserFactory(full_name="Old Name")
    client.force_login(user)

    bad = client.post(reverse("profile"), {"full_name": "  ", "city": "Madison"})
    assert bad.status_code == 200
    assert "Enter your full name." in bad.content.decode()
    assert 'value="Madison"' in bad.content.decode()

    good = client.post(
        reverse("profile"), {"full_name": "New Name", "city": "Madison", "country": "United States"}
    )
    assert good.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.city) == ("New Name", "Madison")


def test_profile_rejects_wrong_method(client):
    client.force_login(UserFactory())

    assert client.delete(reverse("profile")).status_code == 405
