"""Exam pass rates in the coordinator's reports (exams/reports.py, through reviews' registry)."""

import pytest
from django.utils import timezone

from exams.enums import Part, SittingStatus
from exams.models import Registration, Sitting
from exams.reports import pass_rates
from reviews.reports import Scope
from tests.factories.exams import approved_candidate, exam_week
from tests.factories.reviews import load_catalog


@pytest.fixture
def catalog(db):
    load_catalog()


def scored(association, week, part, passed):
    approval = approved_candidate(association)
    registration = Registration.objects.create(approval=approval, exam_week=week, parts=[part])
    return Sitting.objects.create(
        registration=registration,
        part=part,
        status=SittingStatus.SCORED,
        passed=passed,
        submitted_at=timezone.now(),
    )


def test_pass_rate_per_part(catalog, association):
    week = exam_week(association)
    for passed in (True, True, True, False):
        scored(association, week, Part.MC, passed)
    scored(association, week, Part.ESSAY, False)

    table = pass_rates(Scope(associations=(association,)))

    assert table.rows == [
        ["Part 1: multiple choice", 75.0, 3, 4],
        ["Part 2: written responses", 0.0, 0, 1],
    ]
