"""Naming and removing a reference rater (``references/services/nominations.py``), also as the
applicant's workspace asks it (the row writer the references app registers)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from applications import services as application_services
from easy.audit.models import AuditEvent
from easy.notifications.models import OutboundEmail
from references import services
from references.enums import ReferenceStatus
from references.models import Invitation, Reference
from references.services.workflow import REDACTED_EMAIL
from tests.factories.references import ReferenceFactory

pytestmark = pytest.mark.django_db

R = ReferenceStatus


def new_rater(name="Dana") -> Reference:
    return Reference(rater_name=name, email=f"{name.lower()}@example.org", relationship="colleague")


def test_a_fourth_reference_is_refused_until_one_is_removed(application):
    first, *_ = [ReferenceFactory(application=application) for _ in range(3)]

    with pytest.raises(services.ReferenceWorkflowError):
        services.nominate(application, new_rater(), actor=None)
    first.status = R.INVITED
    first.save()
    services.remove(first, actor=None)
    services.nominate(application, new_rater(), actor=None)

    statuses = sorted(application.references.values_list("status", flat=True))
    assert statuses == ["nominated", "nominated", "nominated", "replaced"]


def test_removing_a_rater_not_invited_deletes_the_nomination(application, applicant):
    reference = services.nominate(application, new_rater(), actor=applicant)

    services.remove(reference, actor=applicant)

    assert not Reference.objects.filter(pk=reference.pk).exists()
    assert list(
        AuditEvent.objects.filter(object_id=str(application.uuid))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["application.reference_nominated", "application.reference_removed"]


def test_removing_an_invited_rater_from_a_stale_copy_goes_through_the_workflow(
    client, application, applicant, reference, django_capture_on_commit_callbacks
):
    stale = Reference.objects.get(pk=reference.pk)  # the page was shown while "nominated"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(reference, actor=applicant)
    token = re.search(r"/references/r/([A-Za-z0-9_-]+)/", mail.outbox[0].body).group(1)
    assert stale.status == R.NOMINATED

    services.remove(stale, actor=applicant)

    # Decided on the locked row: the invited rater is kept as "replaced", not deleted.
    reference.refresh_from_db()
    assert reference.status == R.REPLACED
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert invitation.withdrawn_at is not None
    # The stored invitation email lost its text (the link in it no longer opens anything).
    email = OutboundEmail.objects.get(reference_link__invitation=invitation)
    assert (email.body_text, email.body_html) == (REDACTED_EMAIL, "")
    changed = AuditEvent.objects.get(action="reference.status_changed", data__to=R.REPLACED)
    assert (changed.data["from"], changed.reason) == (R.INVITED, "removed by the applicant")
    assert AuditEvent.objects.filter(action="application.reference_removed").count() == 1
    # The rater's link is dead.
    page = client.get(reverse("references:rate", kwargs={"token": token}))
    assert page.status_code == 410
    assert "Your rating is no longer needed" in page.content.decode()


def test_the_workspace_removes_an_invited_rater_through_the_references_workflow(
    client, application, applicant, invitation
):
    client.force_login(applicant)

    response = client.post(
        reverse(
            "applications:delete_row",
            kwargs={
                "uuid": application.uuid,
                "kind": "reference",
                "row": invitation.reference.uuid,
            },
        )
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert Reference.objects.get(pk=invitation.reference_id).status == R.REPLACED


def test_the_workspace_hands_reference_rows_to_the_references_app():
    writer = application_services.ROW_WRITERS[Reference]

    assert (writer.save, writer.delete) == (services.nominate, services.remove)
