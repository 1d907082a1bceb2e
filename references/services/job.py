"""The daily job: expire links, age out old ratings, remind raters."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ..enums import (
    AWAITING_RATER,
    PREPARING,
    RATING_VALID_DAYS,
    Notice,
)
from ..models import Invitation, SentNotice
from .workflow import (
    REMINDER_AFTER_DAYS,
    REMINDER_BEFORE_DEADLINE_DAYS,
    R,
    _claim_notices,
    _today,
    transition_many,
)

# --- The periodic job -------------------------------------------------------------------------

#: Invitations handled in one transaction by the periodic job.
JOB_BATCH = 1000


def _open_invitations():
    return Invitation.objects.filter(
        withdrawn_at=None,
        reference__status__in=list(AWAITING_RATER),
        reference__application__status__in=list(PREPARING),
    )


def _chunks(ids: list[int]):
    for start in range(0, len(ids), JOB_BATCH):
        yield ids[start : start + JOB_BATCH]


def _lock(queryset, ids: list[int]) -> list[Invitation]:
    """Lock the rows still matching; rows another run holds are left to it."""
    return list(
        queryset.filter(pk__in=ids)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("reference__application__association")
        .order_by("pk")
    )


def expire_links(today: dt.date) -> int:
    """Links whose deadline has passed expire; each applicant is told once.
    Returns how many expired."""
    due = _open_invitations().filter(deadline__lt=today)
    count = 0
    for ids in _chunks(list(due.values_list("pk", flat=True))):
        with transaction.atomic():
            invitations = _lock(due, ids)
            Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
                expired_at=timezone.now()
            )
            count += transition_many(invitations, R.EXPIRED, reason="the deadline passed")
    return count


def expire_outdated_ratings(today: dt.date) -> int:
    """Ratings older than a year stop counting (while the application is being prepared);
    each applicant is told once. Returns how many."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=RATING_VALID_DAYS), dt.time.min)
    )
    due = Invitation.objects.filter(
        reference__status=R.SUBMITTED,
        reference__submitted_at__lt=cutoff,
        reference__application__status__in=list(PREPARING),
    )
    count = 0
    for ids in _chunks(list(due.values_list("pk", flat=True))):
        with transaction.atomic():
            invitations = _lock(due, ids)
            count += transition_many(
                invitations, R.EXPIRED, reason="the rating is more than a year old"
            )
    return count


def _due_on(invitation: Invitation, kind: str) -> dt.date:
    # The deadline reminder is due again when the deadline moves; the others once ever.
    return invitation.deadline if kind == Notice.RATER_DEADLINE else invitation.invited_on


def due_rater_reminders(today: dt.date) -> dict[str, QuerySet[Invitation]]:
    """Invitations owed a rater reminder today, by kind (one query each).

    Windows do not overlap, so a rater gets at most one reminder a day: "three days before the
    deadline" from deadline-3 to the deadline; "two weeks" from day 14 until then; "a week"
    from day 7 to day 13. A reminder whose window passed while the job was not running is not
    sent late.
    """
    last_days_from = today + dt.timedelta(days=REMINDER_BEFORE_DEADLINE_DAYS)
    day_7 = today - dt.timedelta(days=REMINDER_AFTER_DAYS[Notice.RATER_DAY_7])
    day_14 = today - dt.timedelta(days=REMINDER_AFTER_DAYS[Notice.RATER_DAY_14])
    base = _open_invitations().filter(deadline__gte=today)

    def not_sent(kind: str, due_on: str):
        return ~Exists(
            SentNotice.objects.filter(invitation=OuterRef("pk"), kind=kind, due_on=OuterRef(due_on))
        )

    return {
        Notice.RATER_DEADLINE: base.filter(deadline__lte=last_days_from).filter(
            not_sent(Notice.RATER_DEADLINE, "deadline")
        ),
        Notice.RATER_DAY_14: base.filter(
            deadline__gt=last_days_from, invited_on__lte=day_14
        ).filter(not_sent(Notice.RATER_DAY_14, "invited_on")),
        Notice.RATER_DAY_7: base.filter(
            deadline__gt=last_days_from, invited_on__lte=day_7, invited_on__gt=day_14
        ).filter(not_sent(Notice.RATER_DAY_7, "invited_on")),
    }


def send_due_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: expire links past their deadline, age out ratings older than a year and
    remind raters who have not answered. Each reminder and notice is recorded once
    (``SentNotice``) and its email queued by ``task_send_reference_notices`` in batches.

    Set-based: one query per kind finds what is due; status changes, notices and audit rows are
    written in bulk, in one transaction per thousand invitations.
    Returns how many of each were recorded.
    """
    today = today or _today()
    counts = {"expired": expire_links(today), "outdated": expire_outdated_ratings(today)}
    for kind, due in due_rater_reminders(today).items():
        counts[kind] = 0
        for ids in _chunks(list(due.values_list("pk", flat=True))):
            with transaction.atomic():
                invitations = _lock(due, ids)
                claimed = _claim_notices([(i, kind, _due_on(i, kind)) for i in invitations])
                counts[kind] += len(claimed)
    return counts
