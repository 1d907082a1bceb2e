"""The daily beat job: reminders, expiry at the deadline, lapse at the end of grace.

Reminders are recorded set-based: one query finds the people a reminder is due to, and one
``INSERT ... ON CONFLICT DO NOTHING RETURNING`` per thousand people records them. The unique
key (person, year, kind) is what guarantees that each goes out once, however many runs or
workers race; only the rows a run inserted have their email rendered, by tasks in batches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from applications.models import Membership
from easy.lib.tasks import enqueue_on_commit
from endorsements import services as endorsement_services
from endorsements.enums import EndorsementStatus
from endorsements.models import Association, Endorsement

from .. import clock, emails
from ..enums import ReminderKind, RenewalStatus
from ..models import ReminderSent, Renewal
from .cycle import RENEWABLE, settings_for

K = ReminderKind
E = EndorsementStatus
#: People recorded in one statement.
JOB_BATCH = 1000
#: Reminder emails rendered by one task.
EMAIL_BATCH = 200
#: A renewal in these states is with the association: no more reminders, no lapse.
HANDED_IN = (RenewalStatus.SUBMITTED, RenewalStatus.WAITING, RenewalStatus.APPROVED)
MEMBERSHIP_NOTICE_DAYS = 30


def due_kind(cycle, year: int, on: dt.date) -> str | None:
    """The cycle reminder due on ``on`` for renewal ``year``, if any. The periods follow one
    another without overlap, so a person gets at most one cycle reminder a day, and one missed
    while the job did not run is sent late rather than never."""
    opens, deadline, grace_end = (
        cycle.opens_on(year),
        cycle.deadline(year),
        cycle.grace_ends_on(year),
    )
    days = dt.timedelta
    if opens <= on < deadline - days(30):
        return K.WINDOW_OPEN
    if deadline - days(30) <= on < deadline - days(7):
        return K.DAYS_30
    if deadline - days(7) <= on < deadline:
        return K.DAYS_7
    if deadline <= on < grace_end - days(7):
        return K.DEADLINE
    if grace_end - days(7) <= on <= grace_end:
        return K.GRACE_ENDING
    return None


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), JOB_BATCH):
        yield ids[start : start + JOB_BATCH]


def claim(person_ids: list[int], year: int, kind: str) -> list[int]:
    """Record ``kind`` for ``year`` for each person not recorded yet; returns the new rows' ids.
    One statement: the database's unique key decides, even between concurrent runs."""
    if not person_ids:
        return []
    table = connection.ops.quote_name(ReminderSent._meta.db_table)
    now = timezone.now()
    values = ", ".join(["(%s, %s, %s, %s)"] * len(person_ids))
    params: list = []
    for pid in person_ids:
        params += [pid, year, kind, now]
    # Only placeholders and the quoted table name are formatted in; values go as parameters.
    sql = (
        f"INSERT INTO {table} (person_id, year, kind, created_at) VALUES {values} "  # noqa: S608
        "ON CONFLICT (person_id, year, kind) DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _queue_emails(ids: list[int]) -> None:
    from ..tasks import task_send_renewal_reminders

    for start in range(0, len(ids), EMAIL_BATCH):
        batch = ids[start : start + EMAIL_BATCH]
        enqueue_on_commit(task_send_renewal_reminders, reminder_ids=batch)


def _record(person_ids: list[int], year: int, kind: str) -> int:
    count = 0
    for chunk in _chunks(person_ids):
        with transaction.atomic():
            new = claim(chunk, year, kind)
            _queue_emails(new)
            count += len(new)
    return count


def _owing(association: Association, year: int):
    """People holding an endorsement at ``association`` due in ``year`` who have not handed in
    this year's renewal (one query)."""
    handed_in = Renewal.objects.filter(
        person=OuterRef("user_id"), association=association, year=year, status__in=HANDED_IN
    )
    return (
        Endorsement.objects.filter(
            association=association, status__in=RENEWABLE, renews_on__year__lte=year
        )
        .filter(~Exists(handed_in))
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def record_cycle_reminders(*, as_of: dt.date | None = None) -> dict[str, int]:
    """Record (and queue the emails of) the cycle reminders due on ``as_of``, per association.
    Returns how many of each kind were recorded by this run."""
    as_of = as_of or clock.today()
    counts: dict[str, int] = {}
    for association in Association.objects.filter(is_active=True):
        cycle = settings_for(association)
        year = cycle.year_for(as_of)
        kind = due_kind(cycle, year, as_of)
        if kind is None:
            continue
        counts[kind] = counts.get(kind, 0) + _record(list(_owing(association, year)), year, kind)
    return counts


def record_membership_reminders(*, as_of: dt.date | None = None) -> int:
    """Endorsees whose latest membership expires within 30 days: one reminder per person and
    year of expiry."""
    as_of = as_of or clock.today()
    soon = as_of + dt.timedelta(days=MEMBERSHIP_NOTICE_DAYS)
    latest = (
        Membership.objects.filter(owner__endorsements__status__in=RENEWABLE)
        .values("owner_id")
        .annotate(expires=Max("expires_on"))
        .filter(expires__gte=as_of, expires__lte=soon)
        .order_by("owner_id")
    )
    by_year: dict[int, list[int]] = {}
    for row in latest:
        by_year.setdefault(row["expires"].year, []).append(row["owner_id"])
    return sum(_record(ids, year, K.MEMBERSHIP_EXPIRING) for year, ids in by_year.items())


# -- expiry and lapse --------------------------------------------------------------------------


def expire_overdue(*, as_of: dt.date | None = None) -> int:
    """After the deadline, unrenewed endorsements are overdue (the grace period: a late fee).
    Returns how many changed."""
    as_of = as_of or clock.today()
    count = 0
    for association in Association.objects.all():
        cycle = settings_for(association)
        year = cycle.year_for(as_of)
        if not cycle.deadline(year) < as_of <= cycle.grace_ends_on(year):
            continue
        due = Endorsement.objects.filter(
            association=association, status=E.CURRENT, renews_on__lte=cycle.deadline(year)
        )
        for endorsement in due.iterator():
            endorsement_services.transition(
                endorsement, E.EXPIRED, actor=None, reason="renewal overdue", on=as_of
            )
            count += 1
    return count


def lapse_unrenewed(*, as_of: dt.date | None = None) -> int:
    """At the end of the grace period, endorsements not renewed (and whose renewal is not with
    the association) lapse; the holder and the coordinator are told. Returns how many."""
    as_of = as_of or clock.today()
    count = 0
    for association in Association.objects.all():
        cycle = settings_for(association)
        year = as_of.year - 1 if as_of > cycle.grace_ends_on(as_of.year - 1) else as_of.year - 2
        handed_in = Renewal.objects.filter(
            person=OuterRef("user_id"), association=association, year=year, status__in=HANDED_IN
        )
        due = Endorsement.objects.filter(
            Q(association=association),
            status__in=RENEWABLE,
            renews_on__lte=cycle.deadline(year),
        ).filter(~Exists(handed_in))
        lapsed_people = set()
        for endorsement in due.select_related("user", "association").iterator():
            with transaction.atomic():
                endorsement_services.transition(
                    endorsement, E.LAPSED, actor=None, reason="not renewed in time", on=as_of
                )
                emails.lapsed_to_coordinator(endorsement)
            lapsed_people.add(endorsement.user_id)
            count += 1
        _record(sorted(lapsed_people), year, K.LAPSED)
    return count


def run_daily(*, as_of: dt.date | None = None) -> dict[str, int]:
    """Everything the beat does once a day, in order."""
    as_of = as_of or clock.today()
    counts = {
        "expired": expire_overdue(as_of=as_of),
        "lapsed": lapse_unrenewed(as_of=as_of),
        "membership_expiring": record_membership_reminders(as_of=as_of),
    }
    counts.update(record_cycle_reminders(as_of=as_of))
    return counts


def send_reminders(ids: list[int]) -> int:
    """Render and queue the emails of recorded reminders (skips those already queued).
    Returns how many were queued."""
    reminders = (
        ReminderSent.objects.filter(pk__in=ids, email=None).select_related("person").order_by("pk")
    )
    associations = {}
    done = 0
    for reminder in reminders:
        key = (reminder.person_id, reminder.year)
        if key not in associations:
            associations[key] = (
                Endorsement.objects.filter(user_id=reminder.person_id)
                .select_related("association")
                .order_by("-renews_on")
                .first()
            )
        endorsement = associations[key]
        if endorsement is None:
            continue
        email = emails.reminder(reminder, endorsement.association)
        ReminderSent.objects.filter(pk=reminder.pk).update(email=email)
        done += 1
    return done
