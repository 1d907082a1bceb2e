from pathlib import Path

import pytest
from django.core.management import call_command

from easy.accounts.enums import Role
from tests.factories.accounts import UserFactory, staff
from tests.factories.applications import ApplicationFactory

CATALOG = [
    "00_associations",
    "10_categories",
    "20_fees",
    "20_offerings",
    "25_competency_areas",
    "40_periods_and_exam_weeks",
]


@pytest.fixture
def catalog(db, settings):
    """The catalog of fixtures/catalog: associations, categories, areas, periods, fees. The
    requirement rules are left out of the database: the rules module then reads the same
    fixture files itself (and caches them), which keeps each test's set-up short."""
    folder = Path(settings.BASE_DIR) / "fixtures" / "catalog"
    call_command("loaddata", *[str(folder / f"{name}.json") for name in CATALOG], verbosity=0)


@pytest.fixture
def application(catalog, association):
    return ApplicationFactory(
        association=association, applicant=UserFactory(full_name="Ada Applicant")
    )


@pytest.fixture
def advisor(application):
    person = staff(application.association, Role.ADVISOR)
    application.advisor = person
    application.save(update_fields=["advisor"])
    return person


@pytest.fixture
def owner_client(client, application):
    client.force_login(application.applicant)
    return client
