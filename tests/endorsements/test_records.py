"""Status changes of granted endorsements (one transition), revocation by a coordinator, and
transfers between associations."""

import datetime as dt

import pytest
from django.core import mail

from easy.accounts.enums import Role
from easy.audit.models import AuditEvent
from endorsements.enums import ENDORSEMENT_TRANSITIONS, EndorsementStatus
from endorsements.models import Endorsement, Transfer
from endorsements.services import (
    EndorsementError,
    decide_transfer,
    renew_endorsement,
    request_transfer,
    revoke,
    transition,
)
from tests.endorsements.records import endorsement
from tests.factories.accounts import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_every_status_has_its_allowed_moves():
    assert set(ENDORSEMENT_TRANSITIONS) == set(EndorsementStatus.values)
    assert ENDORSEMENT_TRANSITIONS[EndorsementStatus.REVOKED] == frozenset()


def test_transition_saves_the_status_the_day_and_an_audit_row(association, coordinator):
    held = endorsement(association)

    transition(held, "lapsed", actor=coordinator, reason="No renewal", on=dt.date(2027, 2, 1))

    held.refresh_from_db()
    assert (held.status, held.status_changed_on) == ("lapsed", dt.date(2027, 2, 1))
    event = AuditEvent.objects.get(action="endorsement.lapsed")
    assert (event.actor, event.reason, event.data) == (
        coordinator,
        "No renewal",
        {"from": "current", "to": "lapsed"},
    )
    assert event.association == association


def test_transition_refuses_a_move_not_in_the_map(association, coordinator):
    held = endorsement(association)
    revoke(held, actor=coordinator, reason="Ethics committee decision.")

    with pytest.raises(EndorsementError):
        transition(held, "current", actor=coordinator)
    assert Endorsement.objects.get(pk=held.pk).status == "revoked"


def test_revocation_needs_a_written_reason(association, coordinator):
    held = endorsement(association)

    with pytest.raises(EndorsementError):
        revoke(held, actor=coordinator, reason="   ")

    assert Endorsement.objects.get(pk=held.pk).status == "current"


def test_revocation_tells_the_holder_with_the_reason(
    association, coordinator, django_capture_on_commit_callbacks
):
    association.contact_email = "endorsement@wi-aimh.example.org"
    association.save()
    held = endorsement(association)

    with django_capture_on_commit_callbacks(execute=True):
        revoke(held, actor=coordinator, reason="Ethics committee decision of 2 June 2026.")

    [email] = [m for m in mail.outbox if "revoked" in m.subject]
    assert email.to == ["jane@example.org"]
    assert email.subject == "Your IFS endorsement WI-IFS-000123 has been revoked"
    assert "Ethics committee decision of 2 June 2026." in email.body
    assert "Ethics committee decision of 2 June 2026." in email.alternatives[0][0]
    assert email.reply_to == ["endorsement@wi-aimh.example.org"]


def test_renewal_brings_a_lapsed_endorsement_back(association, coordinator):
    held = endorsement(association)
    transition(held, "lapsed", actor=coordinator)

    renew_endorsement(held, actor=coordinator, renews_on=dt.date(2027, 12, 31))

    held.refresh_from_db()
    assert (held.status, held.renews_on) == ("current", dt.date(2027, 12, 31))
    actions = list(
        AuditEvent.objects.filter(object_id=str(held.uuid))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == ["endorsement.lapsed", "endorsement.renewed", "endorsement.reinstated"]


# --- The revocation page ----------------------------------------------------------------------


def revoke_url(held) -> str:
    return f"/catalog/staff/{held.association.code}/endorsees/{held.uuid}/revoke/"


def test_coordinator_revokes_from_the_page(client, association, coordinator):
    held = endorsement(association)
    client.force_login(coordinator)

    response = client.post(revoke_url(held), {"reason": "Ethics committee decision."})

    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.revocation_reason) == ("revoked", "Ethics committee decision.")


def test_revocation_page_for_a_stranger_is_not_found(client, association, other_association):
    held = endorsement(association)
    client.force_login(staff(other_association))

    assert client.get(revoke_url(held)).status_code == 404


def test_reviewer_of_the_association_may_not_revoke(client, association):
    held = endorsement(association)
    client.force_login(staff(association, Role.REVIEWER))

    response = client.post(revoke_url(held), {"reason": "Ethics committee decision."})

    assert response.status_code == 403
    assert Endorsement.objects.get(pk=held.pk).status == "current"


