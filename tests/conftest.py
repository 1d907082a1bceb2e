"""Fixtures shared by the whole suite.

`EASY_REQUIRE_ALL_TESTS=1` (set by .ci/run) turns a skipped browser or service test into a
failure: CI must prove those paths, not pass around them.
"""

import os

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest
from django.test import Client

from tests.factories.accounts import AssociationFactory, staff

REQUIRE_ALL = os.environ.get("EASY_REQUIRE_ALL_TESTS") == "1"


def skip_or_fail(reason: str) -> None:
    if REQUIRE_ALL:
        pytest.fail(f"required test could not run: {reason}")
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if REQUIRE_ALL and skipped:
        terminalreporter.write_line(
            f"EASY_REQUIRE_ALL_TESTS: {len(skipped)} test(s) were skipped; CI requires them all.",
            red=True,
        )


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if REQUIRE_ALL and reporter is not None and reporter.stats.get("skipped"):
        session.exitstatus = 1


class SignInClient(Client):
    """The test client whose ``force_login`` leaves the session as the portal's sign-in would.

    allauth asks everyone who set up an authenticator for a code at sign-in and records that in
    the session; staff powers depend on that record. So ``force_login`` records a password and a
    second-factor authentication for a user with an authenticator. ``second_factor=False`` gives
    a session that skipped it (for example, one opened before the authenticator was set up).
    """

    def force_login(self, user, backend=None, *, second_factor: bool | None = None):
        super().force_login(user, backend)
        if second_factor is None:
            second_factor = is_mfa_enabled(user)
        if second_factor:
            request = HttpRequest()
            request.session = self.session
            record_authentication(request, user, "password", email=user.email)
            record_authentication(request, user, "mfa", type="totp")
            request.session.save()


@pytest.fixture
def client():
    return SignInClient()


@pytest.fixture
def association(db):
    return AssociationFactory(code="WI-AIMH", name="Wisconsin Alliance for Infant Mental Health")


@pytest.fixture
def other_association(db):
    return AssociationFactory(
        code="WA-AIMH", name="Washington Association for Infant Mental Health"
    )


@pytest.fixture
def coordinator(association):
    return staff(association)
