import datetime as dt

import pytest
from django.contrib import admin

from endorsements import models
from endorsements.models import Association, Category, SubmissionPeriod
from endorsements.queries import (
    categories_offered,
    category_level,
    competency_areas_for,
    exam_required,
    knowledge_skill_areas_for,
    next_submission_period,
    open_submission_period,
)


@pytest.fixture
def wi(catalog):
    return Association.objects.get(code="WI-AIMH")


@pytest.fixture
def wa(catalog):
    return Association.objects.get(code="WA-AIMH")


def cat(code):
    return Category.objects.get(code=code)


def test_categories_offered_in_catalog_order(wi, wa):
    day = dt.date(2026, 3, 1)

    assert [c.code for c in categories_offered(wi, day)] == [
        "IFA", "IFS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-R/F",
        "ECFA", "ECFS", "ECMHS", "ECMHM-C", "ECMHM-P", "ECMHM-R/F",
    ]  # fmt: skip
    assert "IFRS" in [c.code for c in categories_offered(wa, day)]


def test_categories_offered_respects_offering_dates(wi):
    wi.offerings.filter(category__code="ECFA").update(available_to=dt.date(2026, 1, 31))

    assert "ECFA" in [c.code for c in categories_offered(wi, dt.date(2026, 1, 31))]
    assert "ECFA" not in [c.code for c in categories_offered(wi, dt.date(2026, 2, 1))]


def test_competency_areas_eight_for_practitioners_eleven_for_mentors(catalog):
    assert [a.name for a in competency_areas_for(cat("ECFS"))] == [
        "Theoretical Foundations", "Law, Regulation and Agency Policy", "Systems Expertise",
        "Direct Service Skills", "Working with Others", "Communicating", "Thinking", "Reflection",
    ]  # fmt: skip
    mentor = list(competency_areas_for(cat("IMHM-P")))
    assert len(mentor) == 11
    assert [a.name for a in mentor][5] == "Leading People"
    assert {a.family for a in mentor} == {"infant"}


def test_knowledge_skill_areas_grow_with_the_category(catalog):
    area = competency_areas_for(cat("IFA")).get(code="theoretical-foundations")
    ifs_area = competency_areas_for(cat("IFS")).get(code="theoretical-foundations")

    ifa = [s.name for s in knowledge_skill_areas_for(cat("IFA"), area)]
    imhs = [s.name for s in knowledge_skill_areas_for(cat("IMHS"), ifs_area)]

    assert "Disorders of infancy" not in ifa and len(ifa) == 7
    assert imhs[-3:] == ["Disorders of infancy", "Psychotherapeutic and behavioural theories of change",
                         "Adult mental disorders"]  # fmt: skip


@pytest.mark.parametrize(
    ("day", "name"),
    [(dt.date(2026, 3, 15), "15 March 2026 deadline"), (dt.date(2026, 3, 16), "15 June 2026 deadline"),
     (dt.date(2026, 12, 15), "15 December 2026 deadline")],
)  # fmt: skip
def test_wisconsin_quarterly_periods(wi, day, name):
    assert open_submission_period(wi, cat("IMHS"), day).name == name


def test_washington_per_category_deadlines(wa):
    day = dt.date(2026, 3, 1)

    assert (
        open_submission_period(wa, cat("IFS"), day).name
        == "1 May 2026 deadline (IFA, IFS and IFRS)"
    )
    assert (
        open_submission_period(wa, cat("IMHS"), day).name
        == "1 August 2026 deadline (all categories)"
    )


def test_no_open_period_and_the_next_one(wi):
    SubmissionPeriod.objects.filter(association=wi, name="15 June 2026 deadline").delete()
    day = dt.date(2026, 4, 1)

    assert open_submission_period(wi, cat("IFA"), day) is None
    assert next_submission_period(wi, cat("IFA"), day).name == "15 September 2026 deadline"


def test_no_period_for_an_association_without_any(catalog):
    mi = Association.objects.get(code="MI-AIMH")

    assert open_submission_period(mi, cat("IFS"), dt.date(2026, 3, 1)) is None


@pytest.mark.parametrize(
    ("category", "day", "required"),
    [("IMHS", dt.date(2024, 12, 31), True), ("IMHS", dt.date(2025, 1, 1), False),
     ("ECMHS", dt.date(2025, 1, 1), False), ("IMHM-C", dt.date(2026, 1, 1), True),
     ("IFS", dt.date(2024, 1, 1), False)],
)  # fmt: skip
def test_exam_required_is_a_dated_rule(category, day, required, db):
    assert exam_required("MI-AIMH", category, day) is required


def test_category_levels(db):
    assert [category_level(c) for c in ("IFA", "ECFS", "IMHS", "ECMHM-R/F", "NOPE")] == [
        1,
        2,
        3,
        4,
        None,
    ]


def test_every_catalog_model_is_in_the_admin():
    catalog_models = [
        models.Association, models.Category, models.CategoryOffering, models.CompetencyArea,
        models.KnowledgeSkillArea, models.SubmissionPeriod, models.ExamWeek,
        models.RequirementRule,
    ]  # fmt: skip

    assert [m for m in catalog_models if not admin.site.is_registered(m)] == []


def test_catalog_loads_twice_without_duplicates(catalog):
    from django.core.management import call_command

    call_command("load_catalog", verbosity=0)

    assert models.RequirementRule.objects.count() == 60
    assert models.KnowledgeSkillArea.objects.count() == 46
    assert models.SubmissionPeriod.objects.filter(association__code="WI-AIMH").count() == 12
