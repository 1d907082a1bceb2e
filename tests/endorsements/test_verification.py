"""Public verification by number: HTML, JSON, search, noindex and the rate limit."""

import datetime as dt

import pytest
from django.core.cache import cache

from endorsements.models import RegistryListing
from endorsements.services import revoke, transition
from tests.endorsements.records import endorsement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_verify_page_shows_standing_and_dates_and_nothing_private(client, association):
    held = endorsement(association)

    response = client.get("/verify/WI-IFS-000123/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Jane Marie Doe" in html
    assert 'data-status="current">Current<' in html
    assert "Infant Family Specialist (IFS)" in html
    assert "Wisconsin Alliance for Infant Mental Health" in html
    assert '<time datetime="2026-05-04">' in html
    assert '<time datetime="2026-12-31">' in html
    assert held.user.email not in html


def test_verify_json_gives_the_same_facts(client, association):
    endorsement(association)

    response = client.get("/verify/WI-IFS-000123.json")

    payload = response.json()
    [facts] = payload["endorsements"]
    assert facts["status"] == "current"
    assert facts["holder"] == "Jane Marie Doe"
    assert facts["category"] == {"code": "IFS", "name": "Infant Family Specialist"}
    assert facts["association"] == {
        "code": "WI-AIMH",
        "name": "Wisconsin Alliance for Infant Mental Health",
    }
    assert (facts["granted_on"], facts["valid_until"]) == ("2026-05-04", "2026-12-31")
    assert "jane@example.org" not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("status", ["lapsed", "archived", "inactive"])
def test_verify_shows_a_status_that_is_not_current(client, association, coordinator, status):
    held = endorsement(association)
    transition(held, status, actor=coordinator, on=dt.date(2027, 1, 15))

    facts = client.get("/verify/WI-IFS-000123.json").json()["endorsements"][0]

    assert (facts["status"], facts["status_changed_on"]) == (status, "2027-01-15")


def test_verify_shows_revoked_without_the_reason(client, association, coordinator):
    held = endorsement(association)
    revoke(held, actor=coordinator, reason="Confidential ethics finding.")

    html = client.get("/verify/WI-IFS-000123/").content.decode()

    assert 'data-status="revoked">Revoked<' in html
    assert "Confidential ethics finding" not in html


def test_verify_reads_expired_once_the_valid_until_date_passed(client, association):
    endorsement(association, renews_on=dt.date(2020, 12, 31), granted_on=dt.date(2019, 5, 1))

    facts = client.get("/verify/WI-IFS-000123.json").json()["endorsements"][0]

    assert facts["status"] == "expired"


def test_unknown_number_is_not_found(client, association):
    assert client.get("/verify/WI-IFS-999999/").status_code == 404
    assert client.get("/verify/WI-IFS-999999.json").status_code == 404


def test_search_by_number_and_surname(client, association):
    endorsement(association)

    found = client.get("/verify/", {"number": "wi-ifs-000123", "surname": "doe"})
    wrong = client.get("/verify/", {"number": "WI-IFS-000123", "surname": "Smith"})

    assert 'data-status="current"' in found.content.decode()
    assert "No endorsement matches this number and surname." in wrong.content.decode()
    assert "Jane" not in wrong.content.decode()


def test_pages_are_not_indexed_unless_the_holder_joined_the_registry(client, association):
    held = endorsement(association)
    hidden = client.get("/verify/WI-IFS-000123/")
    RegistryListing.objects.create(user=held.user, listed=True, state="Wisconsin")

    listed = client.get("/verify/WI-IFS-000123/")

    assert hidden["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in hidden.content.decode()
    assert "X-Robots-Tag" not in listed
    assert 'name="robots"' not in listed.content.decode()


def test_verification_is_rate_limited_per_address(client, association, settings):
    settings.PUBLIC_RATE_LIMIT = (3, 60)
    endorsement(association)

    codes = [client.get("/verify/WI-IFS-000123.json").status_code for _ in range(4)]
    other = client.get("/verify/WI-IFS-000123.json", REMOTE_ADDR="10.0.0.9")

    assert codes == [200, 200, 200, 429]
    assert other.status_code == 200


def test_verify_refuses_other_methods(client, association):
    endorsement(association)

    assert client.post("/verify/WI-IFS-000123/").status_code == 405
