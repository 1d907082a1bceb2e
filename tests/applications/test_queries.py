"""The application pages run a fixed number of queries whatever the number of log rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.applications import TrainingFactory, complete_ifs


def add_sessions_fast(application, count):
    from applications.models import RSCSession

    start = dt.date(2018, 1, 1)
    RSCSession.objects.bulk_create(
        RSCSession(
            application=application,
            date=start + dt.timedelta(days=i),
            hours=1,
            format="group",
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
    ("section", {"section": "competencies"}),
]


def count_queries(client, target) -> int:
    client.get(target)  # warm the process caches (rules, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_page_queries_do_not_grow_with_rows(
    owner_client, application, name, kwargs, django_assert_num_queries
):
    complete_ifs(application)
    target = reverse(f"applications:{name}", kwargs={"uuid": application.uuid, **kwargs})
    expected = count_queries(owner_client, target)

    add_sessions_fast(application, 300)
    TrainingFactory.create_batch(50, application=application)
    with django_assert_num_queries(expected):
        response = owner_client.get(target)

    assert response.status_code == 200
    assert expected <= 40
    if kwargs.get("section") == "rsc":
        assert response.content.decode().count('data-row="rsc"') == 313


def test_application_page_query_count_with_1_and_300_sessions(
    owner_client, application, django_assert_num_queries
):
    target = reverse("applications:detail", kwargs={"uuid": application.uuid})
    add_sessions_fast(application, 1)
    owner_client.get(target)

    with django_assert_num_queries(DETAIL_QUERIES):
        one = owner_client.get(target)
    add_sessions_fast_more(application, 299)
    with django_assert_num_queries(DETAIL_QUERIES):
        many = owner_client.get(target)

    assert one.context["sections"][3] == ("rsc", "Reflective supervision/consultation", 1)
    assert many.context["sections"][3] == ("rsc", "Reflective supervision/consultation", 300)


def add_sessions_fast_more(application, count):
    from applications.models import RSCSession

    start = dt.date(2021, 1, 1)
    RSCSession.objects.bulk_create(
        RSCSession(
            application=application,
            date=start + dt.timedelta(days=i),
            hours=1,
            format="individual",
            provider_name="Pat Provider",
            provider_endorsement="IMHS",
        )
        for i in range(count)
    )


#: The category comes with the application (a foreign key): the submission periods no longer
#: look it up by its code (20 before).
DETAIL_QUERIES = 19
