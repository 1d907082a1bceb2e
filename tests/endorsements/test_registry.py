"""The public registry: opt-in only, current endorsements only, searchable, paginated."""

import pytest
from django.core.cache import cache

from endorsements.models import RegistryListing
from endorsements.services import revoke, transition
from tests.endorsements.records import category, endorsement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def listed(held, **fields):
    values = {"listed": True, "city": "Madison", "state": "Wisconsin", **fields}
    return RegistryListing.objects.create(user=held.user, **values)


def names(client, **params) -> list[str]:
    payload = client.get("/registry/", {"format": "json", **params}).json()
    return [p["name"] for p in payload["people"]]


def test_a_person_who_did_not_opt_in_never_appears(client, association):
    held = endorsement(association)
    RegistryListing.objects.create(user=held.user, listed=False, state="Wisconsin")
    listed(endorsement(association, name="Ann Listed", email="ann@e.org", number="WI-IFS-000124"))

    html = client.get("/registry/").content.decode()

    assert names(client) == ["Ann Listed"]
    assert "Ann Listed" in html
    assert "Jane Marie Doe" not in html


def test_registry_shows_the_chosen_facts(client, association):
    held = endorsement(association)
    listed(held, employer="Family Center", languages="English, Spanish", provides_rsc=True)

    [person] = client.get("/registry/", {"format": "json"}).json()["people"]

    assert person == {
        "name": "Jane Marie Doe",
        "endorsements": [
            {
                "number": "WI-IFS-000123",
                "category": "IFS",
                "association": "Wisconsin Alliance for Infant Mental Health",
                "valid_until": "2026-12-31",
            }
        ],
        "city": "Madison",
        "state": "Wisconsin",
        "employer": "Family Center",
        "languages": ["English", "Spanish"],
        "provides_rsc": True,
    }


@pytest.mark.parametrize("how", ["lapsed", "revoked"])
def test_lapsed_or_revoked_leave_the_registry_at_once(client, association, coordinator, how):
    held = endorsement(association)
    listed(held)
    assert names(client) == ["Jane Marie Doe"]

    if how == "revoked":
        revoke(held, actor=coordinator, reason="Ethics committee decision.")
    else:
        transition(held, "lapsed", actor=coordinator)

    assert names(client) == []
    assert "Jane Marie Doe" not in client.get("/registry/").content.decode()


def test_registry_search_filters(client, association, other_association):
    category("IMHS", "Infant Mental Health Specialist")
    a = endorsement(association)
    listed(a, languages="English, Spanish", provides_rsc=True)
    b = endorsement(
        other_association,
        name="Bo Reyes",
        email="bo@example.org",
        number="WA-IMHS-000001",
        code="IMHS",
    )
    listed(b, city="Seattle", state="Washington", languages="English")

    assert names(client, name="jane doe") == ["Jane Marie Doe"]
    assert names(client, category="IMHS") == ["Bo Reyes"]
    assert names(client, association="WA-AIMH") == ["Bo Reyes"]
    assert names(client, place="seattle") == ["Bo Reyes"]
    assert names(client, place="Wisconsin") == ["Jane Marie Doe"]
    assert names(client, language="spanish") == ["Jane Marie Doe"]
    assert names(client, provides_rsc="1") == ["Jane Marie Doe"]
    assert names(client) == ["Bo Reyes", "Jane Marie Doe"]


def test_registry_is_paginated(client, association):
    for i in range(30):
        held = endorsement(
            association, name=f"Person {i:02d}", email=f"p{i}@example.org", number=f"WI-IFS-{i:06d}"
        )
        listed(held)

    first = client.get("/registry/", {"format": "json"}).json()
    second = client.get("/registry/", {"format": "json", "page": 2}).json()
    html = client.get("/registry/").content.decode()

    assert (first["count"], first["pages"], len(first["people"])) == (30, 2, 25)
    assert [p["name"] for p in second["people"]] == [f"Person {i:02d}" for i in range(25, 30)]
    assert 'rel="next"' in html
    assert "Page 1 of 2" in html


def test_registry_query_count_does_not_grow(client, association, django_assert_num_queries):
    listed(endorsement(association))
    with django_assert_num_queries(3):  # count, page, their current endorsements
        client.get("/registry/", {"format": "json"})
    for i in range(10):
        listed(endorsement(association, name=f"P {i}", email=f"q{i}@e.org", number=f"WI-X-{i}"))

    with django_assert_num_queries(3):
        client.get("/registry/", {"format": "json"})


def test_holder_joins_and_leaves_from_their_settings(client, association):
    held = endorsement(association)
    client.force_login(held.user)

    client.post(
        "/catalog/mine/registry/",
        {"listed": "on", "city": "Madison", "state": "Wisconsin", "languages": "English"},
    )
    joined = names(client)
    client.post("/catalog/mine/registry/", {"city": "Madison", "state": "Wisconsin"})

    assert joined == ["Jane Marie Doe"]
    assert names(client) == []
    assert RegistryListing.objects.get(user=held.user).listed is False


def test_registry_settings_need_a_place_to_be_listed(client, association):
    held = endorsement(association)
    client.force_login(held.user)

    response = client.post("/catalog/mine/registry/", {"listed": "on"})

    assert "Give at least your city or state" in response.content.decode()
    assert not RegistryListing.objects.filter(user=held.user).exists()
