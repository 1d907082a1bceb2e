"""Factories for applications and their rows. ``complete_ifs(application)`` fills every section
so that an IFS application meets the reference rules (dates relative to today)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from applications.agreements import CURRENT
from applications.enums import ApplicationStatus, DocumentKind, SignatureKind
from applications.models import (
    Application,
    Degree,
    Document,
    Membership,
    RSCSession,
    Signature,
    Training,
    WorkPeriod,
)
from references.enums import ReferenceStatus
from references.models import Reference
from tests.factories.accounts import AssociationFactory, UserFactory
from tests.factories.catalog import CategoryFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application in progress; ``category_code="IMHS"`` picks the category by its code."""

    class Meta:
        model = Application

    class Params:
        category_code = "IFS"

    applicant = factory.SubFactory(UserFactory)
    association = factory.SubFactory(AssociationFactory, code="WI-AIMH")
    category = factory.SubFactory(CategoryFactory, code=factory.SelfAttribute("..category_code"))
    status = ApplicationStatus.IN_PROGRESS
    work_summary = "Home visitor with families of infants."
    education_summary = "BA Psychology, 2015."
    rsc_summary = "Monthly group RS/C since 2022."
    membership_terms_agreed_at = factory.LazyFunction(timezone.now)


class DegreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Degree

    application = factory.SubFactory(ApplicationFactory)
    level = "bachelor"
    name = "BA Psychology"
    institution = "University of Wisconsin"
    completed_on = dt.date(2015, 5, 20)


class WorkPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPeriod

    application = factory.SubFactory(ApplicationFactory)
    title = "Home visitor"
    employer = "Healthy Families"
    start = dt.date(2016, 1, 4)
    end = None
    paid = True
    age_group = "infant"
    service = "prevention"
    families_served = 40


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    application = factory.SubFactory(ApplicationFactory)
    date = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n))
    title = factory.Sequence(lambda n: f"Training {n}")
    provider = "WI-AIMH"
    hours = Decimal("6")


class RSCSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSCSession

    application = factory.SubFactory(ApplicationFactory)
    date = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n))
    hours = Decimal("1.5")
    format = "individual"
    provider_name = "Pat Provider"
    provider_endorsement = "IMHS"
    provider_degree = "master"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    application = factory.SubFactory(ApplicationFactory)
    association_name = "WI-AIMH"
    member_number = "M-1001"
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=200))


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    application = factory.SubFactory(ApplicationFactory)
    rater_name = factory.Sequence(lambda n: f"Rater {n}")
    email = factory.Sequence(lambda n: f"rater{n}@example.org")
    relationship = "colleague"
    waiver_signed = True
    status = ReferenceStatus.NOMINATED


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_all(application) -> None:
    for kind in SignatureKind:
        text = CURRENT[kind]
        Signature.objects.create(
            application=application,
            kind=kind,
            document_version=text.version,
            typed_name=application.applicant.full_name,
            signed_at=timezone.now(),
            ip_address="127.0.0.1",
            text_sha256=text.sha256(application.association),
        )


def complete_ifs(application) -> None:
    """Every row an IFS application needs under the reference rules, relative to today."""
    today = timezone.localdate()
    degree = DegreeFactory(application=application)
    Document.objects.create(
        application=application,
        kind=DocumentKind.TRANSCRIPT,
        degree=degree,
        name=f"applications/{application.uuid}/test/transcript.pdf",
        original_name="transcript.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    WorkPeriodFactory(application=application, start=today - dt.timedelta(days=3 * 365))
    TrainingFactory(application=application, date=today - dt.timedelta(days=100), hours=30)
    TrainingFactory(application=application, date=today - dt.timedelta(days=90), hours=20)
    for i in range(13):
        RSCSessionFactory(
            application=application,
            date=today - dt.timedelta(days=32 * i + 1),
            hours=Decimal(2),
        )
    MembershipFactory(application=application)
    for relationship, endorsement in (
        ("current_supervisor", ""),
        ("rsc_provider", "IMHS"),
        ("colleague", ""),
    ):
        ReferenceFactory(
            application=application,
            relationship=relationship,
            rater_endorsement=endorsement,
            status=ReferenceStatus.SUBMITTED,
        )
    sign_all(application)
