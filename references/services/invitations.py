"""Inviting raters, their links, deadlines, replacement, and the coordinator's vetting."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from applications.enums import EDITABLE
from easy.audit.services import record
from easy.lib.tasks import enqueue_on_commit
from easy.lib.tokens import random_key

from .. import emails
from ..enums import (
    LinkKind,
)
from ..models import Invitation, Link, Reference, VettingDecision, token_hash
from .nominations import nominate
from .workflow import DEADLINE_DAYS, R, ReferenceWorkflowError, _today, transition


def _require_preparing(reference: Reference) -> None:
    if reference.application.status not in EDITABLE:
        raise ReferenceWorkflowError(
            "The application is not open for changes, so its reference raters cannot change."
        )


# --- Invitations ------------------------------------------------------------------------------


def invitation_key(invitation: Invitation, number: int) -> str:
    return f"reference-invitation:{invitation.uuid}:{number}"


def _enqueue_invitation_email(invitation: Invitation, number: int) -> None:
    from ..tasks import task_send_reference_invitation  # noqa: PLC0415  (tasks import services)

    enqueue_on_commit(task_send_reference_invitation, invitation_id=invitation.pk, number=number)


@transaction.atomic
def invite(reference: Reference, *, actor, deadline: dt.date | None = None) -> Invitation:
    """Invite a nominated rater: the email with a personal link is sent by a task after commit.

    Idempotent: a reference already invited keeps its invitation and no second email goes out
    (a resend is ``resend_invitation``). Side effects: one Invitation; the reference becomes
    "invited"; one audit row; one task on commit.
    """
    reference = (
        Reference.objects.select_for_update()
        .select_related("application__association", "application__applicant")
        .get(pk=reference.pk)
    )
    existing = Invitation.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    _require_preparing(reference)
    now = timezone.now()
    today = timezone.localdate(now)
    invitation = Invitation.objects.create(
        reference=reference,
        invited_at=now,
        invited_on=today,
        deadline=deadline or today + dt.timedelta(days=DEADLINE_DAYS),
    )
    transition(reference, R.INVITED, actor=actor, invitation=invitation)
    _enqueue_invitation_email(invitation, 1)
    return invitation


@transaction.atomic
def resend_invitation(invitation: Invitation, *, actor) -> int:
    """Send the invitation again (a new email with a new personal link; earlier links keep
    working). Returns the number of the email. Side effects: the count of emails asked for; one
    audit row; one task on commit."""
    invitation = (
        Invitation.objects.select_for_update().select_related("reference").get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ReferenceWorkflowError(
            "Only a rater who has not answered yet can get the invitation again."
        )
    if invitation.deadline < _today():
        raise ReferenceWorkflowError(
            "The link has expired. Ask the coordinator to extend the deadline."
        )
    invitation.emails_requested += 1
    invitation.save(update_fields=["emails_requested"])
    record(
        actor,
        "reference.invitation_resent",
        invitation.reference,
        data={"number": invitation.emails_requested},
    )
    _enqueue_invitation_email(invitation, invitation.emails_requested)
    return invitation.emails_requested


@transaction.atomic
def send_invitation_email(invitation: Invitation, number: int) -> Link | None:
    """Queue the ``number``-th invitation email with a fresh personal link (the task's work).

    Idempotent by ``number``: a retried or repeated task finds the link it made and sends
    nothing more. Nothing is sent to a rater who no longer needs to answer.
    Side effects: one Link; one OutboundEmail (sent after commit).
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("reference__application__association", "reference__application__applicant")
        .get(pk=invitation.pk)
    )
    key = invitation_key(invitation, number)
    done = Link.objects.filter(send_key=key).first()
    if done is not None:
        return done
    if not invitation.is_open:
        return None
    token = random_key()
    email = emails.invitation(invitation, token=token, key=key, again=number > 1)
    return Link.objects.create(
        invitation=invitation,
        token_hash=token_hash(token),
        kind=LinkKind.INVITATION,
        email=email,
        send_key=key,
    )


