"""Renewals in the coordinator's reports (renewals/reports.py, through reviews' registry)."""

import datetime as dt

from endorsements.enums import EndorsementStatus
from endorsements.models import Endorsement
from renewals.models import Renewal
from renewals.reports import renewals
from reviews.reports import Scope
from tests.factories.accounts import UserFactory

from .conftest import YEAR, endorse


def test_renewal_figures_of_the_cycle_under_way(association, endorsee):
    lapsed = UserFactory()
    endorse(lapsed, association, "IFS")
    Endorsement.objects.filter(user=lapsed).update(status=EndorsementStatus.LAPSED)
    Renewal.objects.create(
        person=endorsee, association=association, year=YEAR, status="approved", late=True
    )

    table = renewals(Scope(associations=(association,), today=dt.date(YEAR, 11, 20)))

    assert [row[1] for row in table.rows] == [1, 1, 1, 1, 1]
    assert table.title == f"Renewals of {YEAR}"


def test_renewals_section_shows_on_the_reports_page(association, coordinator, client):
    client.force_login(coordinator)

    response = client.get(f"/review/reports/{association.code}/")

    assert "renewals" in [t.key for t in response.context["tables"]]
