"""Renewals: the daily reminder job over 50,000 endorsees (target < 60 s, queries growing only
with the batches) and the endorsee dashboard's queries whatever the size of the log."""

import datetime as dt
import time
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.support import database

ENDORSEES = 50_000
SMALL = 5_000
YEAR = 2026


def _populate(count: int, start: int = 0) -> None:
    from easy.accounts.models import User
    from endorsements.models import Association, Endorsement

    association = Association.objects.get(code="WI-AIMH")
    for offset in range(start, start + count, 10_000):
        size = min(10_000, start + count - offset)
        users = User.objects.bulk_create(
            User(email=f"endorsee{offset + i}@example.org", full_name=f"Endorsee {offset + i}")
            for i in range(size)
        )
        Endorsement.objects.bulk_create(
            Endorsement(
                user=u,
                association=association,
                category_code="IFS",
                sequence=offset + i + 1,
                number=f"WI-IFS-{offset + i + 1:06d}",
                granted_on=dt.date(2020, 5, 1),
                renews_on=dt.date(YEAR, 12, 31),
            )
            for i, u in enumerate(users)
        )


def _run(day: dt.date) -> tuple[float, int, dict]:
    from renewals.services import record_cycle_reminders

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        counts = record_cycle_reminders(as_of=day)
    return time.perf_counter() - started, len(ctx.captured_queries), counts


def _reminders() -> None:
    from renewals.models import ReminderSent
    from renewals.services import send_reminders

    _populate(SMALL)
    seconds, small_queries, counts = _run(dt.date(YEAR, 10, 1))
    print(
        f"   {SMALL} endorsees: {seconds:.2f} s, {small_queries} queries, "
        f"{sum(counts.values())} reminders recorded"
    )
    _populate(ENDORSEES - SMALL, start=SMALL)
    for run, day in (("first run", dt.date(YEAR, 12, 2)), ("second run", dt.date(YEAR, 12, 2))):
        seconds, queries, counts = _run(day)
        print(
            f"   {ENDORSEES} endorsees, {run}: {seconds:.2f} s, {queries} queries, "
            f"{sum(counts.values())} reminders recorded"
        )
    total = ReminderSent.objects.count()
    print(
        f"   {total} reminders recorded in all ({SMALL} 'window open', then {ENDORSEES} "
        "'30 days before'), none twice"
    )
    # The workers' share: render and queue the emails, one batch as a sample.
    ids = list(ReminderSent.objects.filter(email=None).values_list("pk", flat=True)[:200])
    started = time.perf_counter()
    sent = send_reminders(ids)
    seconds = time.perf_counter() - started
    print(
        f"   workers' share: {sent} emails in {seconds:.2f} s ({seconds / sent * 1000:.1f} ms each)"
    )


def _dashboard() -> None:
    from applications.models import RSCSession, Training
    from easy.accounts.models import User
    from renewals.dashboard import renewal_progress_steps

    person = User.objects.get(email="endorsee0@example.org")
    renewal_progress_steps(person, None)
    sizes = []
    for entries in (1, 2_000):
        Training.objects.bulk_create(
            Training(owner=person, date=dt.date(YEAR, 1, 1) + dt.timedelta(days=i % 300),
                     title=f"T{entries}-{i}", provider="P", hours=Decimal(1))
            for i in range(entries)
        )  # fmt: skip
        RSCSession.objects.bulk_create(
            RSCSession(owner=person, date=dt.date(YEAR, 1, 1) + dt.timedelta(days=i % 300),
                       hours=Decimal(1), format="individual", provider_name=f"P{entries}-{i}",
                       provider_endorsement="IMHS")
            for i in range(entries)
        )  # fmt: skip
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            renewal_progress_steps(person, None)
        sizes.append((entries, len(ctx.captured_queries), time.perf_counter() - started))
    print(
        "   dashboard progress: "
        + "; ".join(f"+{n} entries: {q} queries, {s * 1000:.0f} ms" for n, q, s in sizes)
    )


def main() -> None:
    from django.core.management import call_command

    from easy.celery_app import app
    from tests.service_support import _forget_routing

    # Emails are published to an in-memory broker (as to Redis in production) and not sent:
    # the figure is the job's own work.
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager, app.conf.broker_url = False, "memory://"
    _forget_routing(app)
    try:
        with database():
            call_command("loaddata", "fixtures/catalog/00_associations.json", verbosity=0)
            call_command("load_catalog", verbosity=0)
            _reminders()
            _dashboard()
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _forget_routing(app)
