"""A realistic portal of ``size`` applications, made once per database with bulk inserts.

Applications are spread over the statuses and categories the way a working association sees
them (most in progress, a quarter in review, some decided); each has three raters, a small log,
and two reviews once it is in review. One large application (300 trainings, 300 RS/C sessions,
a dozen jobs, a narrative per area) is in review with the benchmark's reviewer and has a rater
with a live link. 70 % of the applications belong to Wisconsin, whose coordinator is measured.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from .load import Target

BATCH = 5_000
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
REVIEWERS = 40
MARK = "bench-large@bench.test"


def _bulk(model, rows) -> list:
    out: list = []
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            out += model.objects.bulk_create(batch)
            batch = []
    if batch:
        out += model.objects.bulk_create(batch)
    return out


def ensure(size: int) -> dict:
    """The seeded world's people and objects (seeding first if the database is empty)."""
    from applications.models import Application
    from easy.accounts.models import User

    if not User.objects.filter(email=MARK).exists():
        if Application.objects.exists():
            raise SystemExit("the benchmark database holds other data: run with --fresh")
        _seed(size)
        with connection.cursor() as cursor:
            # Visibility map and statistics as a database in use has them (autovacuum).
            cursor.execute("VACUUM ANALYZE")
    return _world()


def _people(association):
    from easy.accounts.enums import Role
    from easy.accounts.models import RoleAssignment, User

    def person(email, name, role=None):
        user, _ = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if role:
            RoleAssignment.objects.get_or_create(user=user, association=association, role=role)
        return user

    coordinator = person("coordinator@bench.test", "Bench Coordinator", Role.COORDINATOR)
    reviewers = [
        person(f"reviewer{i}@bench.test", f"Reviewer {i:02d}", Role.REVIEWER)
        for i in range(REVIEWERS)
    ]
    for user in [coordinator, *reviewers]:
        _totp(user)
    return coordinator, reviewers


def _totp(user) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not user.authenticator_set.exists():
        TOTP.activate(user, generate_totp_secret())


@transaction.atomic
def _seed(size: int) -> None:
    from django.core.management import call_command

    from applications.models import Application, RSCSession, Training
    from applications.tallies import count_ratings
    from easy.accounts.models import User
    from endorsements.models import Association, Category
    from references.models import Reference
    from reviews.models import ReviewerProfile

    call_command("load_catalog", verbosity=0)
    rng = random.Random(7)
    now = timezone.now()
    home = Association.objects.get(code="WI-AIMH")
    others = list(Association.objects.exclude(pk=home.pk))
    categories = {c.code: c for c in Category.objects.filter(code__in=CATEGORIES)}
    coordinator, reviewers = _people(home)
    for i, user in enumerate(reviewers):
        ReviewerProfile.objects.get_or_create(
            user=user,
            association=home,
            defaults={"category_code": "IMHM-C", "employer": f"Clinic {i}"},
        )

    users = _bulk(
        User,
        (
            User(email=f"applicant{i}@bench.test", full_name=f"Applicant {i:06d}")
            for i in range(size)
        ),
    )
    weighted = [s for s, weight in STATUSES for _ in range(weight)]
    applications = _bulk(
        Application,
        (
            Application(
                applicant=user,
                association=home if rng.random() < 0.7 else rng.choice(others),
                category=categories[rng.choice(CATEGORIES)],
                status=(status := rng.choice(weighted)),
                submitted_at=None
                if status == "in_progress"
                else now - dt.timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 1440)),
            )
            for user in users
        ),
    )
    _bulk(
        Reference,
        (
            Reference(
                application=a,
                rater_name=f"Rater {a.pk}-{n}",
                email=f"rater{a.pk}-{n}@bench.test",
                relationship="colleague",
                status="submitted" if n < rng.randint(0, 3) + 1 else "invited",
            )
            for a in applications
            for n in range(3)
        ),
    )
    # Bulk inserts skip the signals that keep each application's count of submitted ratings.
    ids = [a.pk for a in applications]
    for i in range(0, len(ids), BATCH):
        count_ratings(ids[i : i + BATCH])
    start = dt.date(2020, 1, 6)
    _bulk(
        Training,
        (
            _row(
                Training,
                a,
                date=start + dt.timedelta(days=30 * n),
                title=f"Seminar {n}",
                provider="Bench Institute",
                hours=Decimal("6"),
            )
            for a in applications
            for n in range(4)
        ),
    )
    _bulk(
        RSCSession,
        (
            _row(
                RSCSession,
                a,
                date=start + dt.timedelta(days=30 * n),
                hours=Decimal("1.5"),
                format="individual",
                provider_name="Pat Provider",
                provider_endorsement="IMHS",
            )
            for a in applications
            for n in range(4)
        ),
    )
    _reviews(applications, home, reviewers, coordinator, rng)
    _large(home, categories, reviewers[0], coordinator)


def _row(model, application, **fields):
    """A log row for ``application``'s applicant (the person's log when rows have an owner)."""
    names = {f.name for f in model._meta.get_fields()}
    if "owner" in names:
        fields["owner_id"] = application.applicant_id
    if "application" in names:
        fields["application"] = application
    return model(**fields)


