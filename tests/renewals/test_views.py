"""Renewal pages: the endorsee's form, the coordinator's queue, decision and CSV export; who
may see what (owner, stranger 404, other coordinator 404, wrong method 405)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from renewals import services
from renewals.enums import RenewalStatus
from tests.factories.accounts import staff

from .conftest import log_year, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewal(endorsee, association):
    return services.start_renewal(endorsee, association, actor=endorsee)


def url(name, renewal, **kw):
    return reverse(f"renewals:{name}", kwargs={"uuid": renewal.uuid, **kw})


def test_owner_sees_the_form_strangers_get_404(client, renewal, endorsee, other_person):
    client.force_login(endorsee)
    html = client.get(url("detail", renewal)).content.decode()
    assert "Sign the Code of Ethics for this year." in html
    assert html.count('renewal-progress" data-category') == 2
    assert "One renewal fee covers every category you hold." in html
    client.force_login(other_person)
    assert client.get(url("detail", renewal)).status_code == 404


def test_coordinator_of_another_association_gets_404(client, renewal, other_association):
    client.force_login(staff(other_association))
    assert client.get(url("detail", renewal)).status_code == 404


def test_coordinator_may_see_but_not_change_the_form(client, renewal, coordinator):
    client.force_login(coordinator)
    assert client.get(url("detail", renewal)).status_code == 200
    response = client.post(url("sign", renewal), {"typed_name": "Erin Endorsee"})
    assert response.status_code == 403


def test_wrong_method_405(client, renewal, endorsee):
    client.force_login(endorsee)
    assert client.get(url("submit", renewal)).status_code == 405
    assert client.post(url("detail", renewal)).status_code == 405


def test_sign_and_log_training_from_the_form(client, renewal, endorsee):
    client.force_login(endorsee)
    response = client.post(url("sign", renewal), {"typed_name": "Erin Endorsee"})
    assert response.status_code == 302
    today = timezone.localdate()
    response = client.post(
        url("add_entry", renewal, kind="training"),
        {"training-date": today.isoformat(), "training-title": "Attachment",
         "training-provider": "WI-AIMH", "training-hours": "7.5"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["training_form"].errors
    renewal.refresh_from_db()
    assert renewal.ethics_typed_name == "Erin Endorsee"
    assert [(t.title, float(t.hours)) for t in endorsee.trainings.all()] == [("Attachment", 7.5)]
    wrong = client.post(url("sign", renewal), {"typed_name": "Someone Else"})
    assert wrong.status_code == 400
    assert "Type your full name exactly as in your profile to sign." in wrong.content.decode()


def test_queue_tabs_and_approval(client, endorsee, association, fees, coordinator, no_audit):
    cycle = services.settings_for(association)
    cycle.auto_approve = False
    cycle.save()
    log_year(endorsee, year=timezone.localdate().year)
    day = dt.date(timezone.localdate().year, 11, 1)
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=day)
    services.sign_code_of_ethics(renewal, typed_name="Erin Endorsee", actor=endorsee)
    pay(renewal)
    services.submit_renewal(renewal, actor=endorsee, as_of=day)
    client.force_login(coordinator)
    queue = reverse("renewals:queue", kwargs={"code": association.code})
    html = client.get(queue).content.decode()
    assert "Submitted (1)" in html and "Erin Endorsee" in html
    response = client.post(url("decide", renewal, action="approve"))
    assert response.status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.APPROVED
    assert "Erin Endorsee" in client.get(queue + "?status=approved").content.decode()


def test_queue_needs_a_coordinator(client, endorsee, association):
    client.force_login(endorsee)
    queue = reverse("renewals:queue", kwargs={"code": association.code})
    assert client.get(queue).status_code == 404


def test_csv_export_writes_formulas_as_text(client, association, coordinator, endorsee):
    endorsee.full_name = "=HYPERLINK(1)"
    endorsee.save()
    services.start_renewal(endorsee, association, actor=endorsee)
    client.force_login(coordinator)
    response = client.get(reverse("renewals:export", kwargs={"code": association.code}))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["year", "name", "email", "categories", "status"]
    assert rows[1][1:5] == ["'=HYPERLINK(1)", "erin@example.org", "IFS IMHS", "In progress"]


def test_queue_queries_do_not_grow(client, association, coordinator, django_assert_num_queries):
    from renewals.models import Renewal
    from tests.factories.accounts import UserFactory

    from .conftest import endorse

    def add(n):
        for _ in range(n):
            person = UserFactory()
            endorse(person, association, "IFS")
            Renewal.objects.create(
                person=person, association=association, year=2026,
                status=RenewalStatus.SUBMITTED, submitted_at=timezone.now(),
            )  # fmt: skip

    client.force_login(coordinator)
    queue = reverse("renewals:queue", kwargs={"code": association.code})
    add(1)
    client.get(queue)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(queue)
    add(20)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(queue)


def test_inactive_and_back_through_the_reactivation_fee(client, endorsee, association):
    from endorsements.enums import EndorsementStatus
    from payments.enums import FeeKind
    from tests.factories.payments import FeeScheduleFactory

    cycle = services.settings_for(association)
    cycle.inactive_allowed = True
    cycle.save()
    held = endorsee.endorsements.get(category_code="IFS")
    client.force_login(endorsee)
    assert "Make IFS inactive for a while" in client.get(reverse("renewals:mine")).content.decode()
    target = reverse("renewals:inactive", kwargs={"uuid": held.uuid})
    assert client.post(target).status_code == 302
    held.refresh_from_db()
    assert held.status == EndorsementStatus.INACTIVE
    FeeScheduleFactory(association=association, fee_kind=FeeKind.REACTIVATION, amount_cents=3000)
    response = client.post(target)
    assert "/test-checkout/" in response["Location"]
    payment = endorsee.payments.get(fee_kind=FeeKind.REACTIVATION)
    assert payment.total_cents == 3000
    from payments import services as payments

    payments.transition(payment, "paid", actor=None)
    client.post(target)
    held.refresh_from_db()
    assert held.status == EndorsementStatus.CURRENT