def test_revocation_page_refuses_other_methods(client, association, coordinator):
    held = endorsement(association)
    client.force_login(coordinator)

    assert client.put(revoke_url(held)).status_code == 405


# --- Transfers --------------------------------------------------------------------------------


def test_transfer_moves_the_record_and_keeps_the_number(
    association, other_association, coordinator
):
    held = endorsement(association)
    receiving = staff(other_association)
    transfer = request_transfer(held, other_association, actor=held.user, note="Moving")

    decide_transfer(transfer, accept=True, actor=receiving)

    held.refresh_from_db()
    assert (held.association, held.number) == (other_association, "WI-IFS-000123")
    assert Transfer.objects.get().status == "accepted"
    moved = AuditEvent.objects.filter(action="endorsement.transferred")
    assert sorted(e.association.code for e in moved) == ["WA-AIMH", "WI-AIMH"]
    requested = AuditEvent.objects.filter(action="endorsement.transfer_requested")
    assert sorted(e.association.code for e in requested) == ["WA-AIMH", "WI-AIMH"]
    # The history stays with the record, whoever holds it now.
    assert AuditEvent.objects.filter(
        object_id=str(held.uuid), action="endorsement.imported"
    ).exists()


def test_numbers_are_not_reused_after_a_record_moves_away(association, other_association):
    from endorsements.services import next_sequence

    held = endorsement(association)
    transfer = request_transfer(held, other_association, actor=held.user)
    decide_transfer(transfer, accept=True, actor=staff(other_association))
    association.refresh_from_db()

    assert next_sequence(association) == 124


def test_declined_transfer_leaves_the_record(
    association, other_association, django_capture_on_commit_callbacks
):
    held = endorsement(association)
    transfer = request_transfer(held, other_association, actor=held.user)

    with django_capture_on_commit_callbacks(execute=True):
        decide_transfer(transfer, accept=False, actor=staff(other_association), reason="Not here")

    held.refresh_from_db()
    assert held.association == association
    [email] = [m for m in mail.outbox if "declined" in m.subject]
    assert email.subject == (
        "Washington Association for Infant Mental Health declined the transfer of WI-IFS-000123"
    )


def test_only_one_open_transfer_and_not_to_the_same_association(association, other_association):
    held = endorsement(association)
    request_transfer(held, other_association, actor=held.user)

    with pytest.raises(EndorsementError):
        request_transfer(held, other_association, actor=held.user)
    with pytest.raises(EndorsementError):
        request_transfer(held, association, actor=held.user)


def test_holder_requests_and_receiving_coordinator_accepts_through_the_pages(
    client, association, other_association, django_capture_on_commit_callbacks
):
    other_association.contact_email = "wa@example.org"
    other_association.save()
    held = endorsement(association)
    client.force_login(held.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/catalog/mine/{held.uuid}/transfer/",
            {"to_association": other_association.pk, "note": "New job in Seattle"},
        )
    transfer = Transfer.objects.get()
    [asked] = [m for m in mail.outbox if m.to == ["wa@example.org"]]
    assert (
        asked.subject
        == "Transfer request: WI-IFS-000123 from Wisconsin Alliance for Infant Mental Health"
    )

    client.force_login(staff(other_association))
    response = client.post(
        f"/catalog/staff/{other_association.code}/transfers/",
        {"transfer": str(transfer.uuid), "accept": "yes"},
    )

    assert response.status_code == 302
    held.refresh_from_db()
    assert held.association == other_association


def test_sending_association_cannot_decide_a_transfer(client, association, other_association):
    held = endorsement(association)
    transfer = request_transfer(held, other_association, actor=held.user)
    client.force_login(staff(association))

    response = client.post(
        f"/catalog/staff/{association.code}/transfers/",
        {"transfer": str(transfer.uuid), "accept": "yes"},
    )

    assert response.status_code == 404
    assert Transfer.objects.get().status == "requested"


def test_someone_else_cannot_ask_to_transfer_my_endorsement(client, association, other_association):
    held = endorsement(association)
    client.force_login(UserFactory())

    response = client.post(
        f"/catalog/mine/{held.uuid}/transfer/", {"to_association": other_association.pk}
    )

    assert response.status_code == 404
    assert not Transfer.objects.exists()
