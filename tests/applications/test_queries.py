"""The application pages run a fixed number of queries whatever the number of log rows.

On PostgreSQL the checklist and the long log tables are kept in the cache under the database's
fingerprint of the rows (``applications.checklist._fingerprint``): a page then reads neither
the log nor the rules. Both ways are counted: with an empty cache (everything read) and with
a warm one. Any change to a row, by any path, changes the fingerprint."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Training
from tests.factories.applications import TrainingFactory, complete_ifs


def add_sessions_fast(application, count, *, start=dt.date(2018, 1, 1), fmt="group"):
    from applications.models import RSCSession

    RSCSession.objects.bulk_create(
        RSCSession(
            application=application,
            date=start + dt.timedelta(days=i),
            hours=1,
            format=fmt,
            provider_name="Pat Provider",
            provider_endorsement="IMHS",
            provider_degree="master",
        )
        for i in range(count)
    )


PAGES = [
    ("detail", {}),
    ("submit", {}),
    ("section", {"section": "rsc"}),
    ("section", {"section": "training"}),
    ("section", {"section": "work"}),
    ("section", {"section": "competencies"}),
]


def count_queries(client, target, *, warm: bool) -> tuple[int, str]:
    """Queries of one GET: with the cache as the previous GET left it (``warm``), or empty."""
    client.get(target)  # the process's own caches (rules, content types) and ours
    if not warm:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("warm", [False, True], ids=["empty cache", "warm cache"])
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_page_queries_do_not_grow_with_rows(owner_client, application, name, kwargs, warm):
    complete_ifs(application)
    target = reverse(f"applications:{name}", kwargs={"uuid": application.uuid, **kwargs})
    few, _ = count_queries(owner_client, target, warm=warm)

    add_sessions_fast(application, 300)
    TrainingFactory.create_batch(50, application=application)
    many, html = count_queries(owner_client, target, warm=warm)

    assert many == few
    assert few <= 40
    if kwargs.get("section") == "rsc":
        assert html.count('data-row="rsc"') == 313


def test_checklist_page_same_queries_with_1_and_300_sessions(owner_client, application):
    target = reverse("applications:detail", kwargs={"uuid": application.uuid})
    add_sessions_fast(application, 1)
    one_cold, _ = count_queries(owner_client, target, warm=False)
    one_warm, _ = count_queries(owner_client, target, warm=True)
    one = owner_client.get(target)

    add_sessions_fast(application, 299, start=dt.date(2021, 1, 1), fmt="individual")
    many_cold, _ = count_queries(owner_client, target, warm=False)
    many_warm, _ = count_queries(owner_client, target, warm=True)
    many = owner_client.get(target)

    assert (one_cold, one_warm) == (many_cold, many_warm)
    assert one_warm <= one_cold
    assert one.context["sections"][3] == ("rsc", "Reflective supervision/consultation", 1)
    assert many.context["sections"][3] == ("rsc", "Reflective supervision/consultation", 300)


postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the fingerprint is made by PostgreSQL"
)


@postgres_only
def test_warm_pages_read_neither_the_log_nor_the_rules(owner_client, application):
    complete_ifs(application)
    add_sessions_fast(application, 300)
    for target in (
        reverse("applications:detail", kwargs={"uuid": application.uuid}),
        reverse("applications:section", kwargs={"uuid": application.uuid, "section": "rsc"}),
    ):
        cold, _ = count_queries(owner_client, target, warm=False)
        owner_client.get(target)
        with CaptureQueriesContext(connection) as ctx:
            owner_client.get(target)
        tables = " ".join(q["sql"] for q in ctx.captured_queries if "md5(" not in q["sql"])
        assert len(ctx.captured_queries) < cold
        assert "applications_rscsession" not in tables
        assert "applications_training" not in tables


@postgres_only
def test_a_row_changed_behind_the_pages_back_shows_at_once(owner_client, application):
    """No path can leave a stale checklist or table: a row changed straight in the database
    (no service, no touch of the application) changes the fingerprint."""
    complete_ifs(application)
    detail = reverse("applications:detail", kwargs={"uuid": application.uuid})
    training = reverse(
        "applications:section", kwargs={"uuid": application.uuid, "section": "training"}
    )
    before = owner_client.get(detail).context["checklist"]
    hours = {i.code: i.status for i in before.items}["training_hours"]
    assert hours == "met"
    owner_client.get(training)  # cached table

    Training.objects.filter(owner=application.applicant).update(hours=0.5, title="Shortened")

    after = owner_client.get(detail).context["checklist"]
    assert {i.code: i.status for i in after.items}["training_hours"] == "unmet"
    assert "Shortened" in owner_client.get(training).content.decode()
