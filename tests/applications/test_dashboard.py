import pytest
from django.urls import reverse

from applications.dashboard import applicant_steps
from applications.enums import ApplicationStatus as S
from reviews.models import Decision
from tests.factories.applications import ApplicationFactory

pytestmark = pytest.mark.django_db


def status_url(application) -> str:
    return reverse("applications:status", kwargs={"uuid": application.uuid})


def decision_url(application) -> str:
    return reverse("reviews:decision", kwargs={"uuid": application.uuid})


def test_decided_application_steps_lead_to_the_decision(association):
    exam = ApplicationFactory(association=association, status=S.APPROVED_TO_SIT_EXAM)
    revise = ApplicationFactory(
        association=association, applicant=exam.applicant, category_code="IMHS"
    )
    revise.status = S.REVISE_RESUBMIT
    revise.save(update_fields=["status"])
    Decision.objects.create(application=exam, version=1, outcome="approve_to_sit_exam")
    Decision.objects.create(application=revise, version=1, outcome="revise_resubmit")

    steps = applicant_steps(exam.applicant, None)

    assert sorted((s.text, s.url, s.urgent) for s in steps) == [
        ("Revise your IMHS application and submit it again", decision_url(revise), True),
        ("Your IFS application: Approved to sit the exam", decision_url(exam), False),
    ]


def test_decided_application_without_a_recorded_decision_leads_to_its_status(association):
    application = ApplicationFactory(association=association, status=S.APPROVED_TO_SIT_EXAM)

    steps = applicant_steps(application.applicant, None)

    assert [(s.text, s.url) for s in steps] == [
        ("Your IFS application: Approved to sit the exam", status_url(application))
    ]


def test_a_revised_version_in_progress_still_leads_to_the_workspace(association):
    application = ApplicationFactory(association=association, status=S.IN_PROGRESS, version=2)
    Decision.objects.create(application=application, version=1, outcome="revise_resubmit")

    steps = applicant_steps(application.applicant, None)

    assert [(s.text, s.url) for s in steps] == [
        (
            "Continue your IFS application",
            reverse("applications:detail", kwargs={"uuid": application.uuid}),
        )
    ]


def test_dashboard_page_links_the_decided_application_to_its_decision(client, association):
    application = ApplicationFactory(association=association, status=S.REVISE_RESUBMIT)
    Decision.objects.create(application=application, version=1, outcome="revise_resubmit")
    client.force_login(application.applicant)

    body = client.get(reverse("dashboard")).content.decode()

    assert f'href="{decision_url(application)}"' in body
    assert "Revise your IFS application and submit it again" in body


def test_applicant_steps_take_one_query_for_many_applications(
    association, django_assert_num_queries
):
    first = ApplicationFactory(association=association, status=S.APPROVED_TO_SIT_EXAM)
    Decision.objects.create(application=first, version=1, outcome="approve_to_sit_exam")
    with django_assert_num_queries(1):
        applicant_steps(first.applicant, None)

    for code in ("IMHS", "IFA", "IMHM-C"):
        more = ApplicationFactory(
            association=association,
            applicant=first.applicant,
            category_code=code,
            status=S.APPROVED_TO_SIT_EXAM,
        )
        Decision.objects.create(application=more, version=1, outcome="approve_to_sit_exam")
    with django_assert_num_queries(1):
        assert len(applicant_steps(first.applicant, None)) == 4
