"""Every write of the reference ratings. Each function runs in one transaction, takes domain
objects and an ``actor`` (a user, or None for the rater or the system) and lists its side effects.

``Reference.status`` changes only through ``transition``. Besides it this module writes
``Reference.submitted_at`` (when a rating is submitted) and ``Reference.rater_vetted`` (the
coordinator's latest vetting decision); nothing else of the applicant's portal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from applications.enums import EDITABLE, ReferenceStatus
from applications.models import Reference
from easy.audit.services import record
from easy.lib.tokens import random_key

from . import emails
from .enums import (
    ALLOWED,
    AWAITING_RATER,
    PREPARING,
    RATING_VALID_DAYS,
    LinkKind,
    Notice,
)
from .models import Invitation, Link, Rating, SentNotice, VettingDecision, token_hash

R = ReferenceStatus

#: Days a rater has to answer, counted from the invitation (the coordinator may extend them).
DEADLINE_DAYS = 30
#: Rater reminders: days after the invitation, and days before the deadline.
REMINDER_AFTER_DAYS = {Notice.RATER_DAY_7: 7, Notice.RATER_DAY_14: 14}
REMINDER_BEFORE_DEADLINE_DAYS = 3


class ReferenceError(Exception):
    """A change the rules do not allow; the message is written for the person who asked."""


def _today() -> dt.date:
    return timezone.localdate()


def _rater_label(reference: Reference) -> str:
    return f"rater: {reference.rater_name}"


# --- The one status workflow ------------------------------------------------------------------


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
    link expired, rating not counted (too many "not enough information" answers) or outdated.
    Raises ReferenceError when ``ALLOWED`` does not allow the change.
    """
    current = Reference.objects.select_for_update().get(pk=reference.pk)
    to = R(to)
    before = R(current.status)
    if to not in ALLOWED[before]:
        raise ReferenceError(
            f"A reference that is {before.label.lower()} cannot become {to.label.lower()}."
        )
    reference.status = to
    fields = ["status"]
    if to == R.SUBMITTED:
        reference.submitted_at = when or timezone.now()
        fields.append("submitted_at")
    reference.save(update_fields=fields)
    record(
        actor,
        "reference.status_changed",
        reference,
        reason=reason,
        data={"from": before, "to": to, "application": str(reference.application.uuid)},
        actor_label=actor_label,
    )
    notice = {
        (R.SUBMITTED, R.DECLINED): Notice.APPLICANT_NOT_COUNTED,
        (R.SUBMITTED, R.EXPIRED): Notice.APPLICANT_OUTDATED,
    }.get((before, to))
    if notice is None and to == R.DECLINED:
        notice = Notice.APPLICANT_DECLINED
    elif notice is None and to == R.EXPIRED:
        notice = Notice.APPLICANT_EXPIRED
    if notice is not None:
        invitation = invitation or Invitation.objects.get(reference=reference)
        invitation.reference = reference
        _notify_applicant(invitation, notice)
    return reference


def _notify_applicant(invitation: Invitation, kind: str) -> SentNotice:
    """One notice of ``kind`` to the applicant, recorded so that it goes out once a day at most
    (a notice is due the day its cause happened)."""
    today = _today()
    notice, created = SentNotice.objects.get_or_create(
        invitation=invitation, kind=kind, due_on=today
    )
    if created:
        notice.email = emails.applicant_notice(
            invitation, kind=kind, key=f"reference-notice:{invitation.uuid}:{kind}:{today}"
        )
        notice.save(update_fields=["email"])
    return notice


def _require_preparing(reference: Reference) -> None:
    if reference.application.status not in EDITABLE:
        raise ReferenceError(
            "The application is not open for changes, so its reference raters cannot change."
        )


# --- Invitations ------------------------------------------------------------------------------


def invitation_key(invitation: Invitation, number: int) -> str:
    return f"reference-invitation:{invitation.uuid}:{number}"


