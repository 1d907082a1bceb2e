"""Demo applications at the demo association (``make run``): one being registered, one
awaiting approval, one in progress with rows (advised by the demo advisor), three complete
ones that references/demo.py submits once their rater answered (reviews/demo.py moves two of
them on: one in review, one endorsed). Everything goes through the services.
Idempotent: an applicant who already has a demo application is left alone."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from easy.accounts.management.commands.load_demo import ensure_user
from endorsements.models import Category

from . import services
from .agreements import CURRENT
from .enums import ApplicationStatus as S
from .enums import SignatureKind
from .models import (
    Application,
    Degree,
    Membership,
    RSCSession,
    Signature,
    Training,
    WorkPeriod,
)

#: The demo applications references/demo.py submits once their rater has answered.
TO_SUBMIT = frozenset({"submitted@demo.test", "inreview@demo.test", "endorsed@demo.test"})

DEMO_APPLICANTS = [
    ("applicant@demo.test", "Avery Applicant", "IFS", S.IN_PROGRESS),
    ("registering@demo.test", "Rory Registering", "IFA", S.REGISTERING),
    ("registered@demo.test", "Remy Registered", "IMHS", S.REGISTERED),
    ("submitted@demo.test", "Sam Submitted", "IFS", S.SUBMITTED),
    # Submitted here; reviews/demo.py takes them on into review and to a decision.
    ("inreview@demo.test", "Ira Inreview", "IFS", S.SUBMITTED),
    ("endorsed@demo.test", "Eli Endorsed", "IFS", S.SUBMITTED),
]


def load(ctx) -> None:
    association = ctx.association
    offered = set(Category.objects.values_list("code", flat=True))
    if not offered:
        if ctx.stdout:
            ctx.stdout.write("applications: no categories in the catalog; run load_catalog first.")
        return
    for email, name, code, status in DEMO_APPLICANTS:
        if code not in offered:
            continue
        user = ctx.users.get(email) or ensure_user(email, name, password=ctx.password)
        if Application.objects.filter(applicant=user, association=association).exists():
            continue
        application = services.start_registration(
            user,
            association,
            Category.objects.get(code=code),
            {
                "work_summary": "Home visitor with families of infants and toddlers since 2019.",
                "education_summary": "BA in Human Development, 2018.",
                "rsc_summary": (
                    "Monthly group reflective supervision with an IMHS-endorsed supervisor."
                ),
            },
            actor=user,
        )
        # Through the one transition function: the demo's timeline is the product's. An
        # application to submit stops in progress: references/demo.py names its rater, invites
        # them, records the rating and submits it (``TO_SUBMIT``).
        for _before, after in _path_to(S.IN_PROGRESS if status == S.SUBMITTED else status):
            services.transition(application, after, actor=None, actor_label="demo", notify=False)
        if status == S.IN_PROGRESS:
            services.assign_advisor(application, ctx.users.get("advisor@demo.test"), actor=None)
        if status in (S.IN_PROGRESS, S.SUBMITTED):
            _fill(application, complete=status == S.SUBMITTED)


def _path_to(status: str) -> list[tuple[str, str]]:
    path = [S.REGISTERING, S.REGISTERED, S.IN_PROGRESS, S.SUBMITTED]
    if status not in path:
        return []
    steps = path[: path.index(status) + 1]
    return list(itertools.pairwise(steps))


def _fill(application: Application, *, complete: bool) -> None:
    today = timezone.localdate()
    Degree.objects.create(
        application=application,
        level="bachelor",
        name="BA Human Development",
        institution="University of Wisconsin-Madison",
        completed_on=dt.date(2018, 5, 20),
    )
    WorkPeriod.objects.create(
        application=application,
        title="Home visitor",
        employer="Healthy Families Dane County",
        start=dt.date(2019, 1, 7),
        age_group="infant",
        service="prevention",
        families_served=35,
        description="Weekly home visits with parents of infants, focused on their relationship.",
    )
    for i, (title, hours) in enumerate(
        [("Attachment and relationships", 12), ("Infant mental health foundations", 18)]
    ):
        Training.objects.create(
            application=application,
            date=today - dt.timedelta(days=400 - 100 * i),
            title=title,
            provider="WI-AIMH",
            hours=Decimal(hours + (10 if complete else 0)),
            competency_areas=["theoretical-foundations", "reflection"],
        )
    sessions = 13 if complete else 6
    RSCSession.objects.bulk_create(
        RSCSession(
            application=application,
            date=today - dt.timedelta(days=32 * i + 3),
            hours=Decimal(2),
            format="group",
            provider_name="Jordan Supervisor",
            provider_endorsement="IMHS",
            provider_degree="master",
        )
        for i in range(sessions)
    )
    Membership.objects.create(
        application=application,
        association_name="WI-AIMH",
        member_number="WI-2041",
        expires_on=today + dt.timedelta(days=240),
    )
    if complete:
        for kind in SignatureKind:
            text = CURRENT[kind]
            Signature.objects.create(
                application=application,
                kind=kind,
                document_version=text.version,
                typed_name=application.applicant.full_name,
                signed_at=timezone.now(),
                text_sha256=text.sha256(application.association),
            )
