"""Who may act on a renewal, a reinstatement and one's own endorsements: the predicates in
``renewals.permissions`` that the pages ask."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from endorsements.enums import EndorsementStatus
from renewals import permissions, services
from renewals.enums import ReinstatementStatus

from .conftest import IN_WINDOW, YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def lapsed(endorsee):
    services.lapse_unrenewed(as_of=dt.date(YEAR + 1, 2, 1))
    held = endorsee.endorsements.get(category_code="IMHS")
    assert held.status == EndorsementStatus.LAPSED
    return held


def test_only_the_holder_reaches_their_endorsement_to_archive_pause_or_reinstate(
    client, endorsee, coordinator, other_person
):
    held = endorsee.endorsements.get(category_code="IFS")

    assert permissions.get_held_endorsement(endorsee, held.uuid) == held
    for stranger in (coordinator, other_person):
        with pytest.raises(Http404):
            permissions.get_held_endorsement(stranger, held.uuid)

    client.force_login(other_person)
    for name in ("archive", "inactive", "reinstate"):
        assert (
            client.post(reverse(f"renewals:{name}", kwargs={"uuid": held.uuid})).status_code == 404
        )
    held.refresh_from_db()
    assert held.status == EndorsementStatus.CURRENT


def test_the_endorsee_pays_a_reinstatement_until_they_submit_and_the_coordinator_decides(
    client, lapsed, endorsee, coordinator, other_person
):
    found = services.request_reinstatement(lapsed, actor=endorsee)
    pay = reverse("renewals:reinstatement_pay", kwargs={"uuid": found.uuid})

    assert permissions.can_pay_reinstatement(endorsee, found)
    assert permissions.can_submit_reinstatement(endorsee, found)
    assert not permissions.can_decide_reinstatement(endorsee, found)
    assert not permissions.can_pay_reinstatement(coordinator, found)
    assert not permissions.can_submit_reinstatement(coordinator, found)

    found.status = ReinstatementStatus.SUBMITTED  # as the service leaves it (not saved)
    assert not permissions.can_pay_reinstatement(endorsee, found)

    client.force_login(coordinator)
    assert client.post(pay).status_code == 403
    client.force_login(other_person)
    assert client.post(pay).status_code == 404


def test_a_renewal_is_its_endorsees_and_the_frozen_copy_is_not_for_them(
    endorsee, coordinator, association
):
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)

    assert permissions.owns_renewal(endorsee, renewal)
    assert not permissions.owns_renewal(coordinator, renewal)
    assert not permissions.can_read_snapshot(endorsee, renewal)
