"""The outcome of an exam: both parts passed → the endorsement; otherwise the candidate learns
which part to retake, and may ask for a retake in writing after the waiting period."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from applications import services as application_services
from applications.enums import ApplicationStatus
from easy.audit.services import record
from endorsements.services import grant_endorsement

from .. import emails
from ..enums import ApprovalStatus, Part, RegistrationStatus, RetakeStatus, SittingStatus
from ..models import ExamApproval, Registration, RetakeRequest, Sitting
from .approvals import transition_approval
from .common import ExamError, move, settings_for, today
from .registration import parts_due, transition_registration

RT = RetakeStatus
RETAKE_TRANSITIONS: dict[str, frozenset[str]] = {
    RT.REQUESTED: frozenset({RT.APPROVED, RT.DECLINED}),
    RT.APPROVED: frozenset(),
    RT.DECLINED: frozenset(),
}


def can_transition_retake(request: RetakeRequest, to: str) -> bool:
    return to in RETAKE_TRANSITIONS[request.status]


def transition_retake(request: RetakeRequest, to: str, *, actor, reason: str = ""):
    """Side effects: saves it; one audit row; the candidate's email."""
    move(
        request,
        to,
        RETAKE_TRANSITIONS,
        action=f"exam.retake_{to}",
        actor=actor,
        reason=reason,
        fields={"reason": reason},
    )
    emails.retake_decided(request, key=f"exam-retake-decided:{request.uuid}")
    return request


def settle(registration: Registration, *, actor):
    """Once every part of the registration is scored: the registration is completed; both
    parts passed (across registrations) → the endorsement and the "passed" email; else the
    "not passed" email with the failed part(s) and the scores per area."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    sittings = list(registration.sittings.all())
    if any(s.status != SittingStatus.SCORED for s in sittings):
        return None
    if registration.status == RegistrationStatus.REGISTERED:
        transition_registration(registration, RegistrationStatus.COMPLETED, actor=actor)
    approval = registration.approval
    application = approval.application
    if not parts_due(approval):
        endorsement = grant_endorsement(application, actor=actor)
        if application.status == ApplicationStatus.APPROVED_TO_SIT_EXAM:
            application_services.transition(
                application,
                ApplicationStatus.ENDORSED,
                actor=actor,
                reason="Both parts of the written exam passed.",
                notify=False,
            )
        transition_approval(approval, ApprovalStatus.PASSED, actor=actor)
        emails.result(
            registration,
            sittings,
            passed=True,
            endorsement=endorsement,
            key=f"exam-result:{registration.uuid}",
        )
        return endorsement
    emails.result(
        registration,
        sittings,
        passed=False,
        endorsement=None,
        key=f"exam-result:{registration.uuid}",
    )
    return None


def last_failed_on(approval: ExamApproval) -> dt.date | None:
    last = (
        Sitting.objects.filter(registration__approval=approval, passed=False)
        .order_by("-submitted_at")
        .first()
    )
    return last.submitted_at.date() if last and last.submitted_at else None


@transaction.atomic
def request_retake(approval: ExamApproval, letter: str, *, actor) -> RetakeRequest:
    """The candidate asks in writing to retake the part(s) not passed; the earliest exam week
    is after the association's waiting period. Side effects: one RetakeRequest; audit; an
    email to the coordinators."""
    if approval.candidate_id != getattr(actor, "pk", None):
        raise ExamError(_("Only the candidate asks for a retake."))
    if approval.status != ApprovalStatus.ACTIVE:
        raise ExamError(_("A retake is possible only while the approval to sit is in force."))
    if not letter.strip():
        raise ExamError(_("Write your request to the coordinator."))
    failed_on = last_failed_on(approval)
    if failed_on is None:
        raise ExamError(_("There is no part to retake."))
    if approval.retakes.filter(status=RT.REQUESTED).exists():
        raise ExamError(_("Your request is waiting for the coordinator."))
    if approval.registrations.filter(
        status__in=[RegistrationStatus.AWAITING_PAYMENT, RegistrationStatus.REGISTERED]
    ).exists():
        raise ExamError(_("Finish the registration you have first."))
    wait = settings_for(approval.association).retake_wait_days
    request = RetakeRequest.objects.create(
        approval=approval,
        letter=letter.strip(),
        parts=[p for p in parts_due(approval) if p in (Part.MC, Part.ESSAY)],
        earliest_on=failed_on + dt.timedelta(days=wait),
    )
    record(
        actor,
        "exam.retake_requested",
        request,
        data={"uuid": str(request.uuid), "parts": request.parts},
    )
    emails.to_coordinators(
        approval.association,
        "exam-retake-requested",
        {"request": request},
        key=f"exam-retake-requested:{request.uuid}",
    )
    return request


@transaction.atomic
def decide_retake(request: RetakeRequest, *, approve: bool, actor, reason: str = ""):
    if not approve and not reason.strip():
        raise ExamError(_("Write why the retake is refused."))
    return transition_retake(
        request, RT.APPROVED if approve else RT.DECLINED, actor=actor, reason=reason.strip()
    )


__all__ = ["decide_retake", "request_retake", "settle", "today"]
