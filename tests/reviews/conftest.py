import pytest

from tests.factories.accounts import UserFactory
from tests.factories.reviews import load_catalog, reviewer, submitted_application


@pytest.fixture
def catalog(db):
    load_catalog()


@pytest.fixture
def application(catalog, association):
    return submitted_application(
        association, applicant=UserFactory(full_name="Ada Applicant", email="ada@example.org")
    )


@pytest.fixture
def reviewers(catalog, association):
    """Two reviewers endorsed IMHS (above IFS) and one IFA (below)."""
    return {
        "rosa": reviewer(association, "IMHS", full_name="Rosa Reviewer", employer="North Clinic"),
        "sam": reviewer(association, "IMHM-C", full_name="Sam Second", employer="South Clinic"),
        "tess": reviewer(association, "IMHS", full_name="Tess Third", employer="East Clinic"),
        "ivy": reviewer(association, "IFA", full_name="Ivy Associate", employer="West Clinic"),
    }
