import pytest
from django.urls import reverse

from easy.accounts.enums import Role
from easy.accounts.services import grant_role
from easy.audit.models import AuditEvent
from easy.audit.services import history, record
from tests.factories.accounts import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_action_object_reason_and_association(association):
    actor = UserFactory(full_name="Casey Coordinator")

    event = record(actor, "association.checked", association, reason="yearly check", data={"n": 1})

    assert event.actor == actor
    assert event.action == "association.checked"
    assert event.object_id == str(association.pk)
    assert event.association == association
    assert event.reason == "yearly check"
    assert event.data == {"n": 1}
    assert event.who == "Casey Coordinator"


def test_record_without_user_names_the_system(association):
    event = record(None, "nightly.job", association)

    assert event.who == "system"


def test_granting_a_role_is_in_the_associations_history(association):
    admin = staff(association, Role.ASSOCIATION_ADMIN)
    person = UserFactory(email="rev@example.org")

    grant_role(person, association, Role.REVIEWER, actor=admin)
    grant_role(person, association, Role.REVIEWER, actor=admin)  # idempotent: no second row

    events = list(history(association))
    assert [(e.action, e.data["user"], e.data["role"]) for e in events] == [
        ("role.granted", "rev@example.org", "reviewer")
    ]


def test_staff_read_the_history_page_of_their_association(client, association):
    coordinator = staff(association)
    record(coordinator, "association.checked", association, reason="because")
    client.force_login(coordinator)

    response = client.get(
        reverse("object_history", args=["endorsements.association", association.pk])
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "association.checked" in body
    assert "because" in body


def test_staff_of_another_association_get_404_on_history(client, association, other_association):
    record(None, "association.checked", association)
    client.force_login(staff(other_association))

    response = client.get(
        reverse("object_history", args=["endorsements.association", association.pk])
    )

    assert response.status_code == 404
    assert AuditEvent.objects.count() == 1


def test_applicant_gets_404_on_history(client, association):
    record(None, "association.checked", association)
    client.force_login(UserFactory())

    response = client.get(
        reverse("object_history", args=["endorsements.association", association.pk])
    )

    assert response.status_code == 404
