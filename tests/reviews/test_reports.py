"""The coordinator's reports page: figures, filters, CSV, fixed queries, who may see it."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus as S
from payments.enums import FeeKind, PaymentMethod, PaymentStatus
from payments.models import Payment
from reviews.enums import ReviewStatus
from tests.factories.accounts import UserFactory, staff
from tests.factories.applications import ApplicationFactory
from tests.factories.reviews import assign, reviewer

NOW = timezone.now()


def decided(association, days: int, *, category="IFS", status=S.ENDORSED):
    submitted = NOW - dt.timedelta(days=days + 5)
    return ApplicationFactory(
        association=association,
        category_code=category,
        status=status,
        submitted_at=submitted,
        decided_at=submitted + dt.timedelta(days=days),
    )


def paid(association, kind, cents, *, status=PaymentStatus.PAID):
    return Payment.objects.create(
        association=association,
        payer=UserFactory(),
        fee_kind=kind,
        category_code="IFS",
        description="Fee",
        amount_cents=cents,
        total_cents=cents,
        status=status,
        method=PaymentMethod.CHEQUE,
        paid_at=NOW,
    )


def tables(response) -> dict:
    return {t.key: t for t in response.context["tables"]}


def page(association, **query):
    return reverse("reviews:report", kwargs={"code": association.code}), query


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_pipeline_counts_each_stage(catalog, association, coordinator_client):
    for status, n in [(S.REGISTERED, 1), (S.IN_PROGRESS, 3), (S.RETURNED, 1), (S.SUBMITTED, 2),
                      (S.IN_REVIEW, 2), (S.NOT_ENDORSED, 1), (S.ENDORSED, 4)]:  # fmt: skip
        for _ in range(n):
            ApplicationFactory(association=association, status=status)

    response = coordinator_client.get(*page(association))

    assert tables(response)["pipeline"].rows == [
        ["Registered", 1], ["In progress", 4], ["Submitted", 2], ["In review", 2],
        ["Decided", 1], ["Endorsed", 4],
    ]  # fmt: skip


def test_decision_times_give_median_and_90th_percentile_per_category_and_quarter(
    catalog, association, coordinator_client
):
    for days in (10, 20, 30, 40, 100):
        decided(association, days)
    decided(association, 7, category="IMHS")

    rows = tables(coordinator_client.get(*page(association)))["decision_times"].rows

    quarter = f"{NOW.year} Q{(NOW.month - 1) // 3 + 1}"
    assert rows == [[f"IFS {quarter}", 30.0, 76.0, 5], [f"IMHS {quarter}", 7.0, 7.0, 1]]


def test_long_waits_reviewer_load_and_fees(catalog, association, coordinator_client):
    old = ApplicationFactory(
        association=association, status=S.IN_REVIEW, submitted_at=NOW - dt.timedelta(weeks=10)
    )
    ApplicationFactory(association=association, status=S.SUBMITTED, submitted_at=NOW)
    rosa = reviewer(association, full_name="Rosa Reviewer")
    assign(old, rosa, due_on=timezone.localdate() - dt.timedelta(days=2))
    paid(association, FeeKind.PROCESSING, 5000)
    paid(association, FeeKind.PROCESSING, 20000, status=PaymentStatus.REFUNDED)
    paid(association, FeeKind.REGISTRATION, 2000)

    found = tables(coordinator_client.get(*page(association)))

    assert found["waiting"].rows == [["IFS", 1]]
    assert found["reviewers"].rows == [["Rosa Reviewer", 1, 1]]
    assert found["fees"].rows == [
        ["Registration fee", 20.0, 1, 0.0],
        ["Processing fee", 250.0, 2, 200.0],
    ]


def test_category_filter_narrows_every_section(catalog, association, coordinator_client):
    decided(association, 10)
    decided(association, 12, category="IMHS")

    response = coordinator_client.get(*page(association, category="IMHS"))

    assert tables(response)["pipeline"].rows[-1] == ["Endorsed", 1]
    assert [r[0].split()[0] for r in tables(response)["decision_times"].rows] == ["IMHS"]


def test_bad_date_range_is_refused_at_the_field(catalog, association, coordinator_client):
    response = coordinator_client.get(
        *page(association, date_from="2026-05-01", date_to="2026-04-01")
    )

    assert response.context["tables"] == []
    assert response.context["form"].errors == {
        "date_to": ["The end date must not be before the start date."]
    }


def test_section_csv_lists_the_table(catalog, association, coordinator_client):
    decided(association, 10)

    response = coordinator_client.get(
        reverse("reviews:report_csv", kwargs={"code": association.code, "section": "pipeline"})
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Stage", "Applications"]
    assert rows[-1] == ["Endorsed", "1"]


def test_queries_do_not_grow_with_the_data(catalog, association, coordinator_client):
    url, _ = page(association)
    coordinator_client.get(reverse("dashboard"))
    decided(association, 10)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url)
    rosa = reviewer(association)
    for days in range(30):
        a = decided(association, days + 1, category="IMHS" if days % 2 else "IFS")
        assign(a, rosa, status=ReviewStatus.ASSIGNED)
        paid(association, FeeKind.PROCESSING, 5000)

    # The new applications count afresh, in as many queries as before.
    with CaptureQueriesContext(connection) as many:
        response = coordinator_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["tables"][0].rows[-1][1] == 31  # endorsed
    # Asked again with nothing changed: the figures are kept (no aggregate query).
    with CaptureQueriesContext(connection) as kept:
        coordinator_client.get(url)
    assert not [q for q in kept.captured_queries if "COUNT(" in q["sql"]]


def test_other_associations_and_reviewers_get_404(catalog, association, other_association, client):
    url, _ = page(association)
    for user in (staff(other_association), reviewer(association), UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_alliance_view_is_for_site_administrators(catalog, association, coordinator, client):
    decided(association, 10)
    admin = staff(association, is_superuser=True)
    url = reverse("reviews:alliance_report")
    client.force_login(coordinator)
    assert client.get(url).status_code == 404

    client.force_login(admin)
    response = client.get(url)

    assert response.status_code == 200
    assert tables(response)["pipeline"].rows[-1] == ["Endorsed", 1]
