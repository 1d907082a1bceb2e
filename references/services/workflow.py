"""The one status workflow of a reference, and the notices it sends (recorded once, sent
by tasks in batches)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from applications.tallies import count_ratings
from easy.audit.services import record
from easy.lib.tasks import enqueue_on_commit
from easy.lib.tokens import random_key
from easy.notifications.models import OutboundEmail
from easy.notifications.services import cancel_pending, redact
from endorsements.models import Category

from .. import emails
from ..enums import (
    ALLOWED,
    RATER_DONE,
    RATER_REMINDERS,
    LinkKind,
    Notice,
    ReferenceStatus,
)
from ..models import Invitation, Link, Reference, SentNotice, token_hash

R = ReferenceStatus

#: Days a rater has to answer, counted from the invitation (the coordinator may extend them).
DEADLINE_DAYS = 30
#: Rater reminders: days after the invitation, and days before the deadline.
REMINDER_AFTER_DAYS = {Notice.RATER_DAY_7: 7, Notice.RATER_DAY_14: 14}
REMINDER_BEFORE_DEADLINE_DAYS = 3


class ReferenceWorkflowError(Exception):
    """A change the rules do not allow; the message is written for the person who asked.
    (Not ``ReferenceError``: that name is a Python built-in.) ``code`` tells the cases apart
    for callers that must (``RESEND_LIMIT``; blank otherwise)."""

    #: The applicant asked for this rater's invitation too often today.
    RESEND_LIMIT = "resend_limit"

    def __init__(self, message: str = "", code: str = ""):
        super().__init__(message)
        self.code = code


def _today() -> dt.date:
    return timezone.localdate()


def _rater_label(reference: Reference) -> str:
    return f"rater: {reference.rater_name}"


# --- The one status workflow ------------------------------------------------------------------


def can_transition(reference: Reference, to: str) -> bool:
    """May ``reference`` move to ``to`` now (``enums.ALLOWED``)?"""
    return to in ALLOWED[reference.status]


def _check(before: str, to: str) -> None:
    if to not in ALLOWED[before]:
        raise ReferenceWorkflowError(
            f"A reference that is {R(before).label.lower()} cannot become {R(to).label.lower()}."
        )


def _notice_for(before: str, to: str) -> str | None:
    """What the applicant is told when a reference stops being usable."""
    if to == R.DECLINED:
        return Notice.APPLICANT_NOT_COUNTED if before == R.SUBMITTED else Notice.APPLICANT_DECLINED
    if to == R.EXPIRED:
        return Notice.APPLICANT_OUTDATED if before == R.SUBMITTED else Notice.APPLICANT_EXPIRED
    return None


def _changed(reference: Reference, before: str, to: str, *, actor, reason, actor_label) -> None:
    record(
        actor,
        "reference.status_changed",
        reference,
        reason=reason,
        data={"from": before, "to": to, "application": str(reference.application.uuid)},
        actor_label=actor_label,
    )


#: What is left of an invitation or reminder email once the rater's links stop working.
REDACTED_EMAIL = (
    "This email carried a personal link to a reference rating form. The rater answered or is "
    "no longer needed, so the link stopped working and the text of the email was removed."
)


def _redact_rater_emails(reference_ids: list[int]) -> None:
    """The links of these references stopped working for good: the invitation and reminder
    emails that carried them lose their text (the portal keeps only each link's hash; the
    email must not keep the secret until old emails are purged)."""
    emails = OutboundEmail.objects.filter(
        reference_link__invitation__reference_id__in=reference_ids
    )
    cancel_pending(emails)  # not sent yet: the link they carry is dead
    redact(emails, REDACTED_EMAIL)


def transition(
    reference: Reference,
    to: str,
    *,
    actor,
    reason: str = "",
    actor_label: str = "",
    invitation: Invitation | None = None,
    when: dt.datetime | None = None,
) -> Reference:
    """Move ``reference`` to status ``to`` (``when``: the moment of a submitted rating).

    Side effects: saves ``status`` (and ``submitted_at`` for a submitted rating); one audit row;
    the applicant is told (once) when the reference stops being usable: declined by the rater,
    link expired, rating not counted (too many "not enough information" answers) or outdated;
    once the rater answered or was replaced (``RATER_DONE``), the sent invitation and reminder
    emails that carried their links lose their text (``_redact_rater_emails``).
    Raises ReferenceWorkflowError when ``ALLOWED`` does not allow the change.
    ``transition_many`` is the same for many references at once (the periodic job).
    """
    current = Reference.objects.select_for_update().get(pk=reference.pk)
    before, to = R(current.status), R(to)
    _check(before, to)
    reference.status = to
    fields = ["status"]
    if to == R.SUBMITTED:
        reference.submitted_at = when or timezone.now()
        fields.append("submitted_at")
    reference.save(update_fields=fields)
    _changed(reference, before, to, actor=actor, reason=reason, actor_label=actor_label)
    if to in RATER_DONE:
        _redact_rater_emails([reference.pk])
    notice = _notice_for(before, to)
    if notice is not None:
        invitation = invitation or Invitation.objects.get(reference=reference)
        _claim_notices([(invitation, notice, _today())])
    return reference


def transition_many(invitations: list[Invitation], to: str, *, reason: str) -> int:
    """``transition`` by the system for the references of many invitations (rows locked by the
    caller, loaded with ``reference__application__association``): one UPDATE, one audit row
    each, the applicants' notices recorded in bulk. Returns how many changed."""
    to = R(to)
    for invitation in invitations:
        _check(invitation.reference.status, to)
    Reference.objects.filter(pk__in=[i.reference_id for i in invitations]).update(status=to)
    count_ratings(
        [
            i.reference.application_id
            for i in invitations
            if R.SUBMITTED in (i.reference.status, to)
        ],
        status=R.SUBMITTED,
    )
    if to in RATER_DONE:
        _redact_rater_emails([i.reference_id for i in invitations])
    notices = []
    today = _today()
    for invitation in invitations:
        reference = invitation.reference
        before, reference.status = reference.status, to
        _changed(reference, before, to, actor=None, reason=reason, actor_label="")
        notice = _notice_for(before, to)
        if notice is not None:
            notices.append((invitation, notice, today))
    _claim_notices(notices)
    return len(invitations)


