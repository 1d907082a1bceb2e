import pytest

from easy.accounts.enums import Role
from references import services
from tests.factories.accounts import UserFactory, staff, with_role
from tests.factories.references import ApplicationFactory, ReferenceFactory, load_catalog


@pytest.fixture(autouse=True)
def catalog(db):
    load_catalog()


@pytest.fixture
def application(association):
    return ApplicationFactory(
        association=association, applicant=UserFactory(full_name="Ada Applicant")
    )


@pytest.fixture
def applicant(application):
    return application.applicant


@pytest.fixture
def reference(application):
    return ReferenceFactory(
        application=application, rater_name="Rita Rater", email="rita@agency.example"
    )


@pytest.fixture
def invitation(reference, applicant, django_capture_on_commit_callbacks):
    """An invitation whose email went out (through the task, eagerly)."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(reference, actor=applicant)
    return invitation


@pytest.fixture
def advisor(application, association):
    person = with_role(UserFactory(), association, Role.ADVISOR)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(person, generate_totp_secret())
    application.advisor = person
    application.save(update_fields=["advisor"])
    return person


@pytest.fixture
def other_coordinator(other_association):
    return staff(other_association)
