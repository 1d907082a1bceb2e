import pytest

from easy.accounts.enums import Role
from tests.e2e.support import sign_in
from tests.factories.accounts import UserFactory, with_role, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_signs_in_with_an_authenticator_code_and_opens_staff_page(page, association):
    admin = with_role(
        UserFactory(email="ada@example.org", full_name="Ada Admin"),
        association,
        Role.ASSOCIATION_ADMIN,
    )
    secret = with_totp(admin)

    sign_in(page, "ada@example.org", totp_secret=secret)
    page.get_by_role("link", name="Manage who holds which role").click()

    page.get_by_role("heading", name=f"People at {association.name}").wait_for()
    page.get_by_label("Email address of the person").fill("nobody@example.org")
    page.get_by_role("button", name="Grant role").click()
    error = page.locator("#id_email_error")
    assert error.inner_text() == "No account uses this address. Ask the person to sign up first."
    assert (
        page.get_by_label("Email address of the person").get_attribute("aria-describedby")
        == "id_email_error"
    )