# --- Reminders and notices: recorded once, sent by tasks in batches ---------------------------

#: Notices one task sends.
NOTICE_BATCH = 100


def _claim_notices(items: list[tuple[Invitation, str, dt.date]]) -> list[SentNotice]:
    """Record the notices not recorded yet and send them from tasks after commit.

    The caller holds the invitations' rows, so no other run records the same notice meanwhile.
    Returns the notices recorded now.
    """
    if not items:
        return []
    recorded = set(
        SentNotice.objects.filter(
            invitation_id__in={i.pk for i, _, _ in items}, kind__in={k for _, k, _ in items}
        ).values_list("invitation_id", "kind", "due_on")
    )
    new = []
    for invitation, kind, due_on in items:
        if (invitation.pk, kind, due_on) not in recorded:
            recorded.add((invitation.pk, kind, due_on))
            new.append(SentNotice(invitation=invitation, kind=kind, due_on=due_on))
    SentNotice.objects.bulk_create(new)
    from ..tasks import task_send_reference_notices  # noqa: PLC0415  (tasks import services)

    ids = [n.pk for n in new]
    for start in range(0, len(ids), NOTICE_BATCH):
        chunk = ids[start : start + NOTICE_BATCH]
        enqueue_on_commit(task_send_reference_notices, notice_ids=chunk)
    return new


@transaction.atomic
def send_notices(notice_ids: list[int]) -> int:
    """Queue the emails of recorded notices (the task's work). Rater reminders carry a new
    personal link each. Idempotent: a notice whose email is queued is skipped, and a reminder
    to a rater who answered meanwhile is not sent. Returns how many emails were queued.

    Side effects: Links (bulk), OutboundEmails (sent after commit), the notices' ``email``.
    """
    notices = list(
        # The reference's row too: a rater answering meanwhile waits for this, or is seen here.
        SentNotice.objects.select_for_update(of=("self", "invitation__reference"))
        .filter(pk__in=notice_ids, email=None)
        .select_related(
            "invitation__reference__application__applicant",
            "invitation__reference__application__association",
        )
        .order_by("pk")
    )
    if not notices:
        return 0
    labels = {c.code: f"{c.code} — {c.name}" for c in Category.objects.all()}
    today = _today()
    links, done = [], []
    for notice in notices:
        invitation = notice.invitation
        key = f"reference-notice:{invitation.uuid}:{notice.kind}:{notice.due_on}"
        if notice.kind in RATER_REMINDERS:
            reference = invitation.reference
            if not invitation.is_open or invitation.deadline < today:
                continue
            token = random_key()
            notice.email = emails.rater_reminder(
                invitation,
                token=token,
                kind=notice.kind,
                key=key,
                category=labels.get(reference.application.category_code, ""),
            )
            links.append(
                Link(
                    invitation=invitation,
                    token_hash=token_hash(token),
                    kind=LinkKind.REMINDER,
                    email=notice.email,
                )
            )
        else:
            notice.email = emails.applicant_notice(invitation, kind=notice.kind, key=key)
        done.append(notice)
    Link.objects.bulk_create(links)
    SentNotice.objects.bulk_update(done, ["email"])
    return len(done)
