import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from easy.accounts.enums import Role
from easy.audit.models import AuditEvent
from endorsements.models import Association, ExamWeek, SubmissionPeriod
from tests.factories.accounts import UserFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def wisconsin(db):
    call_command("load_catalog", verbosity=0)
    return Association.objects.get(code="WI-AIMH")


def calendar_url(association) -> str:
    return reverse("endorsements:calendar", args=[association.code])


def period_data(**changes) -> dict:
    return {
        "kind": "period",
        "period-name": "Extra spring 2027 deadline",
        "period-opens_on": "2026-12-16",
        "period-closes_on": "2027-03-15",
        **changes,
    }


def test_coordinator_adds_a_period_open_to_two_categories(client, wisconsin):
    coordinator = staff(wisconsin)
    client.force_login(coordinator)
    ifa, ifs = (wisconsin.offerings.get(category__code=c).category for c in ("IFA", "IFS"))

    response = client.post(
        calendar_url(wisconsin), period_data(**{"period-categories": [ifa.code, ifs.code]})
    )

    assert response.status_code == 302
    period = SubmissionPeriod.objects.get(association=wisconsin, name="Extra spring 2027 deadline")
    assert (period.opens_on, period.closes_on) == (dt.date(2026, 12, 16), dt.date(2027, 3, 15))
    assert sorted(period.categories.values_list("code", flat=True)) == ["IFA", "IFS"]
    event = AuditEvent.objects.get(action="calendar.submissionperiod_added")
    assert (event.actor, event.association) == (coordinator, wisconsin)


def test_deadline_before_opening_is_refused_at_the_field_keeping_the_input(client, wisconsin):
    client.force_login(staff(wisconsin))

    response = client.post(
        calendar_url(wisconsin), period_data(**{"period-closes_on": "2026-12-01"})
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert (
        '<ul class="errors" id="id_period-closes_on_error"><li>The deadline is before the day '
        "the period opens.</li></ul>" in body
    )
    assert 'value="Extra spring 2027 deadline"' in body
    assert not SubmissionPeriod.objects.filter(name="Extra spring 2027 deadline").exists()


def test_duplicate_name_is_refused(client, wisconsin):
    client.force_login(staff(wisconsin))

    response = client.post(
        calendar_url(wisconsin), period_data(**{"period-name": "15 March 2026 deadline"})
    )

    assert "Another entry already has this name." in response.content.decode()


def test_exam_week_registration_must_close_before_it_starts(client, wisconsin):
    client.force_login(staff(wisconsin, Role.ASSOCIATION_ADMIN))

    response = client.post(
        calendar_url(wisconsin),
        {
            "kind": "exam",
            "exam-name": "Spring 2027",
            "exam-starts_on": "2027-04-12",
            "exam-ends_on": "2027-04-16",
            "exam-registration_closes_on": "2027-04-13",
        },
    )

    assert "Registration must close before the exam week starts." in response.content.decode()
    assert not ExamWeek.objects.filter(name="Spring 2027").exists()


def test_coordinator_moves_and_deletes_a_deadline(client, wisconsin):
    client.force_login(staff(wisconsin))
    period = SubmissionPeriod.objects.get(association=wisconsin, name="15 June 2026 deadline")
    url = reverse("endorsements:calendar_entry", args=[wisconsin.code, "period", period.uuid])

    moved = client.post(
        url, {"name": period.name, "opens_on": "2026-03-16", "closes_on": "2026-06-22"}
    )
    deleted = client.post(
        reverse("endorsements:calendar_delete", args=[wisconsin.code, "period", period.uuid])
    )

    assert (moved.status_code, deleted.status_code) == (302, 302)
    assert not SubmissionPeriod.objects.filter(pk=period.pk).exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="calendar.")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["calendar.submissionperiod_changed", "calendar.submissionperiod_deleted"]


def test_calendar_page_lists_periods_with_a_fixed_number_of_queries(
    client, wisconsin, django_assert_max_num_queries
):
    client.force_login(staff(wisconsin))
    client.get(calendar_url(wisconsin))  # warm the session and caches
    with django_assert_max_num_queries(30) as few:
        client.get(calendar_url(wisconsin))
    for n in range(30):
        SubmissionPeriod.objects.create(
            association=wisconsin,
            name=f"Extra {n}",
            opens_on=dt.date(2030, 1, 1),
            closes_on=dt.date(2030, 2, 1),
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(calendar_url(wisconsin))

    assert response.content.decode().count("Extra ") >= 30


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADVISOR, Role.EXAM_GRADER])
def test_staff_who_do_not_manage_the_association_get_404(client, wisconsin, role):
    client.force_login(staff(wisconsin, role))

    assert client.get(calendar_url(wisconsin)).status_code == 404


def test_coordinator_of_another_association_gets_404_on_page_and_entry(client, wisconsin):
    client.force_login(staff(Association.objects.get(code="WA-AIMH")))
    period = SubmissionPeriod.objects.filter(association=wisconsin).first()

    assert client.get(calendar_url(wisconsin)).status_code == 404
    assert (
        client.get(
            reverse("endorsements:calendar_entry", args=["WA-AIMH", "period", period.uuid])
        ).status_code
        == 404
    )


def test_applicant_gets_404_and_delete_needs_post(client, wisconsin):
    period = SubmissionPeriod.objects.filter(association=wisconsin).first()
    delete_url = reverse(
        "endorsements:calendar_delete", args=[wisconsin.code, "period", period.uuid]
    )
    client.force_login(UserFactory())
    assert client.get(calendar_url(wisconsin)).status_code == 404

    client.force_login(staff(wisconsin))
    assert client.get(delete_url).status_code == 405
    assert SubmissionPeriod.objects.filter(pk=period.pk).exists()
