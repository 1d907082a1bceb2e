"""The reviewer's own list: a fixed number of queries however many reviews the person has,
and submitted reviews a page (newest first) at a time."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from easy.accounts.enums import Role
from reviews.enums import ReviewStatus
from reviews.models import AreaScore
from reviews.queries import DONE_PAGE, OPEN_PAGE
from tests.factories.applications import ApplicationFactory
from tests.factories.reviews import assign, reviewer


def _reviews(association, user, n, status):
    return [
        assign(
            ApplicationFactory(association=association, status=ApplicationStatus.IN_REVIEW),
            user,
            status=status,
        )
        for _ in range(n)
    ]


def _get(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reviews:mine"), params)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_reviewer_list_runs_a_fixed_number_of_queries(catalog, association, client):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    client.force_login(rosa)
    _reviews(association, rosa, 1, ReviewStatus.ASSIGNED)
    _reviews(association, rosa, 1, ReviewStatus.SUBMITTED)
    _, one = _get(client)
    _reviews(association, rosa, 20, ReviewStatus.ASSIGNED)
    _reviews(association, rosa, 60, ReviewStatus.SUBMITTED)
    response, many = _get(client)
    assert one == many
    assert (len(response.context["open"]), len(response.context["done"])) == (21, DONE_PAGE)


def test_reviewer_list_pages_submitted_reviews_newest_first(catalog, association, client):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    client.force_login(rosa)
    submitted = _reviews(association, rosa, DONE_PAGE + 3, ReviewStatus.SUBMITTED)
    _reviews(association, rosa, 2, ReviewStatus.DECLINED)

    first, _ = _get(client)
    assert first.context["done"] == submitted[::-1][:DONE_PAGE]
    assert first.context["earlier"] == submitted[3].uuid
    assert f'href="?before={submitted[3].uuid}"' in first.content.decode()

    second, _ = _get(client, before=str(first.context["earlier"]))
    assert second.context["done"] == submitted[2::-1]
    assert second.context["earlier"] is None
    assert "Earlier submitted reviews" not in second.content.decode()

    # A made-up or malformed anchor shows the first page.
    assert _get(client, before="nonsense")[0].context["done"] == first.context["done"]


def test_reviewer_list_pages_reviews_to_do_soonest_due_first(catalog, association, client):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    client.force_login(rosa)
    today = timezone.localdate()
    todo = [
        assign(
            ApplicationFactory(association=association, status=ApplicationStatus.IN_REVIEW),
            rosa,
            due_on=today + dt.timedelta(days=n),
        )
        for n in range(OPEN_PAGE + 2)
    ]

    first, _ = _get(client)
    assert [r for r, _ in first.context["open"]] == todo[:OPEN_PAGE]
    assert 'href="?todo=2"' in first.content.decode()

    second, _ = _get(client, todo="2")
    assert [r for r, _ in second.context["open"]] == todo[OPEN_PAGE:]
    html = second.content.decode()
    assert 'href="?todo=1"' in html
    assert 'href="?todo=3"' not in html
    assert _get(client, todo="x")[0].context["open"] == first.context["open"]


def test_reviewer_list_rows_show_the_application_and_drafts(catalog, association, client):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    client.force_login(rosa)
    started, untouched = _reviews(association, rosa, 2, ReviewStatus.ASSIGNED)
    AreaScore.objects.create(review=started, area_code="theoretical-foundations", score="met")
    done = _reviews(association, rosa, 1, ReviewStatus.SUBMITTED)[0]

    response, _ = _get(client)

    html = response.content.decode()
    for review in (started, untouched):
        name = review.application.applicant.display_name
        assert f"{name} — {review.application.category_code}" in html
        assert reverse("reviews:review", kwargs={"uuid": review.uuid}) in html
    assert html.count("draft saved") == 1
    assert (
        f"{done.application.applicant.display_name} — {done.application.category_code} (v1)" in html
    )
    assert association.code in html


def test_submitted_reviews_hide_once_the_person_no_longer_reviews_there(
    catalog, association, client
):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    client.force_login(rosa)
    _reviews(association, rosa, 2, ReviewStatus.SUBMITTED)
    assert len(_get(client)[0].context["done"]) == 2

    rosa.role_assignments.filter(association=association, role=Role.REVIEWER).delete()
    rosa.role_assignments.create(association=association, role=Role.ADVISOR)

    assert _get(client)[0].context["done"] == []
