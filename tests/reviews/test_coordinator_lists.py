"""The coordinator's list pages at scale: a fixed number of queries with one row or many, and
what is kept between visits (the queue's results, the pool's loads, the reports' figures) is
made again as soon as an application, a rating, a review, a role or a name changes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import services as application_services
from applications.enums import ApplicationStatus
from easy.accounts.enums import Role
from easy.accounts.models import RoleAssignment
from endorsements.models import SubmissionPeriod
from references.enums import ReferenceStatus
from tests.factories.accounts import UserFactory
from tests.factories.applications import ApplicationFactory, ReferenceFactory
from tests.factories.reviews import assign, reviewer

S = ApplicationStatus


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _get(client, url, params=None, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {}, **headers)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def _submitted(association, n, rosa, **fields):
    out = []
    for i in range(n):
        a = ApplicationFactory(
            association=association,
            status=S.IN_REVIEW,
            submitted_at=timezone.now() - dt.timedelta(days=i + 1),
            **fields,
        )
        ReferenceFactory(application=a, status=ReferenceStatus.SUBMITTED)
        assign(a, rosa)
        out.append(a)
    return out


# --- The queue --------------------------------------------------------------------------------


def test_queue_query_count_is_the_same_with_one_row_or_many(
    catalog, association, coordinator_client
):
    queue = reverse("reviews:queue", kwargs={"code": association.code})
    rosa = reviewer(association, full_name="Rosa Reviewer")
    _submitted(association, 1, rosa)
    _, one = _get(coordinator_client, queue, {"sort": "applicant"})
    _, one_kept = _get(coordinator_client, queue, {"sort": "applicant"})
    _submitted(association, 60, rosa)
    response, many = _get(coordinator_client, queue, {"sort": "applicant"})
    _, many_kept = _get(coordinator_client, queue, {"sort": "applicant"})

    assert one == many
    assert one_kept == many_kept < many
    assert len(response.context["rows"]) == 50


def test_queue_shows_a_change_at_once(catalog, association, coordinator_client):
    queue = reverse("reviews:queue", kwargs={"code": association.code})
    rosa = reviewer(association, full_name="Rosa Reviewer")
    (a,) = _submitted(association, 1, rosa, applicant=UserFactory(full_name="Ada Applicant"))
    first = coordinator_client.get(queue).content.decode()
    assert "1 / 3" in first
    assert "Rosa Reviewer (assigned)" in first

    # A rating comes in: the stored count and the page follow.
    ReferenceFactory(application=a, status=ReferenceStatus.SUBMITTED)
    a.refresh_from_db()
    assert a.references_done == 2
    assert "2 / 3" in coordinator_client.get(queue).content.decode()

    # The reviewer is renamed, the application moves on: both show.
    rosa.full_name = "Rosa Renamed"
    rosa.save(update_fields=["full_name"])
    page = coordinator_client.get(queue).content.decode()
    assert "Rosa Renamed (assigned)" in page
    application_services.transition(a, S.RETURNED, actor=rosa, notify=False)
    response = coordinator_client.get(queue, {"status": "returned"})
    assert [r["name"] for r in response.context["rows"]] == ["Ada Applicant"]
    assert {c["label"]: c["n"] for c in response.context["counts"]} == {"Returned for changes": 1}

    # A new submission period and a new reviewer appear among the filters' choices.
    SubmissionPeriod.objects.create(
        association=association,
        name="Spring window",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 15),
    )
    reviewer(association, full_name="Newly Named")
    page = coordinator_client.get(queue).content.decode()
    assert "Spring window" in page
    assert "Newly Named" in page


def test_queue_rating_count_follows_the_workflow_bulk_changes(catalog, association):
    from references.services.workflow import count_ratings as imported  # the workflow's call

    rosa = reviewer(association)
    (a,) = _submitted(association, 1, rosa)
    a.references.update(status=ReferenceStatus.SUBMITTED)  # bypasses the signals
    imported([a.pk])
    a.refresh_from_db()
    assert a.references_done == a.references.count()


def test_queue_filters_with_htmx_answer_with_the_results_only(
    catalog, association, coordinator_client
):
    queue = reverse("reviews:queue", kwargs={"code": association.code})
    rosa = reviewer(association, full_name="Rosa Reviewer")
    _submitted(association, 2, rosa, category_code="IFS")
    _submitted(association, 1, rosa, category_code="IMHS")

    response = coordinator_client.get(queue, {"category": "IMHS"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert "1 application" in html
    assert 'hx-get="' in html and 'name="category"' in html
    assert "Save these filters" in html
    assert "HX-Request" in response["Vary"]
    # Without JavaScript the same address gives the whole page.
    full = coordinator_client.get(queue, {"category": "IMHS"}).content.decode()
    assert "<html" in full and "1 application" in full
    # Back in the browser's history: the whole page again.
    restored = coordinator_client.get(
        queue, {"category": "IMHS"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restored.content.decode()


# --- The reviewer pool ------------------------------------------------------------------------


def test_pool_query_count_is_the_same_with_one_reviewer_or_many(
    catalog, association, coordinator_client
):
    pool = reverse("reviews:pool", kwargs={"code": association.code})
    rosa = reviewer(association, full_name="Rosa Reviewer")
    _submitted(association, 1, rosa)
    _, one = _get(coordinator_client, pool)
    for i in range(12):
        other = reviewer(association, full_name=f"Reviewer {i}")
        _submitted(association, 2, other)
    response, many = _get(coordinator_client, pool)
    _, kept = _get(coordinator_client, pool)

    assert one == many
    assert kept == many - 1  # the open reviews per reviewer are kept
    assert len(response.context["rows"]) == 13
    # A review assigned since shows at once.
    _submitted(association, 1, rosa)
    rows = coordinator_client.get(pool).context["rows"]
    assert next(r["load"] for r in rows if r["user"] == rosa) == 2


# --- The staff list of open applications --------------------------------------------------------


def test_staff_list_query_count_is_the_same_with_one_application_or_many(
    catalog, association, coordinator_client
):
    url = reverse("applications:staff_list", kwargs={"code": association.code})
    ApplicationFactory(association=association, status=S.IN_PROGRESS)
    _, one = _get(coordinator_client, url)
    for status in (S.IN_PROGRESS, S.SUBMITTED, S.REGISTERED):
        for _ in range(20 if status != S.IN_PROGRESS else 55):
            ApplicationFactory(association=association, status=status)
    ApplicationFactory(association=association, status=S.ENDORSED)  # not open
    response, many = _get(coordinator_client, url)

    assert one == many
    groups = {g["status"]: g for g in response.context["groups"]}
    assert set(groups) == {S.IN_PROGRESS, S.SUBMITTED, S.REGISTERED}
    assert (len(groups[S.IN_PROGRESS]["rows"]), groups[S.IN_PROGRESS]["count"]) == (50, 56)
    queue = reverse("reviews:queue", kwargs={"code": association.code})
    assert groups[S.IN_PROGRESS]["more"] == f"{queue}?status=in_progress"
    assert groups[S.SUBMITTED]["more"] == ""
    assert "All 56 “In progress” applications in the review queue" in response.content.decode()


def test_staff_list_is_for_the_association_staff_only(
    catalog, association, other_association, client
):
    url = reverse("applications:staff_list", kwargs={"code": association.code})
    outsider = UserFactory()
    RoleAssignment.objects.create(
        user=outsider, association=other_association, role=Role.COORDINATOR
    )
    client.force_login(reviewer(association))
    assert client.get(url).status_code == 404
