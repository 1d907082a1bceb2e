"""Fixtures shared by the whole suite.

`EASY_REQUIRE_ALL_TESTS=1` (set by .ci/run) turns a skipped browser or service test into a
failure: CI must prove those paths, not pass around them.
"""

import os

import pytest

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
