import pytest
from django.core.management import call_command

from easy.accounts.enums import Role
from tests.factories.accounts import UserFactory, staff
from tests.factories.applications import ApplicationFactory


@pytest.fixture
def catalog(db):
    """The catalog of fixtures/catalog (associations, categories, areas, periods, fees)."""
    call_command("load_catalog", verbosity=0)


@pytest.fixture
def application(catalog, association):
    return ApplicationFactory(association=association, applicant=UserFactory(full_name="Ada Applicant"))


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
