"""Live progress on the endorsee's dashboard: per endorsement, this year's hours against each
renewal requirement, what is missing in a sentence; queries do not grow with the log."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import RSCSession, Training
from renewals.dashboard import renewal_progress_steps
from renewals.queries import progress_for

from .conftest import YEAR, log_year

pytestmark = pytest.mark.django_db


def test_progress_per_endorsement_with_the_missing_items(endorsee):
    log_year(endorsee, training_hours=(6, 3), rsc_hours=6)
    progress = {
        p.endorsement.category_code: p for p in progress_for(endorsee, as_of=dt.date(YEAR, 11, 1))
    }
    ifs = progress["IFS"]
    # Training 9/15, RS/C 6/12, membership met: (0.6 + 0.5 + 1) / 3.
    assert ifs.percent == 70
    assert ifs.missing == (
        "Still missing: 9 of 15 hours of training in 2026; 6 of 12 hours of RS/C in 2026 count."
    )
    assert [(r.code, r.have, r.need) for r in ifs.requirements if r.have is not None] == [
        ("renewal_training_hours", 9, 15),
        ("renewal_rsc_hours", 6, 12),
    ]


def test_progress_reaches_100_when_the_year_is_logged(endorsee):
    log_year(endorsee)
    progress = progress_for(endorsee, as_of=dt.date(YEAR, 11, 1))
    assert [(p.endorsement.category_code, p.percent) for p in progress] == [
        ("IFS", 100),
        ("IMHS", 100),
    ]
    assert progress[0].missing == "Everything this year's renewal needs is in your log."


def test_dashboard_step_text_and_link(endorsee):
    steps = renewal_progress_steps(endorsee, None)
    assert len(steps) == 2
    assert steps[0].text.startswith(f"IFS renewal for {dt.date.today().year}: ")
    assert steps[0].url == reverse("renewals:mine")
    assert steps[0].percent is not None
    assert any(line.startswith("Training this year: ") for line in steps[0].details)


def test_dashboard_page_shows_progress(client, endorsee):
    client.force_login(endorsee)
    html = client.get(reverse("dashboard")).content.decode()
    assert html.count("<progress") == 2
    assert "IMHS renewal for" in html


def test_dashboard_queries_do_not_grow_with_the_log(endorsee, django_assert_num_queries):
    year = dt.date.today().year
    renewal_progress_steps(endorsee, None)  # the rules' catalog and the settings, once
    with CaptureQueriesContext(connection) as small:
        renewal_progress_steps(endorsee, None)
    Training.objects.bulk_create(
        Training(owner=endorsee, date=dt.date(year, 1, 1) + dt.timedelta(days=i % 200),
                 title=f"T{i}", provider="P", hours=Decimal(1))
        for i in range(400)
    )  # fmt: skip
    RSCSession.objects.bulk_create(
        RSCSession(owner=endorsee, date=dt.date(year, 1, 1) + dt.timedelta(days=i % 200),
                   hours=Decimal(1), format="individual", provider_name=f"P{i}",
                   provider_endorsement="IMHS")
        for i in range(400)
    )  # fmt: skip
    assert len(small.captured_queries) == 7
    with django_assert_num_queries(7):
        steps = renewal_progress_steps(endorsee, None)
    assert "Everything this year's renewal needs is in your log." in steps[0].text
