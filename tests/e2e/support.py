"""Steps shared by browser journeys."""

from tests.factories.accounts import PASSWORD, totp_code


def sign_in(page, email: str, *, password: str = PASSWORD, totp_secret: str | None = None):
    """Sign in through the form (and the second-factor step when ``totp_secret`` is given)."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()
    if totp_secret:
        page.get_by_label("Code", exact=True).fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("heading", name="Hello,", exact=False).first.wait_for()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