@transaction.atomic
def copy_link(invitation: Invitation, *, actor) -> str:
    """A new personal link for the applicant or coordinator to pass on by hand (when the
    rater's mail server blocks ours). Returns the link's secret: shown once, never stored.
    Side effects: one Link; one audit row."""
    invitation = Invitation.objects.select_related("reference").get(pk=invitation.pk)
    if not invitation.is_open:
        raise ReferenceWorkflowError("Only a rater who has not answered yet needs a link.")
    if invitation.deadline < _today():
        raise ReferenceWorkflowError(
            "The link has expired. Ask the coordinator to extend the deadline."
        )
    token = random_key()
    Link.objects.create(
        invitation=invitation,
        token_hash=token_hash(token),
        kind=LinkKind.COPIED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor, "reference.link_copied", invitation.reference)
    return token


@transaction.atomic
def extend_deadline(invitation: Invitation, deadline: dt.date, *, actor, reason: str = "") -> None:
    """Move the last day the rater may answer. An expired link works again.

    Side effects: the deadline; the reference goes back to "invited" (or "opened") if it had
    expired; one audit row.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("reference__application")
        .get(pk=invitation.pk)
    )
    reference = invitation.reference
    if deadline < _today():
        raise ReferenceWorkflowError("Choose a day from today on.")
    if not invitation.may_get_more_time:
        raise ReferenceWorkflowError(
            "Only a rater who has not answered yet can be given more time."
        )
    before = invitation.deadline
    invitation.deadline = deadline
    invitation.expired_at = None
    invitation.save(update_fields=["deadline", "expired_at"])
    record(
        actor,
        "reference.deadline_extended",
        reference,
        reason=reason,
        data={"from": before.isoformat(), "to": deadline.isoformat()},
    )
    if reference.status == R.EXPIRED:
        back = R.OPENED if invitation.opened_at else R.INVITED
        transition(reference, back, actor=actor, reason=reason, invitation=invitation)


@transaction.atomic
def replace_rater(old: Reference, new: Reference, *, actor) -> Reference:
    """Name ``new`` (an unsaved nomination) instead of ``old``: the old link stops working at
    once and shows a polite "no longer needed" page.

    Side effects: ``old`` becomes "replaced" (its invitation withdrawn); ``new`` is saved through
    ``nominations.nominate``; audit rows. The new rater is not invited yet.
    """
    old = Reference.objects.select_related("application").get(pk=old.pk)
    _require_preparing(old)
    invitation = Invitation.objects.filter(reference=old).first()
    transition(old, R.REPLACED, actor=actor, reason="replaced by another rater")
    new = nominate(old.application, new, actor=actor)
    if invitation is not None:
        invitation.withdrawn_at = timezone.now()
        invitation.replaced_by = new
        invitation.save(update_fields=["withdrawn_at", "replaced_by"])
    return new


# --- Vetting ----------------------------------------------------------------------------------


@transaction.atomic
def record_vetting(
    reference: Reference, *, accepted: bool, note: str, decided_on: dt.date, actor
) -> VettingDecision:
    """The coordinator's decision on a rater who is not endorsed.

    Side effects: one VettingDecision; ``Reference.rater_vetted`` follows the latest decision
    (by its date) — the rules module counts a vetted rater; one audit row.
    """
    reference = Reference.objects.select_for_update().get(pk=reference.pk)
    if reference.status == R.REPLACED:
        raise ReferenceWorkflowError("This rater was replaced; there is nothing to decide.")
    if decided_on > _today():
        raise ReferenceWorkflowError("The date of the decision cannot be in the future.")
    decision = VettingDecision.objects.create(
        reference=reference, accepted=accepted, note=note, decided_on=decided_on, decided_by=actor
    )
    latest = reference.vetting_decisions.order_by("-decided_on", "-created_at", "-id")[0]
    reference.rater_vetted = latest.accepted
    reference.save(update_fields=["rater_vetted"])
    record(
        actor,
        "reference.vetted",
        reference,
        reason=note,
        data={"accepted": accepted, "decided_on": decided_on.isoformat()},
    )
    return decision
