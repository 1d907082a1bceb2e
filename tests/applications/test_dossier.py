import datetime as dt
from decimal import Decimal

import pytest

from applications.agreements import CURRENT
from applications.dossier import build_dossier
from applications.enums import DocumentKind, SignatureKind
from applications.models import Application, Certificate, Document, LeadershipActivity, Signature
from applications.queries import with_workspace
from endorsements.rules import Dossier, parse_dossier
from references.enums import ReferenceStatus
from tests.factories.applications import (
    ApplicationFactory,
    DegreeFactory,
    MembershipFactory,
    ReferenceFactory,
    RSCSessionFactory,
    TrainingFactory,
    WorkPeriodFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 1)


def loaded(application):
    return with_workspace(Application.objects.filter(pk=application.pk)).get()


def test_build_dossier_of_an_empty_application():
    application = ApplicationFactory(category_code="IFS", provides_rsc=False)

    dossier = build_dossier(loaded(application), as_of=AS_OF)

    # The rules take it as it is (typed), and it reads back as the README's JSON.
    assert isinstance(dossier, Dossier)
    assert parse_dossier(dossier.to_dict()) == dossier
    assert dossier.to_dict() == {
        "association": "WI-AIMH",
        "category": "IFS",
        "purpose": "application",
        "as_of": "2026-03-01",
        "degrees": [],
        "certificates": [],
        "work": [],
        "trainings": [],
        "rsc": [],
        "provides_rsc": False,
        "leadership_activities": [],
        "references": [],
        "code_of_ethics_signed": False,
        "agreement_signed": False,
        "membership_expires_on": None,
        "exam": "not_taken",
    }


def test_build_dossier_maps_every_row():
    application = ApplicationFactory(category_code="IMHM-C", provides_rsc=True)
    with_transcript = DegreeFactory(
        application=application, level="master", name="MSW", completed_on=dt.date(2018, 5, 1)
    )
    DegreeFactory(
        application=application, level="bachelor", name="BA", completed_on=dt.date(2015, 5, 1)
    )
    Document.objects.create(
        application=application,
        kind=DocumentKind.TRANSCRIPT,
        degree=with_transcript,
        name="x/t.pdf",
        original_name="t.pdf",
        content_type="application/pdf",
        size=10,
    )
    Certificate.objects.create(
        application=application,
        kind="cda",
        name="CDA",
        issuer="Council",
        completed_on=dt.date(2012, 1, 1),
    )
    WorkPeriodFactory(
        application=application,
        title="Clinician",
        start=dt.date(2018, 6, 1),
        end=dt.date(2022, 6, 30),
        service="intervention",
        families_served=25,
        internship=True,
        internship_supervisor="Dr Who",
        internship_supervisor_endorsement="IMHM-C",
    )
    TrainingFactory(
        application=application,
        title="RS/C basics",
        date=dt.date(2023, 2, 1),
        hours=Decimal("7.5"),
        topics=["rsc_provision", "dei"],
    )
    RSCSessionFactory(
        application=application,
        date=dt.date(2024, 1, 5),
        hours=Decimal("1.5"),
        format="group",
        provider_endorsement="",
        provider_degree="",
        provider_vetted=True,
        about_rsc_provided=True,
    )
    LeadershipActivity.objects.create(
        application=application, title="State board", level="state", start=dt.date(2021, 1, 1)
    )
    ReferenceFactory(
        application=application, relationship="current_supervisor", status=ReferenceStatus.SUBMITTED
    )
    ReferenceFactory(
        application=application,
        relationship="rsc_provider",
        rater_endorsement="IMHM-C",
        rater_vetted=True,
        status=ReferenceStatus.INVITED,
    )
    ReferenceFactory(
        application=application, relationship="rsc_recipient", status=ReferenceStatus.EXPIRED
    )
    ReferenceFactory(
        application=application, relationship="colleague", status=ReferenceStatus.REPLACED
    )
    MembershipFactory(application=application, expires_on=dt.date(2026, 6, 30))
    MembershipFactory(application=application, expires_on=dt.date(2027, 1, 31))
    Signature.objects.create(
        application=application,
        kind=SignatureKind.CODE_OF_ETHICS,
        document_version=CURRENT[SignatureKind.CODE_OF_ETHICS].version,
        typed_name="A",
        signed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        text_sha256="0" * 64,
    )
    Signature.objects.create(
        application=application,
        kind=SignatureKind.AGREEMENT,
        document_version="2019-old",
        typed_name="A",
        signed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        text_sha256="0" * 64,
    )

    dossier = build_dossier(loaded(application), as_of=AS_OF).to_dict()

    assert dossier["category"] == "IMHM-C"
    assert dossier["degrees"] == [
        {"level": "bachelor", "name": "BA", "completed_on": "2015-05-01", "transcript": False},
        {"level": "master", "name": "MSW", "completed_on": "2018-05-01", "transcript": True},
    ]
    assert dossier["certificates"] == [
        {"kind": "cda", "completed_on": "2012-01-01", "document": False}
    ]
    assert dossier["work"] == [
        {
            "title": "Clinician",
            "start": "2018-06-01",
            "end": "2022-06-30",
            "paid": True,
            "volunteer_qualifies": False,
            "age_group": "infant",
            "service": "intervention",
            "families_served": 25,
            "internship": True,
            "internship_supervisor_endorsement": "IMHM-C",
        }
    ]
    assert dossier["trainings"] == [
        {
            "title": "RS/C basics",
            "date": "2023-02-01",
            "hours": 7.5,
            "topics": ["dei", "rsc_provision"],
        }
    ]
    assert dossier["rsc"] == [
        {
            "date": "2024-01-05",
            "hours": 1.5,
            "format": "group",
            "provider_endorsement": None,
            "provider_vetted": True,
            "provider_degree": None,
            "about_rsc_provided": True,
        }
    ]
    assert dossier["provides_rsc"] is True
    assert dossier["leadership_activities"] == [{"title": "State board", "level": "state"}]
    assert dossier["references"] == [
        {
            "relationship": "current_supervisor",
            "rater_endorsement": None,
            "rater_vetted": False,
            "status": "submitted",
        },
        {
            "relationship": "rsc_provider",
            "rater_endorsement": "IMHM-C",
            "rater_vetted": True,
            "status": "requested",
        },
        {
            "relationship": "rsc_recipient",
            "rater_endorsement": None,
            "rater_vetted": False,
            "status": "declined",
        },
    ]
    assert dossier["code_of_ethics_signed"] is True
    assert dossier["agreement_signed"] is False  # an older version of the text does not count
    assert dossier["membership_expires_on"] == "2027-01-31"


def test_build_dossier_runs_no_query_on_a_loaded_application(django_assert_num_queries):
    application = ApplicationFactory()
    for _ in range(20):
        RSCSessionFactory(application=application)
        TrainingFactory(application=application)
    DegreeFactory(application=application)
    application = loaded(application)

    with django_assert_num_queries(0):
        dossier = build_dossier(application, as_of=AS_OF)

    assert len(dossier.rsc) == 20
    assert len(dossier.trainings) == 20
