"""Review queue page with 10,000 applications (PostgreSQL), and a large review packet PDF.

Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/easy_bench_reviews
python -m benchmarks review_queue (target: the queue page under 150 ms median).
"""

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.support import database, summary, timings

APPLICATIONS = 10_000
STATUSES = [
    ("in_progress", 30),
    ("submitted", 15),
    ("in_review", 25),
    ("returned", 5),
    ("endorsed", 15),
    ("revise_resubmit", 5),
    ("not_endorsed", 5),
]
CATEGORIES = ["IFA", "IFS", "IMHS", "IMHM-C", "ECFS", "ECMHS"]


def _seed(association, reviewers):
    """10,000 applicants and applications, their ratings and reviews, by bulk_create."""
    from applications.models import Application
    from applications.tallies import count_ratings
    from easy.accounts.models import User
    from endorsements.models import Category
    from references.models import Reference
    from reviews.models import Review

    rng = random.Random(7)
    now = timezone.now()
    users = User.objects.bulk_create(
        User(email=f"applicant{i}@bench.test", full_name=f"Applicant {i:05d}")
        for i in range(APPLICATIONS)
    )
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    categories = Category.objects.in_bulk(CATEGORIES, field_name="code")
    applications = Application.objects.bulk_create(
        Application(
            applicant=user,
            association=association,
            category=categories[rng.choice(CATEGORIES)],
            status=(status := rng.choice(statuses)),
            submitted_at=None
            if status == "in_progress"
            else now - dt.timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 1440)),
        )
        for user in users
    )
    Reference.objects.bulk_create(
        Reference(
            application=a,
            rater_name=f"Rater {a.pk}-{n}",
            email=f"rater{a.pk}-{n}@bench.test",
            relationship="colleague",
            status="submitted" if n < rng.randint(0, 3) + 1 else "invited",
        )
        for a in applications
        for n in range(3)
    )
    # Bulk inserts skip the signals that keep each application's count of submitted ratings.
    count_ratings([a.pk for a in applications])
    Review.objects.bulk_create(
        Review(
            application=a,
            version=1,
            reviewer=reviewers[(a.pk + n) % len(reviewers)],
            status="assigned" if a.status == "in_review" else "submitted",
            due_on=timezone.localdate() + dt.timedelta(days=rng.randint(-20, 28)),
        )
        for a in applications
        if a.status not in ("in_progress", "submitted")
        for n in range(2)
    )


def _large_application(association):
    """An IMHM-C application with years of logged rows and a narrative per area."""
    from applications.models import CompetencyNarrative, RSCSession, Training, WorkPeriod
    from tests.factories.accounts import UserFactory
    from tests.factories.applications import ApplicationFactory, complete_ifs

    application = ApplicationFactory(
        association=association,
        category_code="IMHM-C",
        status="in_review",
        submitted_at=timezone.now(),
        applicant=UserFactory(full_name="Large Applicant"),
    )
    complete_ifs(application)
    start = dt.date(2012, 1, 2)
    Training.objects.bulk_create(
        Training(
            application=application,
            date=start + dt.timedelta(days=7 * i),
            title=f"Relationship-based practice seminar {i}",
            provider="Bench Institute",
            hours=Decimal("3.5"),
        )
        for i in range(300)
    )
    RSCSession.objects.bulk_create(
        RSCSession(
            application=application,
            date=start + dt.timedelta(days=5 * i),
            hours=Decimal("1.5"),
            format="individual" if i % 2 else "group",
            provider_name="Pat Provider",
            provider_endorsement="IMHM-C",
        )
        for i in range(400)
    )
    WorkPeriod.objects.bulk_create(
        WorkPeriod(
            application=application,
            title=f"Clinician {i}",
            employer=f"Agency {i}",
            start=start + dt.timedelta(days=400 * i),
            end=start + dt.timedelta(days=400 * i + 390),
            age_group="infant",
            service="intervention",
            families_served=25,
            description="Home-based infant-parent psychotherapy with families. " * 20,
        )
        for i in range(12)
    )
    from reviews.eligibility import areas_for

    for area in areas_for("IMHM-C"):
        CompetencyNarrative.objects.create(
            application=application,
            area_code=area.code,
            narrative=f"How my work shows {area.name}. " * 60,
        )
    return application


def main() -> None:
    from django.core.management import call_command

    from easy.accounts.enums import Role
    from endorsements.models import Association
    from reviews.packet import load, packet_pdf
    from tests.factories.accounts import UserFactory, staff, with_role

    with database():
        call_command("load_catalog", verbosity=0)
        association = Association.objects.get(code="WI-AIMH")
        coordinator = staff(association)
        reviewers = [
            with_role(UserFactory(full_name=f"Reviewer {i}"), association, Role.REVIEWER)
            for i in range(40)
        ]
        started = time.perf_counter()
        _seed(association, reviewers)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        print(f"   seeded {APPLICATIONS} applications in {time.perf_counter() - started:.1f} s")

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(coordinator)
        base = reverse("reviews:queue", kwargs={"code": association.code})
        for label, query in (
            ("queue, default", ""),
            ("queue, in review, by applicant", "status=in_review&sort=applicant"),
            ("queue, IFS, ratings missing", "category=IFS&references=incomplete&sort=-waiting"),
            ("queue, page 40", "page=40"),
        ):
            url = f"{base}?{query}"
            assert client.get(url).status_code == 200
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            print(
                f"   {label:<34} {len(ctx.captured_queries)} queries, "
                f"{summary(timings(lambda url=url: client.get(url), runs=30))}"
            )
        export = reverse("reviews:export", kwargs={"code": association.code})
        print(
            f"   CSV export of all {APPLICATIONS}: {summary(timings(lambda: client.get(export), runs=3))}"
        )

        application = _large_application(association)
        loaded = load(application)
        size = len(packet_pdf(loaded))
        print(
            f"   packet PDF (300 trainings, 400 RS/C sessions, 12 jobs, 11 narratives; "
            f"{size // 1024} KiB): {summary(timings(lambda: packet_pdf(load(application)), runs=3))}"
        )
