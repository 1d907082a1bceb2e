import datetime as dt

import pytest

from applications.enums import ApplicationStatus
from easy.audit.models import AuditEvent
from endorsements.models import Endorsement
from endorsements.services import grant_endorsement, renewal_date
from tests.factories.applications import ApplicationFactory

pytestmark = pytest.mark.django_db


def endorsed(association, category: str = "IFS"):
    return ApplicationFactory(
        association=association, category_code=category, status=ApplicationStatus.ENDORSED
    )


def test_grant_endorsement_numbers_run_per_association(association, other_association, coordinator):
    first = endorsed(association)
    second = endorsed(association, "IMHM-R/F")
    elsewhere = endorsed(other_association)

    a = grant_endorsement(first, actor=coordinator, granted_on=dt.date(2026, 5, 4))
    b = grant_endorsement(second, actor=coordinator, granted_on=dt.date(2026, 11, 2))
    c = grant_endorsement(elsewhere, actor=coordinator, granted_on=dt.date(2026, 5, 4))

    assert (a.number, a.sequence, a.renews_on) == ("WI-IFS-000001", 1, dt.date(2026, 12, 31))
    assert (b.number, b.sequence, b.renews_on) == ("WI-IMHM-RF-000002", 2, dt.date(2027, 12, 31))
    assert (c.number, c.sequence) == ("WA-IFS-000001", 1)
    assert (a.user, a.association, a.category_code) == (first.applicant, association, "IFS")
    assert first.endorsement == a


def test_grant_endorsement_twice_returns_the_first_record(association, coordinator):
    application = endorsed(association)
    first = grant_endorsement(application, actor=coordinator, granted_on=dt.date(2026, 5, 4))

    again = grant_endorsement(application, actor=coordinator)

    assert again == first
    assert again.granted_on == dt.date(2026, 5, 4)
    assert Endorsement.objects.count() == 1
    assert AuditEvent.objects.filter(action="endorsement.granted").count() == 1


def test_grant_endorsement_records_who_granted_it(association, coordinator):
    application = endorsed(association)

    endorsement = grant_endorsement(application, actor=coordinator, granted_on=dt.date(2026, 9, 30))

    event = AuditEvent.objects.get(action="endorsement.granted")
    assert event.actor == coordinator
    assert event.object_id == str(endorsement.uuid)
    assert event.data == {
        "number": "WI-IFS-000001",
        "category": "IFS",
        "application": str(application.uuid),
        "renews_on": "2026-12-31",
    }


@pytest.mark.parametrize(
    ("granted_on", "renews_on"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2026, 9, 30), dt.date(2026, 12, 31)),
        (dt.date(2026, 10, 1), dt.date(2027, 12, 31)),
        (dt.date(2026, 12, 31), dt.date(2027, 12, 31)),
    ],
)
def test_renewal_date_skips_the_current_renewal_season(granted_on, renews_on):
    assert renewal_date(granted_on) == renews_on


def test_endorsee_dashboard_shows_number_renewal_date_and_decision_link(
    client, association, coordinator
):
    application = endorsed(association)
    grant_endorsement(application, actor=coordinator, granted_on=dt.date(2026, 5, 4))
    client.force_login(application.applicant)

    response = client.get("/dashboard/")

    body = response.content.decode()
    assert "You hold the IFS endorsement, number WI-IFS-000001; renew by 31 December 2026" in body
    assert f'href="/review/decision/{application.uuid}/"' in body
