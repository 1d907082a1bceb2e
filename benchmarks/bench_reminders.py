"""The daily reference reminder job over 5,000 open invitations (each due reminder sent once)."""

import datetime as dt
import time
from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.support import database

OPEN_INVITATIONS = 5_000


def _populate(today: dt.date) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from applications.enums import ApplicationStatus
    from applications.models import Application
    from easy.accounts.models import User
    from endorsements.models import Association, Category
    from references.enums import ReferenceStatus
    from references.models import Invitation, Reference

    call_command("load_catalog", verbosity=0)
    association = Association.objects.get(code="WI-AIMH")
    per_application = 3
    count = OPEN_INVITATIONS // per_application + 1
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.org", full_name=f"Bench Applicant {i}") for i in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            applicant=u,
            association=association,
            category=Category.objects.get(code="IFS"),
            status=ApplicationStatus.IN_PROGRESS,
        )
        for u in users
    )
    references = Reference.objects.bulk_create(
        Reference(
            application=a,
            rater_name=f"Rater {a.pk}-{n}",
            email=f"rater{a.pk}-{n}@agency.example",
            relationship="colleague",
            waiver_signed=True,
            status=ReferenceStatus.INVITED,
        )
        for a in applications
        for n in range(per_application)
    )[:OPEN_INVITATIONS]
    invitations = []
    for i, reference in enumerate(references):
        # Invited 0 to 34 days ago: some due for each reminder, some already past the deadline.
        invited_on = today - dt.timedelta(days=i % 35)
        invitations.append(
            Invitation(
                reference=reference,
                invited_at=timezone.make_aware(dt.datetime.combine(invited_on, dt.time(9))),
                invited_on=invited_on,
                deadline=invited_on + dt.timedelta(days=30),
            )
        )
    Invitation.objects.bulk_create(invitations)


def main() -> None:
    from django.utils import timezone

    from easy.celery_app import app
    from references.models import SentNotice
    from references.services import NOTICE_BATCH, send_due_reminders, send_notices
    from tests.service_support import _forget_routing

    # Emails are published to an in-memory broker (as to Redis in production) and not sent:
    # the figure is the job's own work.
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager, app.conf.broker_url = False, "memory://"
    _forget_routing(app)
    try:
        with database():
            today = timezone.localdate()
            _populate(today)
            for run in ("first run", "second run"):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as ctx:
                    counts = send_due_reminders(today=today)
                seconds = time.perf_counter() - started
                sent = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
                print(
                    f"   {run}: {seconds:.2f} s, {len(ctx.captured_queries)} queries, "
                    f"{sum(counts.values())} notices recorded ({sent or 'none due'})"
                )
            # What the workers then do: render and queue each email, in batches of notices.
            ids = list(SentNotice.objects.filter(email=None).values_list("pk", flat=True))
            started = time.perf_counter()
            queued = sum(
                send_notices(ids[i : i + NOTICE_BATCH]) for i in range(0, len(ids), NOTICE_BATCH)
            )
            seconds = time.perf_counter() - started
            print(
                f"   workers' share: {queued} emails rendered and queued in {seconds:.2f} s "
                f"({seconds / max(queued, 1) * 1000:.1f} ms each, one worker)"
            )
            notices = Counter(SentNotice.objects.values_list("invitation_id", "kind", "due_on"))
            duplicates = sum(1 for n in notices.values() if n > 1)
            print(
                f"   {OPEN_INVITATIONS} invitations: {len(notices)} reminders and notices "
                f"recorded, {duplicates} sent twice"
            )
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _forget_routing(app)
