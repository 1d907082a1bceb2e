"""``Reference`` moved from ``applications`` to ``references`` without moving data: a database
migrated before the move keeps every rater, their invitation and their audit history."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from references.models import Invitation, Reference
from tests.factories.accounts import UserFactory

TAKEN_OVER = ("references", "0002_reference_moved_here")
LET_GO = ("applications", "0008_reference_moved_to_references")


@pytest.fixture
def back_to_latest():
    """Whatever happens, leave the schema fully migrated for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _parents(executor, key):
    return [p.key for p in executor.loader.graph.node_map[key].parents if p.key[0] == key[0]]


@pytest.mark.django_db(transaction=True)
def test_a_reference_saved_before_the_move_is_read_after_it(back_to_latest, association):
    applicant_id = UserFactory(email="ada@example.org").pk
    executor = MigrationExecutor(connection)
    before = _parents(executor, LET_GO) + _parents(executor, TAKEN_OVER)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    Association = old.get_model("endorsements", "Association")
    Category = old.get_model("endorsements", "Category")
    Application = old.get_model("applications", "Application")
    OldReference = old.get_model("applications", "Reference")
    OldInvitation = old.get_model("references", "Invitation")
    OldContentType = old.get_model("contenttypes", "ContentType")
    application = Application.objects.create(
        applicant=User.objects.get(pk=applicant_id),
        association=Association.objects.get(pk=association.pk),
        category=Category.objects.get(code="IFS"),
    )
    old_reference = OldReference.objects.create(
        application=application,
        rater_name="Morgan Supervisor",
        email="morgan@example.org",
        relationship="current_supervisor",
        status="invited",
    )
    invitation = OldInvitation.objects.create(
        reference=old_reference,
        invited_at="2026-11-02T10:00:00Z",
        invited_on="2026-11-02",
        deadline="2026-11-30",
    )
    content_type = OldContentType.objects.get_or_create(app_label="applications", model="reference")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    reference = Reference.objects.get(pk=old_reference.pk)
    assert reference.rater_name == "Morgan Supervisor"
    assert reference.status == "invited"
    assert reference.application_id == application.pk
    assert Invitation.objects.get(pk=invitation.pk).reference == reference
    # The audit rows of existing references still point to the model's content type.
    assert ContentType.objects.get_for_model(Reference).pk == content_type[0].pk
    assert not ContentType.objects.filter(app_label="applications", model="reference").exists()
