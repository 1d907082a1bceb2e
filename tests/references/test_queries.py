import datetime as dt

import pytest
from django.utils import timezone

from applications.checklist import checklist_for
from applications.models import Application
from applications.queries import with_workspace
from references import services
from references.enums import ReferenceStatus, Score
from references.queries import (
    applicant_status,
    counting_status,
    ratings_for_staff,
    references_of,
)
from tests.factories.references import ApplicationFactory, ReferenceFactory

pytestmark = pytest.mark.django_db

R = ReferenceStatus
IFS_AREAS = [
    "theoretical-foundations",
    "law-regulation-and-agency-policy",
    "systems-expertise",
    "direct-service-skills",
    "working-with-others",
    "communicating",
    "thinking",
    "reflection",
]
ROLES = ("current_supervisor", "rsc_provider", "colleague")


def rated(application, relationship, *, endorsement="", nei=0, **fields):
    reference = ReferenceFactory(
        application=application,
        relationship=relationship,
        rater_endorsement=endorsement,
        **fields,
    )
    invitation = services.invite(reference, actor=application.applicant)
    answers = {
        code: Score.NOT_ENOUGH_INFORMATION if i < nei else Score.SKILLED
        for i, code in enumerate(IFS_AREAS)
    }
    services.submit_rating(
        invitation, {"rater_name": reference.rater_name, "answers": answers}, area_codes=IFS_AREAS
    )
    reference.refresh_from_db()
    return reference


def reference_checks(application):
    loaded = with_workspace(Application.objects.all()).get(pk=application.pk)
    return {i.code: i.status for i in checklist_for(loaded).items if i.code.startswith("reference")}


def test_three_submitted_ratings_meet_the_rules(application):
    rated(application, "current_supervisor", endorsement="IMHS")
    rated(application, "rsc_provider")
    rated(application, "colleague")

    assert reference_checks(application) == {
        "references": "met",
        "reference_roles": "met",
        "reference_endorsed_rater": "met",
    }


def test_a_rating_that_does_not_count_leaves_the_rules_unmet(application):
    rated(application, "current_supervisor", endorsement="IMHS")
    rated(application, "rsc_provider")
    rated(application, "colleague", nei=6)

    assert reference_checks(application)["references"] == "unmet"


def test_an_accepted_vetting_counts_where_no_rater_is_endorsed(association, coordinator):
    application = ApplicationFactory(association=association, category_code="IFA")
    references = [rated(application, role) for role in ROLES]
    assert reference_checks(application)["reference_endorsed_rater"] == "unmet"

    services.record_vetting(
        references[1],
        accepted=True,
        note="Knows the Competency Guidelines well.",
        decided_on=timezone.localdate(),
        actor=coordinator,
    )

    assert reference_checks(application)["reference_endorsed_rater"] == "met"


def test_counting_status_ages_out_after_one_year(application):
    reference = rated(application, "current_supervisor")
    submitted_on = timezone.localdate(reference.submitted_at)

    assert counting_status(reference, on=submitted_on + dt.timedelta(days=365)) == "submitted"
    assert counting_status(reference, on=submitted_on + dt.timedelta(days=366)) == "declined"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (R.NOMINATED, "requested"),
        (R.INVITED, "requested"),
        (R.OPENED, "requested"),
        (R.DECLINED, "declined"),
        (R.EXPIRED, "declined"),
        (R.REPLACED, None),
    ],
)
def test_counting_status_of_unfinished_references(application, status, expected):
    reference = ReferenceFactory.build(application=application, status=status)

    assert counting_status(reference, on=timezone.localdate()) == expected


def test_applicant_status_never_carries_content(application):
    reference = rated(application, "current_supervisor", nei=6)

    status = applicant_status(references_of(application).get(pk=reference.pk))

    assert (status.code, str(status.label), status.needs_action) == (
        "declined",
        "Cannot be counted",
        True,
    )
    assert "Skilled" not in str(status.note)


def test_ratings_for_staff_give_content_per_area(application):
    reference = rated(application, "current_supervisor", nei=2, organisation="Head Start")
    waiting = ReferenceFactory(application=application, rater_name="Not yet")
    gone = ReferenceFactory(application=application, status=R.REPLACED)

    rows = ratings_for_staff(application)

    by_reference = {row.reference.pk: row for row in rows}
    assert set(by_reference) == {reference.pk, waiting.pk}
    assert gone.pk not in by_reference
    row = by_reference[reference.pk]
    assert row.counts is True
    assert row.not_enough_information == 2
    assert [(a.code, a.value) for a in row.answers] == [
        (code, "nei" if i < 2 else "3") for i, code in enumerate(IFS_AREAS)
    ]
    assert row.answers[0].name == "Theoretical Foundations"
    assert row.answers[0].label == "Not enough information to rate"
    assert by_reference[waiting.pk].rating is None and by_reference[waiting.pk].answers == []


def test_ratings_for_staff_queries_do_not_grow(application, django_assert_max_num_queries):
    rated(application, "current_supervisor")
    with django_assert_max_num_queries(20) as one:
        ratings_for_staff(application)
    rated(application, "rsc_provider")
    rated(application, "colleague")

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(ratings_for_staff(application)) == 3
