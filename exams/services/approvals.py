"""Approvals to sit the exam: opened from the review's decision, extended by the coordinator,
ended when their year is over, and asked for anew."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus
from easy.audit.services import record

from .. import emails
from ..enums import ApprovalStatus
from ..models import ExamApproval
from .common import ExamError, move, settings_for, today

A = ApprovalStatus

#: Every allowed change of an approval's status.
APPROVAL_TRANSITIONS: dict[str, frozenset[str]] = {
    A.ACTIVE: frozenset({A.EXPIRED, A.PASSED}),
    A.EXPIRED: frozenset({A.RENEWAL_REQUESTED}),
    A.RENEWAL_REQUESTED: frozenset({A.ACTIVE, A.EXPIRED}),
    A.PASSED: frozenset(),
}


def can_transition_approval(approval: ExamApproval, to: str) -> bool:
    return to in APPROVAL_TRANSITIONS[approval.status]


def transition_approval(
    approval: ExamApproval, to: str, *, actor, reason: str = "", fields: dict | None = None
) -> ExamApproval:
    """Move ``approval`` to ``to``. Side effects: saves it; one audit row on the application;
    an email to the candidate when it ends or is given anew."""
    move(
        approval,
        to,
        APPROVAL_TRANSITIONS,
        action="exam.approval_" + to,
        actor=actor,
        reason=reason,
        audit_on=approval.application,
        fields=fields,
    )
    if to == A.EXPIRED:
        emails.approval_expired(approval, key=f"exam-approval-expired:{approval.uuid}")
    elif to == A.ACTIVE:
        emails.approval_renewed(
            approval, key=f"exam-approval-renewed:{approval.uuid}:{approval.valid_until}"
        )
    return approval


@transaction.atomic
def open_approval(application, *, decided_on: dt.date | None = None, actor=None) -> ExamApproval:
    """The approval that follows a decision "approve to sit the exam": valid for the
    association's number of days from the decision. Idempotent.

    Side effects: one ExamApproval; one audit row.
    """
    existing = ExamApproval.objects.filter(application=application).first()
    if existing is not None:
        return existing
    decided_on = decided_on or (
        application.decided_at.date() if application.decided_at else today()
    )
    days = settings_for(application.association).approval_days
    approval = ExamApproval.objects.create(
        application=application,
        association=application.association,
        candidate=application.applicant,
        approved_on=decided_on,
        valid_until=decided_on + dt.timedelta(days=days),
    )
    record(
        actor,
        "exam.approval_opened",
        application,
        data={"approval": str(approval.uuid), "valid_until": approval.valid_until.isoformat()},
    )
    return approval


def approval_for(application) -> ExamApproval | None:
    """The application's approval, opened now if the decision predates the exam module."""
    found = ExamApproval.objects.filter(application=application).first()
    if found is None and application.status == ApplicationStatus.APPROVED_TO_SIT_EXAM:
        found = open_approval(application)
    return found


@transaction.atomic
def extend_approval(approval: ExamApproval, valid_until: dt.date, *, actor, reason: str):
    """The coordinator gives more time, with a reason. Side effects: saves ``valid_until``;
    one audit row; the candidate's email."""
    if not reason.strip():
        raise ExamError(_("Write why the approval is extended."))
    approval = ExamApproval.objects.select_for_update().get(pk=approval.pk)
    if approval.status != A.ACTIVE:
        raise ExamError(_("Only an approval in force can be extended."))
    if valid_until <= approval.valid_until:
        raise ExamError(_("The new date must be later than the current one."))
    before = approval.valid_until
    approval.valid_until = valid_until
    approval.save(update_fields=["valid_until", "updated_at"])
    record(
        actor,
        "exam.approval_extended",
        approval.application,
        reason=reason.strip(),
        data={"from": before.isoformat(), "to": valid_until.isoformat()},
    )
    emails.approval_extended(
        approval, reason.strip(), key=f"exam-approval-ext:{approval.uuid}:{valid_until}"
    )
    return approval


def expire_due_approvals(on: dt.date | None = None) -> int:
    """End every approval whose last day has passed. Safe to run twice. Returns how many."""
    on = on or today()
    count = 0
    for pk in ExamApproval.objects.filter(status=A.ACTIVE, valid_until__lt=on).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            approval = ExamApproval.objects.select_for_update().get(pk=pk)
            if approval.status == A.ACTIVE and approval.valid_until < on:
                transition_approval(
                    approval,
                    A.EXPIRED,
                    actor=None,
                    reason="The approval to sit the exam reached its end date.",
                )
                count += 1
    return count


@transaction.atomic
def request_new_approval(approval: ExamApproval, letter: str, *, actor) -> ExamApproval:
    """The candidate whose approval ended asks for a new one, in writing."""
    if not letter.strip():
        raise ExamError(_("Write a few words to the coordinator about your request."))
    if approval.candidate_id != getattr(actor, "pk", None):
        raise ExamError(_("Only the candidate asks for a new approval."))
    transition_approval(
        approval,
        A.RENEWAL_REQUESTED,
        actor=actor,
        reason=letter.strip(),
        fields={"renewal_request": letter.strip()},
    )
    emails.to_coordinators(
        approval.association,
        "exam-approval-requested",
        {"approval": approval},
        key=f"exam-approval-requested:{approval.uuid}:{approval.updated_at.timestamp()}",
    )
    return approval


@transaction.atomic
def decide_new_approval(approval: ExamApproval, *, grant: bool, actor, reason: str = ""):
    """The coordinator gives a new year (from today) or refuses, with a reason. Side effects:
    the approval's status (and dates); one audit row; the candidate's email either way."""
    if not grant and not reason.strip():
        raise ExamError(_("Write why the request is refused."))
    if grant:
        days = settings_for(approval.association).approval_days
        return transition_approval(
            approval,
            A.ACTIVE,
            actor=actor,
            reason=reason.strip() or "New approval to sit the exam.",
            fields={"approved_on": today(), "valid_until": today() + dt.timedelta(days=days)},
        )
    move(
        approval,
        A.EXPIRED,
        APPROVAL_TRANSITIONS,
        action="exam.approval_request_refused",
        actor=actor,
        reason=reason.strip(),
        audit_on=approval.application,
    )
    emails.approval_refused(
        approval, reason.strip(), key=f"exam-approval-refused:{approval.uuid}:{today()}"
    )
    return approval
