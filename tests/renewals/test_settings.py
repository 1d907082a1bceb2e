"""The association's renewal settings page: coordinators and managers of that association only
(with a second factor), clear field errors, an audit row for each change, the reactivation fee
as the association's fee schedule."""

import datetime as dt

import pytest
from django.urls import reverse

from easy.accounts.enums import Role
from easy.audit.models import AuditEvent
from payments.enums import FeeKind
from payments.models import FeeSchedule
from renewals import clock, services
from tests.factories.accounts import UserFactory, staff

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def page(association):
    return reverse("renewals:settings", kwargs={"code": association.code})


def valid(**changes):
    data = {
        "opens_on": "2026-09-15",
        "deadline": "2026-11-30",
        "grace_ends_on": "2027-01-15",
        "auto_approve": "",
        "audit_percent": "25",
        "archive_reactivation_years": "3",
        "inactive_allowed": "on",
        "inactive_max_years": "2",
        "reactivation_fee": "40.00",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_shows_this_cycle_with_the_domain_defaults(client, association, coordinator):
    client.force_login(coordinator)
    response = client.get(page(association))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form.initial["opens_on"], form.initial["deadline"], form.initial["grace_ends_on"]) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 31),
    )
    assert form.initial["auto_approve"] is True
    assert form.initial["audit_percent"] == 10


def test_the_queue_links_to_the_settings(client, association, coordinator):
    client.force_login(coordinator)
    queue = client.get(reverse("renewals:queue", kwargs={"code": association.code}))
    assert f'href="{page(association)}"' in queue.content.decode()


def test_a_coordinator_changes_the_cycle_audited(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(page(association), valid())
    assert response.status_code == 302
    cycle = services.settings_for(association)
    assert (cycle.opens_on(2027), cycle.deadline(2027), cycle.grace_ends_on(2027)) == (
        dt.date(2027, 9, 15),
        dt.date(2027, 11, 30),
        dt.date(2028, 1, 15),
    )
    assert (cycle.auto_approve, cycle.audit_percent, cycle.archive_reactivation_years) == (
        False,
        25,
        3,
    )
    assert (cycle.inactive_allowed, cycle.inactive_max_years) == (True, 2)
    event = AuditEvent.objects.get(action="renewal_settings.changed")
    assert event.actor == coordinator
    changed = event.data["changed"]
    assert changed["audit_percent"] == [10, 25]
    assert changed["grace_days"] == [31, 46]
    assert changed["reactivation_fee_cents"] == [None, 4000]
    fee = FeeSchedule.objects.get(association=association, fee_kind=FeeKind.REACTIVATION)
    assert (fee.amount_cents, fee.effective_from) == (4000, TODAY)

    # Saving the same values again changes nothing and writes no audit row.
    client.post(page(association), valid())
    assert AuditEvent.objects.filter(action="renewal_settings.changed").count() == 1


def test_a_new_reactivation_fee_applies_from_today_and_keeps_the_old_one(
    client, association, coordinator
):
    FeeSchedule.objects.create(
        association=association,
        fee_kind=FeeKind.REACTIVATION,
        amount_cents=5000,
        effective_from=dt.date(2024, 1, 1),
    )
    client.force_login(coordinator)
    client.post(page(association), valid(reactivation_fee="60"))
    schedules = FeeSchedule.objects.filter(
        association=association, fee_kind=FeeKind.REACTIVATION
    ).order_by("effective_from")
    assert [(s.amount_cents, s.effective_from, s.effective_until) for s in schedules] == [
        (5000, dt.date(2024, 1, 1), TODAY - dt.timedelta(days=1)),
        (6000, TODAY, None),
    ]
    assert services.reactivation_fee(association, on=TODAY) == 6000


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"grace_ends_on": "2026-11-01"},
            "grace_ends_on",
            "The grace period cannot end before the deadline.",
        ),
        ({"audit_percent": "101"}, "audit_percent", "Enter a share from 0 to 100 (per cent)."),
        ({"audit_percent": "-5"}, "audit_percent", "Enter a share from 0 to 100 (per cent)."),
        (
            {"opens_on": "2026-12-01"},
            "opens_on",
            "The window must open before the deadline, in the same calendar year.",
        ),
        (
            {"grace_ends_on": "2028-01-15"},
            "grace_ends_on",
            "The grace period can last at most a year after the deadline.",
        ),
        ({"reactivation_fee": ""}, "reactivation_fee", "Set the reactivation fee"),
        ({"deadline": "31/12/2026"}, "deadline", "Enter a valid date."),
    ],
)
def test_bad_input_is_explained_at_the_field(
    client, association, coordinator, changes, field, message
):
    client.force_login(coordinator)
    response = client.post(page(association), valid(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(e.startswith(message) for e in errors), errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "Please correct the fields marked below." in html
    cycle = services.settings_for(association)
    assert (cycle.audit_percent, cycle.grace_days) == (10, 31)
    assert not AuditEvent.objects.filter(action="renewal_settings.changed").exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ASSOCIATION_ADMIN])
def test_coordinators_and_managers_of_the_association_only(
    client, association, other_association, role
):
    client.force_login(staff(association, role))
    assert client.get(page(association)).status_code == 200
    client.force_login(staff(other_association))
    assert client.get(page(association)).status_code == 404
    assert client.post(page(association), valid()).status_code == 404
    client.force_login(staff(association, Role.REVIEWER))
    assert client.get(page(association)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(page(association)).status_code == 404
    assert services.settings_for(association).audit_percent == 10


def test_staff_without_a_second_factor_in_the_session_are_asked_for_it(client, association):
    client.force_login(staff(association), second_factor=False)
    response = client.post(page(association), valid())
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert services.settings_for(association).audit_percent == 10