def _reviews(applications, home, reviewers, coordinator, rng) -> None:
    from reviews.models import Review

    today = timezone.localdate()
    _bulk(
        Review,
        (
            Review(
                application=a,
                version=1,
                reviewer=reviewers[(a.pk + n) % len(reviewers)],
                status="assigned" if a.status == "in_review" else "submitted",
                assigned_by=coordinator,
                due_on=today + dt.timedelta(days=rng.randint(-20, 28)),
            )
            for a in applications
            if a.association_id == home.pk and a.status not in ("in_progress", "submitted")
            for n in range(2)
        ),
    )


def _large(home, categories, reviewer, coordinator) -> None:
    """The large application: in review with ``reviewer``, a rater with a live link."""
    from applications.models import (
        Application,
        CompetencyNarrative,
        RSCSession,
        Training,
        WorkPeriod,
    )
    from easy.accounts.models import User
    from endorsements.queries import competency_areas_for
    from references.models import Reference
    from references.services import invite
    from reviews.models import Review

    person = User.objects.create(email=MARK, full_name="Large Applicant")
    application = Application.objects.create(
        applicant=person,
        association=home,
        category=categories["IMHM-C"],
        status="in_progress",
    )
    start = dt.date(2012, 1, 2)
    Training.objects.bulk_create(
        _row(
            Training,
            application,
            date=start + dt.timedelta(days=7 * i),
            hours=Decimal("3.5"),
            title=f"Relationship-based practice seminar {i}",
            provider="Bench Institute",
        )
        for i in range(300)
    )
    RSCSession.objects.bulk_create(
        _row(
            RSCSession,
            application,
            date=start + dt.timedelta(days=5 * i),
            hours=Decimal("1.5"),
            format="individual" if i % 2 else "group",
            provider_name="Pat Provider",
            provider_endorsement="IMHM-C",
        )
        for i in range(300)
    )
    WorkPeriod.objects.bulk_create(
        _row(
            WorkPeriod,
            application,
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
    for area in competency_areas_for(categories["IMHM-C"]):
        CompetencyNarrative.objects.create(
            application=application,
            area_code=area.code,
            narrative=f"How my work shows {area.name}. " * 60,
        )
    Review.objects.create(
        application=application,
        version=1,
        reviewer=reviewer,
        status="assigned",
        assigned_by=coordinator,
        due_on=timezone.localdate() + dt.timedelta(days=20),
    )
    reference = Reference.objects.create(
        application=application,
        rater_name="Robin Rater",
        email="robin@bench.test",
        relationship="current_supervisor",
        status="nominated",
        waiver_signed=True,
    )
    invite(reference, actor=person)
    # Seed data, not a workflow: the rater was invited while the application was open.
    Application.objects.filter(pk=application.pk).update(
        status="in_review", submitted_at=timezone.now()
    )


def _world() -> dict:
    from applications.models import Application
    from easy.accounts.models import User
    from references.models import Reference
    from references.services import copy_link
    from reviews.models import Review

    large = Application.objects.get(applicant__email=MARK)
    coordinator = User.objects.get(email="coordinator@bench.test")
    rater = Reference.objects.get(application=large, email="robin@bench.test")
    return {
        "coordinator": coordinator,
        "reviewer": User.objects.get(email="reviewer0@bench.test"),
        "large": large,
        "review": Review.objects.get(application=large),
        # Only a link's hash is stored: each run asks for a fresh link, as a coordinator would.
        "token": copy_link(rater.invitation, actor=coordinator),
    }


def _cookie(user, *, staff: bool) -> str:
    """A signed-in session for ``user``; staff sessions record the second factor, as allauth
    does after a TOTP code."""
    import time

    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    if staff:
        records.append({"method": "mfa", "at": now, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return f"sessionid={session.session_key}"


def targets(world: dict) -> dict[str, Target]:
    coordinator = _cookie(world["coordinator"], staff=True)
    reviewer = _cookie(world["reviewer"], staff=True)
    applicant = _cookie(world["large"].applicant, staff=False)
    large = world["large"]
    queue = reverse("reviews:queue", kwargs={"code": "WI-AIMH"})
    return {
        "plain page B": Target("plain page B", reverse("bench_plain"), coordinator),
        "coordinator queue, default": Target("queue", queue, coordinator),
        "queue, in review, by applicant": Target(
            "queue in review", f"{queue}?status=in_review&sort=applicant", coordinator
        ),
        "queue, IFS, ratings missing": Target(
            "queue ratings",
            f"{queue}?category=IFS&references=incomplete&sort=-waiting",
            coordinator,
        ),
        "reviewer's own list": Target("mine", reverse("reviews:mine"), reviewer),
        "reviewer's workspace, large application": Target(
            "workspace", reverse("reviews:review", kwargs={"uuid": world["review"].uuid}), reviewer
        ),
        "applicant's RS/C section, 300 sessions": Target(
            "rsc",
            reverse("applications:section", kwargs={"uuid": large.uuid, "section": "rsc"}),
            applicant,
        ),
        "applicant's checklist": Target(
            "checklist", reverse("applications:detail", kwargs={"uuid": large.uuid}), applicant
        ),
        "rater's form": Target(
            "rater", reverse("references:rate", kwargs={"token": world["token"]})
        ),
    }


def queries(target: Target) -> int:
    """Queries the page runs, counted in this process against the same database."""
    client = Client(HTTP_HOST="127.0.0.1")
    if target.cookie:
        name, _, value = target.cookie.partition("=")
        client.cookies[name] = value
    client.get(target.path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target.path)
    if response.status_code != 200:
        raise RuntimeError(f"{target.name}: {response.status_code} in process")
    return len(ctx.captured_queries)
