import pytest
from django.urls import reverse

from easy.notifications.enums import EmailStatus
from easy.notifications.models import OutboundEmail
from references import services
from references.dashboard import applicant_steps, coordinator_steps
from references.enums import ReferenceStatus
from tests.factories.references import ReferenceFactory

pytestmark = pytest.mark.django_db


def test_applicant_is_asked_to_invite_then_to_replace(application, reference, applicant):
    url = reverse("references:list", kwargs={"uuid": application.uuid})

    steps = applicant_steps(applicant, None)

    assert [(s.text, s.url, s.urgent) for s in steps] == [
        ("Send the invitations to your IFS reference raters", url, False)
    ]
    invitation = services.invite(reference, actor=applicant)
    services.decline(invitation, reason="No time.")
    steps = applicant_steps(applicant, None)
    assert [(s.text, s.urgent) for s in steps] == [
        (
            "A reference rater for your IFS application cannot be counted: name someone else",
            True,
        )
    ]


def test_coordinator_sees_undelivered_invitations_of_their_association_only(
    application,
    invitation,
    coordinator,
    association,
    other_association,
    django_capture_on_commit_callbacks,
):
    other = ReferenceFactory(application__association=other_association)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(other, actor=other.application.applicant)
    assert OutboundEmail.objects.count() == 2
    OutboundEmail.objects.update(status=EmailStatus.BOUNCED)

    steps = coordinator_steps(coordinator, association)

    assert [(s.text, s.url, s.urgent) for s in steps] == [
        (
            "A reference invitation email could not be delivered",
            reverse("references:staff", kwargs={"uuid": application.uuid}),
            True,
        )
    ]
    assert invitation.reference.status == ReferenceStatus.INVITED