def _enqueue_invitation_email(invitation: Invitation, number: int) -> None:
    from .tasks import task_send_reference_invitation

    transaction.on_commit(
        lambda: task_send_reference_invitation.delay(invitation_id=invitation.pk, number=number)
    )


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
    if invitation.reference.status not in AWAITING_RATER or invitation.withdrawn_at:
        raise ReferenceError("Only a rater who has not answered yet can get the invitation again.")
    if invitation.deadline < _today():
        raise ReferenceError("The link has expired. Ask the coordinator to extend the deadline.")
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
    if invitation.reference.status not in AWAITING_RATER or invitation.withdrawn_at:
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
    if invitation.reference.status not in AWAITING_RATER or invitation.withdrawn_at:
        raise ReferenceError("Only a rater who has not answered yet needs a link.")
    if invitation.deadline < _today():
        raise ReferenceError("The link has expired. Ask the coordinator to extend the deadline.")
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
        raise ReferenceError("Choose a day from today on.")
    if reference.status not in (*AWAITING_RATER, R.EXPIRED) or invitation.withdrawn_at:
        raise ReferenceError("Only a rater who has not answered yet can be given more time.")
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
    ``applications.services.nominate_reference``; audit rows. The new rater is not invited yet.
    """
    from applications import services as application_services

    old = Reference.objects.select_related("application").get(pk=old.pk)
    _require_preparing(old)
    invitation = Invitation.objects.filter(reference=old).first()
    transition(old, R.REPLACED, actor=actor, reason="replaced by another rater")
    new = application_services.nominate_reference(old.application, new, actor=actor)
    if invitation is not None:
        invitation.withdrawn_at = timezone.now()
        invitation.replaced_by = new
        invitation.save(update_fields=["withdrawn_at", "replaced_by"])
    return new


# --- The rater --------------------------------------------------------------------------------


@transaction.atomic
def record_opened(invitation: Invitation) -> None:
    """The rater opened the form for the first time. Side effects: ``opened_at``; "opened"."""
    invitation = (
        Invitation.objects.select_for_update().select_related("reference").get(pk=invitation.pk)
    )
    if invitation.opened_at is not None:
        return
    invitation.opened_at = timezone.now()
    invitation.save(update_fields=["opened_at"])
    reference = invitation.reference
    if reference.status == R.INVITED:
        transition(
            reference,
            R.OPENED,
            actor=None,
            actor_label=_rater_label(reference),
            invitation=invitation,
        )


RATER_FIELDS = (
    "rater_name",
    "rater_title",
    "rater_organisation",
    "rater_phone",
    "rater_endorsement",
    "rater_endorsement_number",
    "known_for",
    "relationship_note",
    "comments",
)


def _locked_open_invitation(invitation: Invitation) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("reference__application")
        .get(pk=invitation.pk)
    )
    if invitation.reference.status not in AWAITING_RATER or invitation.withdrawn_at:
        raise ReferenceError("This rating can no longer be changed.")
    if invitation.deadline < _today():
        raise ReferenceError("The deadline for this rating has passed.")
    return invitation


def _fill(rating: Rating, data: dict, area_codes: Iterable[str]) -> None:
    for name in RATER_FIELDS:
        if name in data:
            setattr(rating, name, data[name] or "")
    answers = data.get("answers") or {}
    codes = set(area_codes)
    rating.answers = {code: value for code, value in answers.items() if code in codes and value}
    rating.not_enough_information = Rating.count_not_enough_information(rating.answers)


@transaction.atomic
def save_draft(invitation: Invitation, data: dict, *, area_codes: Iterable[str]) -> Rating:
    """Keep what the rater typed so far (answers of unknown areas are dropped).

    Side effects: the draft Rating (created on the first save). No audit row: a draft is not
    a decision.
    """
    invitation = _locked_open_invitation(invitation)
    rating, _ = Rating.objects.get_or_create(invitation=invitation)
    if rating.is_submitted:
        raise ReferenceError("This rating has been submitted already.")
    _fill(rating, data, area_codes)
    rating.save()
    return rating


@transaction.atomic
def submit_rating(invitation: Invitation, data: dict, *, area_codes: Iterable[str]) -> Rating:
    """Submit the rating; it can no longer change and every link stops working.

    A rating with six or more "not enough information" answers does not count: the reference
    then becomes "declined" and the applicant is asked to name someone else.
    Side effects: the Rating; ``Reference.submitted_at``; "submitted" (then "declined" if it does
    not count); audit rows; the applicant's notice in that case.
    """
    invitation = _locked_open_invitation(invitation)
    codes = list(area_codes)
    rating, _ = Rating.objects.get_or_create(invitation=invitation)
    _fill(rating, data, codes)
    missing = [c for c in codes if c not in rating.answers]
    if missing:
        raise ReferenceError("Answer every competency area before you submit.")
    rating.counts = Rating.would_count(rating.answers)
    rating.submitted_at = timezone.now()
    rating.save()
    reference = invitation.reference
    label = _rater_label(reference)
    transition(
        reference,
        R.SUBMITTED,
        actor=None,
        actor_label=label,
        invitation=invitation,
        when=rating.submitted_at,
    )
    if not rating.counts:
        transition(
            reference,
            R.DECLINED,
            actor=None,
            actor_label="system",
            reason=(
                f'{rating.not_enough_information} answers were "not enough information to '
                f'rate": the rating does not count.'
            ),
            invitation=invitation,
        )
    return rating


@transaction.atomic
def decline(invitation: Invitation, *, reason: str) -> None:
    """The rater declines to rate. Side effects: the reason; "declined"; audit row; the
    applicant is asked to name someone else."""
    invitation = _locked_open_invitation(invitation)
    invitation.declined_at = timezone.now()
    invitation.declined_reason = reason
    invitation.save(update_fields=["declined_at", "declined_reason"])
    reference = invitation.reference
    transition(
        reference,
        R.DECLINED,
        actor=None,
        actor_label=_rater_label(reference),
        reason=reason,
        invitation=invitation,
    )


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
        raise ReferenceError("This rater was replaced; there is nothing to decide.")
    if decided_on > _today():
        raise ReferenceError("The date of the decision cannot be in the future.")
    decision = VettingDecision.objects.create(
        reference=reference, accepted=accepted, note=note, decided_on=decided_on, decided_by=actor
    )
    latest = reference.vetting_decisions.order_by("-decided_on", "-created_at", "-id").first()
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


# --- The periodic job -------------------------------------------------------------------------


def _open_invitations():
    return Invitation.objects.filter(
        withdrawn_at=None,
        reference__status__in=list(AWAITING_RATER),
        reference__application__status__in=list(PREPARING),
    )


def expire_links(today: dt.date) -> int:
    """Links whose deadline has passed expire; each applicant is told once.
    Returns how many expired."""
    count = 0
    ids = list(_open_invitations().filter(deadline__lt=today).values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related(
                    "reference__application__applicant", "reference__application__association"
                )
                .get(pk=pk)
            )
            reference = invitation.reference
            if reference.status not in AWAITING_RATER or invitation.deadline >= today:
                continue  # answered or extended meanwhile
            invitation.expired_at = timezone.now()
            invitation.save(update_fields=["expired_at"])
            transition(
                reference,
                R.EXPIRED,
                actor=None,
                reason="the deadline passed",
                invitation=invitation,
            )
            count += 1
    return count


def expire_outdated_ratings(today: dt.date) -> int:
    """Ratings older than a year stop counting (while the application is being prepared);
    each applicant is told once. Returns how many."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=RATING_VALID_DAYS), dt.time.min)
    )
    ids = list(
        Invitation.objects.filter(
            reference__status=R.SUBMITTED,
            reference__submitted_at__lt=cutoff,
            reference__application__status__in=list(PREPARING),
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            invitation = Invitation.objects.select_related(
                "reference__application__applicant", "reference__application__association"
            ).get(pk=pk)
            transition(
                invitation.reference,
                R.EXPIRED,
                actor=None,
                reason="the rating is more than a year old",
                invitation=invitation,
            )
    return len(ids)


def due_rater_reminders(today: dt.date) -> dict[str, list[Invitation]]:
    """Invitations owed a rater reminder today, by kind, in one query per kind.

    Windows do not overlap, so a rater gets at most one reminder a day: "three days before the
    deadline" from deadline-3 to the deadline; "two weeks" from day 14 until then; "a week"
    from day 7 to day 13. A reminder whose window passed while the job was not running is not
    sent late.
    """
    last_days_from = today + dt.timedelta(days=REMINDER_BEFORE_DEADLINE_DAYS)
    day_7 = today - dt.timedelta(days=7)
    day_14 = today - dt.timedelta(days=14)
    base = (
        _open_invitations()
        .filter(deadline__gte=today)
        .select_related("reference__application__applicant", "reference__application__association")
        .order_by("pk")
    )

    def not_sent(kind: str, due_on: str):
        return ~Exists(
            SentNotice.objects.filter(invitation=OuterRef("pk"), kind=kind, due_on=OuterRef(due_on))
        )

    return {
        Notice.RATER_DEADLINE: list(
            base.filter(deadline__lte=last_days_from).filter(
                not_sent(Notice.RATER_DEADLINE, "deadline")
            )
        ),
        Notice.RATER_DAY_14: list(
            base.filter(deadline__gt=last_days_from, invited_on__lte=day_14).filter(
                not_sent(Notice.RATER_DAY_14, "invited_on")
            )
        ),
        Notice.RATER_DAY_7: list(
            base.filter(
                deadline__gt=last_days_from, invited_on__lte=day_7, invited_on__gt=day_14
            ).filter(not_sent(Notice.RATER_DAY_7, "invited_on"))
        ),
    }


def send_due_reminders(*, today: dt.date | None = None, batch: int = 500) -> dict[str, int]:
    """The daily job: expire links past their deadline, age out ratings older than a year and
    remind raters who have not answered. Each reminder goes out once (``SentNotice``).

    Set-based: one query per reminder kind finds what is due, with everything the emails need;
    notices and links are inserted in bulk, one transaction per batch.
    Side effects: statuses, links, notices, emails (after commit), audit rows for status changes.
    """
    from endorsements.models import Category

    today = today or _today()
    counts = {
        "expired": expire_links(today),
        "outdated": expire_outdated_ratings(today),
    }
    labels = {c.code: f"{c.code} — {c.name}" for c in Category.objects.all()}
    for kind, invitations in due_rater_reminders(today).items():
        counts[kind] = 0
        for start in range(0, len(invitations), batch):
            chunk = invitations[start : start + batch]
            counts[kind] += _send_reminders(chunk, kind, labels)
    return counts


def _due_on(invitation: Invitation, kind: str) -> dt.date:
    # The deadline reminder is due again when the deadline moves; the others once ever.
    return invitation.deadline if kind == Notice.RATER_DEADLINE else invitation.invited_on


@transaction.atomic
def _send_reminders(invitations: list[Invitation], kind: str, labels: dict[str, str]) -> int:
    ids = [i.pk for i in invitations]
    # Rows another run holds are left to it; rows it finished are skipped below.
    locked = set(
        Invitation.objects.select_for_update(skip_locked=True)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    sent = set(
        SentNotice.objects.filter(invitation_id__in=ids, kind=kind).values_list(
            "invitation_id", "due_on"
        )
    )
    todo = [i for i in invitations if i.pk in locked and (i.pk, _due_on(i, kind)) not in sent]
    links, notices = [], []
    for invitation in todo:
        token = random_key()
        due_on = _due_on(invitation, kind)
        email = emails.rater_reminder(
            invitation,
            token=token,
            kind=kind,
            key=f"reference-reminder:{invitation.uuid}:{kind}:{due_on}",
            category=labels.get(invitation.reference.application.category_code, ""),
        )
        links.append(
            Link(
                invitation=invitation,
                token_hash=token_hash(token),
                kind=LinkKind.REMINDER,
                email=email,
            )
        )
        notices.append(SentNotice(invitation=invitation, kind=kind, due_on=due_on, email=email))
    Link.objects.bulk_create(links)
    SentNotice.objects.bulk_create(notices)
    return len(notices)
