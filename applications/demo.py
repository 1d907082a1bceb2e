"""Demo applications at the demo association (``make run``): one being registered, one
awaiting approval, one in progress with rows (advised by the demo advisor), three submitted
(reviews/demo.py moves two of them on: one in review, one endorsed).
Idempotent: an applicant who already has a demo application is left alone."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from easy.audit.services import record

from .agreements import CURRENT
from .enums import ApplicationStatus as S
from .enums import ReferenceStatus, SignatureKind
from .models import (
    Application,
    Degree,
    Membership,
    Reference,
    RSCSession,
    Signature,
    Training,
    WorkPeriod,
)

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
    from easy.accounts.management.commands.load_demo import ensure_user
    from endorsements.models import Category

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
        application = Application.objects.create(
            applicant=user,
            association=association,
            category_code=code,
            status=status,
            work_summary="Home visitor with families of infants and toddlers since 2019.",
            education_summary="BA in Human Development, 2018.",
            rsc_summary="Monthly group reflective supervision with an IMHS-endorsed supervisor.",
            membership_terms_agreed_at=timezone.now(),
            advisor=ctx.users.get("advisor@demo.test") if status == S.IN_PROGRESS else None,
        )
        record(None, "application.created", application, actor_label="demo")
        for before, after in _path_to(status):
            record(
                None,
                "application.transition",
                application,
                data={"from": before, "to": after, "version": 1},
                actor_label="demo",
            )
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
    Reference.objects.create(
        application=application,
        rater_name="Morgan Supervisor",
        email="morgan.supervisor@demo.test",
        relationship="current_supervisor",
        waiver_signed=True,
        status=ReferenceStatus.SUBMITTED if complete else ReferenceStatus.NOMINATED,
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
        application.submitted_at = timezone.now()
        application.save(update_fields=["submitted_at"])
