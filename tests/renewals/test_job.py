"""The daily job: reminders (each once per person, year and kind), expiry at the deadline,
lapse at the end of grace (holder and coordinator told)."""

import datetime as dt

import pytest
from django.core import mail

from endorsements.enums import EndorsementStatus
from renewals import services
from renewals.enums import ReminderKind
from renewals.models import ReminderSent
from renewals.tasks import task_run_renewal_cycle
from tests.factories.accounts import UserFactory

from .conftest import YEAR, endorse, log_year, pay

pytestmark = pytest.mark.django_db
K = ReminderKind


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (dt.date(YEAR, 9, 30), None),
        (dt.date(YEAR, 10, 1), K.WINDOW_OPEN),
        (dt.date(YEAR, 12, 1), K.DAYS_30),
        (dt.date(YEAR, 12, 24), K.DAYS_7),
        (dt.date(YEAR, 12, 31), K.DEADLINE),
        (dt.date(YEAR + 1, 1, 24), K.GRACE_ENDING),
        (dt.date(YEAR + 1, 1, 31), K.GRACE_ENDING),
        (dt.date(YEAR + 1, 2, 1), None),
    ],
)
def test_due_kind_follows_the_cycle(association, day, kind):
    cycle = services.settings_for(association)
    assert services.due_kind(cycle, cycle.year_for(day), day) == kind


def test_three_runs_send_each_reminder_once(
    endorsee, association, django_capture_on_commit_callbacks
):
    day = dt.date(YEAR, 10, 2)
    with django_capture_on_commit_callbacks(execute=True):
        counts = [services.record_cycle_reminders(as_of=day) for _ in range(3)]
    assert counts == [{K.WINDOW_OPEN: 1}, {K.WINDOW_OPEN: 0}, {K.WINDOW_OPEN: 0}]
    assert [m.subject for m in mail.outbox] == ["Renewal for 2026 is open"]
    assert "You can renew your endorsement for 2026 now, until" in mail.outbox[0].body
    assert "You can renew your endorsement for 2026 now" in mail.outbox[0].alternatives[0][0]
    sent = ReminderSent.objects.get()
    assert (sent.person_id, sent.year, sent.kind) == (endorsee.pk, YEAR, K.WINDOW_OPEN)
    assert sent.email.to == "erin@example.org"


def test_each_kind_in_turn_and_none_after_submission(
    endorsee, association, fees, no_audit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for day in (dt.date(YEAR, 10, 1), dt.date(YEAR, 12, 2), dt.date(YEAR, 12, 2)):
            services.record_cycle_reminders(as_of=day)
    assert [m.subject for m in mail.outbox] == [
        "Renewal for 2026 is open",
        "30 days left to renew your endorsement",
    ]
    log_year(endorsee)
    renewal = services.start_renewal(
        endorsee, association, actor=endorsee, as_of=dt.date(YEAR, 12, 3)
    )
    services.sign_code_of_ethics(renewal, typed_name="Erin Endorsee", actor=endorsee)
    pay(renewal)
    services.submit_renewal(renewal, actor=endorsee, as_of=dt.date(YEAR, 12, 3))
    assert services.record_cycle_reminders(as_of=dt.date(YEAR, 12, 25)) == {K.DAYS_7: 0}


def test_membership_expiring_within_30_days(endorsee, django_capture_on_commit_callbacks):
    endorsee.memberships.update(expires_on=dt.date(YEAR, 7, 20))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.record_membership_reminders(as_of=dt.date(YEAR, 6, 1)) == 0
        assert services.record_membership_reminders(as_of=dt.date(YEAR, 6, 25)) == 1
        assert services.record_membership_reminders(as_of=dt.date(YEAR, 7, 1)) == 0
    assert [m.subject for m in mail.outbox] == ["Your association membership expires soon"]


def test_deadline_expires_then_grace_end_lapses(
    endorsee, association, coordinator, django_capture_on_commit_callbacks
):
    association.contact_email = "office@wi-aimh.example"
    association.save()
    task_run_renewal_cycle(as_of=f"{YEAR + 1}-01-05")
    assert set(endorsee.endorsements.values_list("status", flat=True)) == {
        EndorsementStatus.EXPIRED
    }
    with django_capture_on_commit_callbacks(execute=True):
        result = task_run_renewal_cycle(as_of=f"{YEAR + 1}-02-01")
        again = task_run_renewal_cycle(as_of=f"{YEAR + 1}-02-02")
    assert (result["lapsed"], again["lapsed"]) == (2, 0)
    assert set(endorsee.endorsements.values_list("status", flat=True)) == {EndorsementStatus.LAPSED}
    to_holder = [m for m in mail.outbox if m.to == ["erin@example.org"]]
    to_office = [m for m in mail.outbox if m.to == ["office@wi-aimh.example"]]
    assert [m.subject for m in to_holder if "lapsed" in m.subject] == [
        "Your endorsement has lapsed"
    ]
    assert sorted(m.subject for m in to_office) == sorted(
        f"Endorsement lapsed: {e.number} (Erin Endorsee)" for e in endorsee.endorsements.all()
    )


def test_a_renewal_handed_in_during_grace_does_not_lapse(
    endorsee, association, fees, django_capture_on_commit_callbacks
):
    cycle = services.settings_for(association)
    cycle.audit_percent, cycle.auto_approve = 0, False
    cycle.save()
    log_year(endorsee)
    day = dt.date(YEAR + 1, 1, 20)
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=day)
    services.sign_code_of_ethics(renewal, typed_name="Erin Endorsee", actor=endorsee)
    pay(renewal)
    pay(renewal, "late_renewal")
    services.submit_renewal(renewal, actor=endorsee, as_of=day)
    assert services.lapse_unrenewed(as_of=dt.date(YEAR + 1, 2, 1)) == 0


def test_endorsement_granted_in_the_season_is_not_reminded(association):
    person = UserFactory()
    endorse(person, association, "IFS", granted_on=dt.date(YEAR, 11, 1), year=YEAR + 1)
    assert services.record_cycle_reminders(as_of=dt.date(YEAR, 11, 2)) == {K.WINDOW_OPEN: 0}
