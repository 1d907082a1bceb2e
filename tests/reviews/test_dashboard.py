"""The coordinator's dashboard steps of the review (``reviews/dashboard.py``)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus as S
from reviews.dashboard import coordinator_steps
from tests.factories.applications import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_submitted_applications_lead_straight_to_the_oldest_ones_screen(
    client, association, coordinator
):
    now = timezone.now()
    newer = ApplicationFactory(association=association, status=S.SUBMITTED, submitted_at=now)
    oldest = ApplicationFactory(
        association=association, status=S.SUBMITTED, submitted_at=now - dt.timedelta(days=9)
    )
    ApplicationFactory(association=association, status=S.IN_PROGRESS)

    steps = coordinator_steps(coordinator, association)

    screen = reverse("reviews:application", kwargs={"uuid": oldest.uuid})
    check = steps[0]
    assert (check.text, check.url, check.urgent) == (
        "2 submitted application(s) to check",
        screen,
        True,
    )
    assert newer.uuid != oldest.uuid
    # The screen holds the completeness check's actions and the applicant's portal's own.
    client.force_login(coordinator)
    page = client.get(screen).content.decode()
    for action in (
        reverse("reviews:accept", kwargs={"uuid": oldest.uuid}),
        reverse("reviews:return", kwargs={"uuid": oldest.uuid}),
        reverse("applications:assign_advisor", kwargs={"uuid": oldest.uuid}),
    ):
        assert f'action="{action}"' in page
    assert "Approve registration" not in page  # approved long ago


def test_no_step_without_submitted_applications(association, coordinator):
    ApplicationFactory(association=association, status=S.IN_PROGRESS)

    texts = [s.text for s in coordinator_steps(coordinator, association)]

    assert not any("to check" in t for t in texts)
