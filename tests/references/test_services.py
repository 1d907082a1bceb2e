import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from applications.dossier import build_dossier
from applications.enums import ApplicationStatus
from applications.queries import with_workspace
from easy.audit.models import AuditEvent
from easy.notifications.enums import EmailStatus
from easy.notifications.models import OutboundEmail
from references import services
from references.enums import LinkKind, Notice, ReferenceStatus, Score
from references.models import Invitation, Link, Rating, Reference, SentNotice, VettingDecision
from references.queries import find_link
from references.services.workflow import REDACTED_EMAIL
from references.tasks import task_send_reference_invitation
from tests.factories.references import ReferenceFactory

pytestmark = pytest.mark.django_db

R = ReferenceStatus
IFS_AREAS = [
    "theoretical-foundations",
    "law-regulation-and-agency-policy",
    "systems-expertise",
    "direct-service-skills",
    "working-with-others",
    "communicating",
    "thinking",
    "reflection",
]


def token_in(message) -> str:
    return re.search(r"/references/r/([A-Za-z0-9_-]+)/", message.body).group(1)


def answers(nei: int) -> dict:
    """Answers for the eight IFS areas, the first ``nei`` of them "not enough information"."""
    return {
        code: Score.NOT_ENOUGH_INFORMATION if i < nei else Score.SKILLED
        for i, code in enumerate(IFS_AREAS)
    }


# --- Invitations ------------------------------------------------------------------------------


def test_invite_sends_one_email_with_a_personal_link(reference, applicant, invitation):
    reference.refresh_from_db()
    assert reference.status == R.INVITED
    assert invitation.deadline == timezone.localdate() + dt.timedelta(days=30)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita@agency.example"]
    assert message.subject == "Ada Applicant asks you for a reference rating"
    assert "Hello Rita Rater," in message.body
    assert "IFS — Infant Family Specialist" in message.body
    html = message.alternatives[0][0]
    assert '<a href="http://' in html and "Open the rating form" in html
    link = find_link(token_in(message))
    assert link.invitation == invitation
    assert link.kind == LinkKind.INVITATION
    # Only the hash of the secret is stored.
    assert token_in(message) not in link.token_hash


