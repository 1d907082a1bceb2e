import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from applications.enums import ApplicationStatus
from easy.notifications.models import OutboundEmail
from references import services
from references.enums import LinkKind, Notice, ReferenceStatus
from references.models import Rating, SentNotice
from references.queries import find_link
from references.tasks import task_send_reference_reminders
from tests.factories.references import ReferenceFactory, invitation_for

pytestmark = pytest.mark.django_db

R = ReferenceStatus
TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def run(capture, today=TODAY):
    with capture(execute=True):
        return services.send_due_reminders(today=today)


def invited(application, days: int, **kwargs):
    reference = ReferenceFactory(application=application)
    return invitation_for(reference, invited_on=days_ago(days), **kwargs)


def test_a_week_after_the_invitation_the_rater_is_reminded_once(
    application, django_capture_on_commit_callbacks
):
    invitation = invited(application, 7)

    counts = run(django_capture_on_commit_callbacks)
    again = run(django_capture_on_commit_callbacks)

    assert counts[Notice.RATER_DAY_7] == 1
    assert again[Notice.RATER_DAY_7] == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [invitation.reference.email]
    assert message.subject == "Reminder: Ada Applicant is waiting for your reference rating"
    token = re.search(r"/references/r/([A-Za-z0-9_-]+)/", message.body).group(1)
    link = find_link(token)
    assert link.invitation == invitation
    assert link.kind == LinkKind.REMINDER
    assert SentNotice.objects.get().kind == Notice.RATER_DAY_7


def test_each_window_sends_its_own_reminder(application, django_capture_on_commit_callbacks):
    nothing_yet = invited(application, 6)
    day_7 = invited(application, 13)
    day_14 = invited(application, 14)
    last_days = invited(application, 27)  # deadline in three days

    counts = run(django_capture_on_commit_callbacks)

    assert counts == {
        "expired": 0,
        "outdated": 0,
        Notice.RATER_DEADLINE: 1,
        Notice.RATER_DAY_14: 1,
        Notice.RATER_DAY_7: 1,
    }
    sent = dict(SentNotice.objects.values_list("invitation_id", "kind"))
    assert sent == {
        day_7.pk: Notice.RATER_DAY_7,
        day_14.pk: Notice.RATER_DAY_14,
        last_days.pk: Notice.RATER_DEADLINE,
    }
    assert nothing_yet.pk not in sent
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0] == "Reminder: Ada Applicant is waiting for your reference rating"
    assert subjects[-1] == "Three days left to rate Ada Applicant"


def test_a_missed_window_is_not_sent_late(application, django_capture_on_commit_callbacks):
    invited(application, 20)  # day 7 never went out; only day 14 is due

    run(django_capture_on_commit_callbacks)

    assert list(SentNotice.objects.values_list("kind", flat=True)) == [Notice.RATER_DAY_14]


def test_a_moved_deadline_makes_a_new_last_days_reminder_due(
    application, coordinator, django_capture_on_commit_callbacks
):
    invitation = invited(application, 27)
    run(django_capture_on_commit_callbacks)
    invitation.deadline = TODAY + dt.timedelta(days=2)
    invitation.save(update_fields=["deadline"])

    counts = run(django_capture_on_commit_callbacks)

    assert counts[Notice.RATER_DEADLINE] == 1
    assert SentNotice.objects.filter(kind=Notice.RATER_DEADLINE).count() == 2


def test_a_rater_who_answered_or_was_replaced_gets_no_reminder(
    application, django_capture_on_commit_callbacks
):
    invited(application, 7, status=R.SUBMITTED)
    invited(application, 7, status=R.DECLINED)
    withdrawn = invited(application, 7)
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()

    counts = run(django_capture_on_commit_callbacks)

    assert counts[Notice.RATER_DAY_7] == 0
    assert mail.outbox == []


def test_no_reminder_once_the_application_is_submitted(
    application, django_capture_on_commit_callbacks
):
    invited(application, 7)
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status"])

    counts = run(django_capture_on_commit_callbacks)

    assert counts[Notice.RATER_DAY_7] == 0


def test_a_link_past_its_deadline_expires_and_the_applicant_is_told_once(
    application, django_capture_on_commit_callbacks
):
    invitation = invited(application, 31)  # deadline was yesterday

    counts = run(django_capture_on_commit_callbacks)
    again = run(django_capture_on_commit_callbacks)

    invitation.reference.refresh_from_db()
    assert counts["expired"] == 1 and again["expired"] == 0
    assert invitation.reference.status == R.EXPIRED
    assert [m.subject for m in mail.outbox] == [
        f"The rating link for {invitation.reference.rater_name} has expired"
    ]
    assert mail.outbox[0].to == [application.applicant.email]


def test_a_rating_older_than_a_year_stops_counting(application, django_capture_on_commit_callbacks):
    invitation = invited(application, 400, status=R.SUBMITTED)
    reference = invitation.reference
    Rating.objects.create(invitation=invitation, submitted_at=timezone.now(), counts=True)
    reference.submitted_at = timezone.make_aware(dt.datetime.combine(days_ago(366), dt.time(10)))
    reference.save(update_fields=["submitted_at"])
    fresh = invited(application, 40, status=R.SUBMITTED)
    fresh.reference.submitted_at = timezone.make_aware(
        dt.datetime.combine(days_ago(364), dt.time(10))
    )
    fresh.reference.save(update_fields=["submitted_at"])

    counts = run(django_capture_on_commit_callbacks)

    reference.refresh_from_db()
    fresh.reference.refresh_from_db()
    assert counts["outdated"] == 1
    assert reference.status == R.EXPIRED
    assert fresh.reference.status == R.SUBMITTED
    assert [m.subject for m in mail.outbox] == [
        f"The rating from {reference.rater_name} is more than a year old"
    ]


def test_the_beat_task_runs_the_job(application, django_capture_on_commit_callbacks):
    reference = ReferenceFactory(application=application)
    invitation_for(reference, invited_on=timezone.localdate() - dt.timedelta(days=7))

    with django_capture_on_commit_callbacks(execute=True):
        result = task_send_reference_reminders.apply().get()

    assert result["rater_day_7"] == 1
    assert len(mail.outbox) == 1


def test_sending_recorded_notices_twice_queues_one_email(application):
    invitation = invited(application, 7)
    services.send_due_reminders(today=TODAY)  # records the reminder; tasks not run here
    notice = SentNotice.objects.get()

    assert services.send_notices([notice.pk]) == 1
    assert services.send_notices([notice.pk]) == 0

    notice.refresh_from_db()
    assert notice.email.to == invitation.reference.email
    assert OutboundEmail.objects.count() == 1


def test_a_reminder_recorded_before_the_rater_answered_is_not_sent(application):
    invitation = invited(application, 7)
    services.send_due_reminders(today=TODAY)
    services.decline(invitation, reason="Away until next year.")
    reminder = SentNotice.objects.get(kind=Notice.RATER_DAY_7)

    assert services.send_notices([reminder.pk]) == 0

    assert not OutboundEmail.objects.filter(to=invitation.reference.email).exists()
