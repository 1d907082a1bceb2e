import pytest
from django.core.management import call_command

from endorsements.rules import clear_cache


@pytest.fixture(autouse=True)
def _fresh_ruleset():
    """Each test loads the rules it sees (a rolled-back test must not leave its copy behind)."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def catalog(db):
    call_command("load_catalog", verbosity=0)


@pytest.fixture(scope="session")
def rules():
    """The rules read straight from the fixture files (no database), for pure logic tests."""
    from endorsements.rules import from_fixtures

    return from_fixtures()
