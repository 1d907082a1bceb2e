import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from applications import services
from applications.enums import ApplicationStatus as S
from applications.enums import SignatureKind
from applications.models import Application, Signature
from easy.audit.models import AuditEvent
from easy.notifications.models import OutboundEmail
from tests.factories.accounts import UserFactory
from tests.factories.applications import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_transition_records_audit_and_emails_the_applicant(django_capture_on_commit_callbacks):
    application = ApplicationFactory(status=S.SUBMITTED, category_code="IFS")
    coordinator = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            application, S.RETURNED, actor=coordinator, reason="Please add your transcript."
        )

    application.refresh_from_db()
    assert application.status == S.RETURNED
    event = AuditEvent.objects.get(action="application.transition")
    assert (event.actor, event.reason) == (coordinator, "Please add your transcript.")
    assert event.data == {"from": "submitted", "to": "returned", "version": 1}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.applicant.email]
    assert message.subject == "Your IFS application: Returned for changes"
    assert "returned your IFS application for changes" in message.body
    assert "Message: Please add your transcript." in message.body
    assert f"/apply/{application.uuid}/status/" in message.body
    assert "Please add your transcript." in message.alternatives[0][0]


def test_transition_without_notify_records_audit_but_sends_no_email(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(status=S.IN_REVIEW, category_code="IFS")

    with django_capture_on_commit_callbacks(execute=True):
        services.transition(application, S.ENDORSED, actor=None, notify=False)

    application.refresh_from_db()
    assert application.status == S.ENDORSED
    event = AuditEvent.objects.get(action="application.transition")
    assert event.data == {"from": "in_review", "to": "endorsed", "version": 1}
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


def test_transition_refuses_a_change_outside_the_map():
    application = ApplicationFactory(status=S.IN_PROGRESS)

    with pytest.raises(services.ApplicationError) as error:
        services.transition(application, S.ENDORSED, actor=None)

    assert str(error.value) == "An application that is in progress cannot become endorsed."
    assert Application.objects.get(pk=application.pk).status == S.IN_PROGRESS
    assert not AuditEvent.objects.filter(action="application.transition").exists()


def test_every_status_has_an_entry_in_the_map():
    assert set(services.ALLOWED) == set(S)
    assert services.ALLOWED[S.ENDORSED] == frozenset()
    assert services.ALLOWED[S.WITHDRAWN] == frozenset()


def test_revise_and_resubmit_reopens_as_the_next_version():
    application = ApplicationFactory(status=S.REVISE_RESUBMIT, version=1)

    services.start_revision(application, actor=application.applicant)

    application.refresh_from_db()
    assert (application.status, application.version) == (S.IN_PROGRESS, 2)


def test_approve_registration_stamps_the_date_and_tells_the_applicant(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(status=S.REGISTERED)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_registration(application, actor=UserFactory())

    application.refresh_from_db()
    assert application.status == S.IN_PROGRESS
    assert application.approved_at is not None
    assert mail.outbox[0].subject == "Your IFS application: In progress"
    assert "Your registration for the IFS endorsement" in mail.outbox[0].body


def test_withdraw_is_refused_after_a_decision():
    application = ApplicationFactory(status=S.ENDORSED)

    with pytest.raises(services.ApplicationError):
        services.withdraw(application, actor=application.applicant)


def test_return_needs_a_reason():
    application = ApplicationFactory(status=S.SUBMITTED)

    with pytest.raises(services.ApplicationError) as error:
        services.return_for_changes(application, actor=None, reason="  ")

    assert str(error.value) == "Say what the applicant should change."


def test_rows_cannot_change_while_submitted():
    application = ApplicationFactory(status=S.SUBMITTED)

    with pytest.raises(services.ApplicationError) as error:
        services.set_provides_rsc(application, True, actor=application.applicant)

    assert str(error.value) == "This application cannot be changed now: it is submitted."


def test_sign_records_version_hash_and_ip_and_is_immutable(association):
    application = ApplicationFactory(association=association)

    signature = services.sign(
        application,
        SignatureKind.AGREEMENT,
        typed_name="  Ada Applicant ",
        ip_address="203.0.113.9",
        actor=application.applicant,
    )

    assert signature.typed_name == "Ada Applicant"
    assert signature.document_version == "2026-1"
    assert signature.ip_address == "203.0.113.9"
    assert len(signature.text_sha256) == 64
    signature.typed_name = "Someone else"
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        signature.delete()
    assert Signature.objects.get().typed_name == "Ada Applicant"
    with pytest.raises(services.ApplicationError):
        services.sign(
            application, SignatureKind.AGREEMENT, typed_name="Ada", ip_address=None, actor=None
        )


def test_comment_and_answer_notify_the_other_side(django_capture_on_commit_callbacks):
    advisor = UserFactory(full_name="Alex Advisor")
    application = ApplicationFactory(advisor=advisor)

    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(
            application, "work", "Say how many families you served.", actor=advisor
        )
        services.add_comment(
            application, "work", "Done: 40 families.", actor=application.applicant, parent=comment
        )

    assert [m.to for m in mail.outbox] == [[application.applicant.email], [advisor.email]]
    assert mail.outbox[0].subject == "New comment on Work experience in your IFS application"
    assert "Say how many families you served." in mail.outbox[0].body
    assert mail.outbox[1].subject == (
        f"{application.applicant.display_name} answered your comment on Work experience "
        f"({application.applicant.display_name}, IFS)"
    )