def test_invite_twice_keeps_one_invitation_and_one_email(
    reference, applicant, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        again = services.invite(reference, actor=applicant)

    assert again == invitation
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_retried_invitation_task_sends_one_email(
    reference, applicant, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task_send_reference_invitation.delay(invitation_id=invitation.pk, number=1)
        task_send_reference_invitation.apply(kwargs={"invitation_id": invitation.pk, "number": 1})

    assert Invitation.objects.count() == 1
    assert Link.objects.count() == 1
    assert OutboundEmail.objects.filter(key__startswith="reference-invitation:").count() == 1
    assert len(mail.outbox) == 1


def test_invite_refused_when_application_is_not_editable(reference, applicant):
    application = reference.application
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status"])

    with pytest.raises(services.ReferenceWorkflowError):
        services.invite(reference, actor=applicant)

    assert Invitation.objects.count() == 0


def test_resend_sends_a_new_link_and_old_links_keep_working(
    applicant, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        number = services.resend_invitation(invitation, actor=applicant)

    assert number == 2
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Your link to rate Ada Applicant (sent again)"
    first, second = token_in(mail.outbox[0]), token_in(mail.outbox[1])
    assert first != second
    assert find_link(first).invitation == find_link(second).invitation == invitation


def test_copy_link_gives_a_working_secret_without_email(applicant, invitation):
    token = services.copy_link(invitation, actor=applicant)

    link = find_link(token)
    assert link.kind == LinkKind.COPIED
    assert link.email is None
    assert link.created_by == applicant
    assert len(mail.outbox) == 1


def test_task_for_a_replaced_rater_sends_nothing(reference, applicant, invitation):
    services.transition(reference, R.REPLACED, actor=applicant)

    result = task_send_reference_invitation.apply(
        kwargs={"invitation_id": invitation.pk, "number": 2}
    ).get()

    assert result == "not needed"
    assert Link.objects.count() == 1


# --- The rater --------------------------------------------------------------------------------


def test_opening_the_form_marks_opened_once(reference, invitation):
    services.record_opened(invitation)
    services.record_opened(invitation)

    reference.refresh_from_db()
    invitation.refresh_from_db()
    assert reference.status == R.OPENED
    assert invitation.opened_at is not None
    assert (
        AuditEvent.objects.filter(action="reference.status_changed", data__to="opened").count() == 1
    )


def test_draft_keeps_known_areas_only_and_changes_no_status(reference, invitation):
    rating = services.save_draft(
        invitation,
        {"rater_name": "Rita R.", "answers": {"thinking": "3", "made-up": "4"}},
        area_codes=IFS_AREAS,
    )

    assert rating.answers == {"thinking": "3"}
    assert rating.submitted_at is None
    reference.refresh_from_db()
    assert reference.status == R.INVITED


def test_submit_with_every_area_counts(reference, invitation):
    rating = services.submit_rating(
        invitation, {"rater_name": "Rita Rater", "answers": answers(5)}, area_codes=IFS_AREAS
    )

    reference.refresh_from_db()
    assert reference.status == R.SUBMITTED
    assert reference.submitted_at == rating.submitted_at
    assert rating.not_enough_information == 5
    assert rating.counts is True
    assert len(mail.outbox) == 1  # nothing to the applicant


def test_submit_with_missing_area_is_refused(reference, invitation):
    partial = answers(0)
    del partial["thinking"]

    with pytest.raises(services.ReferenceWorkflowError):
        services.submit_rating(
            invitation, {"rater_name": "Rita", "answers": partial}, area_codes=IFS_AREAS
        )

    reference.refresh_from_db()
    assert reference.status == R.INVITED


def test_six_not_enough_information_answers_do_not_count_and_ask_for_someone_else(
    reference, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rating = services.submit_rating(
            invitation, {"rater_name": "Rita", "answers": answers(6)}, area_codes=IFS_AREAS
        )

    reference.refresh_from_db()
    assert rating.counts is False
    assert rating.not_enough_information == 6
    assert reference.status == R.DECLINED
    assert reference.submitted_at is not None
    notice = mail.outbox[-1]
    assert notice.to == [reference.application.applicant.email]
    assert notice.subject == "The rating from Rita Rater cannot be counted"
    assert "not enough information to rate" in notice.body
    # The applicant learns nothing of what was written.
    assert "Skilled" not in notice.body
    dossier = build_dossier(
        with_workspace(type(reference.application).objects.all()).get(pk=reference.application.pk),
        as_of=timezone.localdate(),
    )
    assert dossier.references[0].status == "declined"


def test_submitting_twice_is_refused(invitation):
    services.submit_rating(
        invitation, {"rater_name": "Rita", "answers": answers(0)}, area_codes=IFS_AREAS
    )

    with pytest.raises(services.ReferenceWorkflowError):
        services.submit_rating(
            invitation, {"rater_name": "Other", "answers": answers(8)}, area_codes=IFS_AREAS
        )

    assert Rating.objects.get().rater_name == "Rita"


def test_decline_records_reason_and_tells_applicant_once(
    reference, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(invitation, reason="I have not seen her work this year.")

    reference.refresh_from_db()
    invitation.refresh_from_db()
    assert reference.status == R.DECLINED
    assert invitation.declined_reason == "I have not seen her work this year."
    assert [m.subject for m in mail.outbox[1:]] == [
        "Rita Rater declined to give a reference rating"
    ]
    assert SentNotice.objects.filter(kind=Notice.APPLICANT_DECLINED).count() == 1
    with pytest.raises(services.ReferenceWorkflowError):
        services.decline(invitation, reason="again")


def test_after_the_deadline_the_rater_cannot_save(invitation):
    invitation.deadline = timezone.localdate() - dt.timedelta(days=1)
    invitation.save()

    with pytest.raises(services.ReferenceWorkflowError):
        services.save_draft(invitation, {"answers": {"thinking": "2"}}, area_codes=IFS_AREAS)


# --- Replacing, deadlines, vetting ------------------------------------------------------------


def test_replace_withdraws_the_old_link_and_nominates_the_new_rater(
    reference, applicant, invitation
):
    new = Reference(
        rater_name="Nora New",
        email="nora@agency.example",
        relationship="current_supervisor",
    )

    saved = services.replace_rater(reference, new, actor=applicant)

    reference.refresh_from_db()
    invitation.refresh_from_db()
    assert reference.status == R.REPLACED
    assert invitation.withdrawn_at is not None
    assert invitation.replaced_by == saved
    assert saved.status == R.NOMINATED
    assert saved.waiver_signed is True


def test_extend_deadline_reopens_an_expired_link(reference, invitation, coordinator):
    services.transition(reference, R.EXPIRED, actor=None)
    new_deadline = timezone.localdate() + dt.timedelta(days=10)

    services.extend_deadline(invitation, new_deadline, actor=coordinator, reason="on leave")

    reference.refresh_from_db()
    invitation.refresh_from_db()
    assert reference.status == R.INVITED
    assert invitation.deadline == new_deadline


def test_extend_deadline_to_the_past_is_refused(invitation, coordinator):
    with pytest.raises(services.ReferenceWorkflowError):
        services.extend_deadline(
            invitation, timezone.localdate() - dt.timedelta(days=1), actor=coordinator
        )


def test_vetting_sets_rater_vetted_from_the_latest_decision(reference, coordinator):
    today = timezone.localdate()
    services.record_vetting(
        reference,
        accepted=True,
        note="Phone call: knows the Guidelines.",
        decided_on=today,
        actor=coordinator,
    )
    services.record_vetting(
        reference,
        accepted=False,
        note="An older call, recorded late.",
        decided_on=today - dt.timedelta(days=5),
        actor=coordinator,
    )

    reference.refresh_from_db()
    assert reference.rater_vetted is True
    assert VettingDecision.objects.filter(reference=reference).count() == 2
    assert AuditEvent.objects.filter(action="reference.vetted").count() == 2


def test_transition_outside_the_map_is_refused(reference):
    with pytest.raises(services.ReferenceWorkflowError):
        services.transition(reference, R.SUBMITTED, actor=None)


def test_other_application_reference_unaffected(reference, invitation):
    other = ReferenceFactory()
    services.decline(invitation, reason="No time.")

    other.refresh_from_db()
    assert other.status == R.NOMINATED


# --- The rater's personal links in sent emails -------------------------------------------------


def _submit(invitation, actor):
    services.submit_rating(
        invitation, {"rater_name": "Rita", "answers": answers(0)}, area_codes=IFS_AREAS
    )


def _decline(invitation, actor):
    services.decline(invitation, reason="No time.")


def _replace(invitation, actor):
    new = Reference(rater_name="Nora New", email="nora@agency.example", relationship="colleague")
    services.replace_rater(invitation.reference, new, actor=actor)


@pytest.mark.parametrize("done", [_submit, _decline, _replace])
def test_once_the_rater_is_done_their_sent_link_emails_lose_their_text(
    done, reference, applicant, invitation, django_capture_on_commit_callbacks
):
    # A second invitation email and a reminder, both sent; a third email still queued.
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(invitation, actor=applicant)
    Invitation.objects.filter(pk=invitation.pk).update(
        invited_on=timezone.localdate() - dt.timedelta(days=7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders()
    queued = services.send_invitation_email(invitation, 3).email
    other = ReferenceFactory(application=reference.application, email="omar@agency.example")
    with django_capture_on_commit_callbacks(execute=True):
        other_invitation = services.invite(other, actor=applicant)
    sent = list(
        OutboundEmail.objects.filter(reference_link__invitation=invitation)
        .exclude(pk=queued.pk)
        .order_by("pk")
    )
    assert [(e.event, e.status) for e in sent] == [
        ("reference_invitation", EmailStatus.SENT),
        ("reference_invitation", EmailStatus.SENT),
        ("reference_reminder", EmailStatus.SENT),
    ]
    kept = [(e.pk, e.to, e.subject, e.status, e.created_at, e.sent_at) for e in sent]

    done(invitation, applicant)

    redacted = list(OutboundEmail.objects.filter(pk__in=[e.pk for e in sent]).order_by("pk"))
    assert [(e.body_text, e.body_html) for e in redacted] == [(REDACTED_EMAIL, "")] * 3
    assert [(e.pk, e.to, e.subject, e.status, e.created_at, e.sent_at) for e in redacted] == kept
    # The email the worker had yet to send is cancelled: never sent with a dead link.
    queued.refresh_from_db()
    assert (queued.status, queued.body_text) == (EmailStatus.CANCELLED, REDACTED_EMAIL)
    # The other rater's are left as they were.
    other_email = OutboundEmail.objects.get(reference_link__invitation=other_invitation)
    assert "/references/r/" in other_email.body_text
    assert "/references/r/" in other_email.body_html


def test_an_expired_link_keeps_its_email_since_the_deadline_may_be_extended(reference, invitation):
    services.transition(reference, R.EXPIRED, actor=None)

    email = OutboundEmail.objects.get(reference_link__invitation=invitation)
    assert "/references/r/" in email.body_text
