"""The written exam for tests: an applicant approved to sit, a bank with a blueprint, vignettes,
an exam week and graders. Load the catalog first (``tests.factories.reviews.load_catalog``)."""

import datetime as dt

from django.utils import timezone

from applications.enums import ApplicationStatus
from easy.accounts.enums import Role
from endorsements.models import CompetencyArea, ExamWeek
from exams import services
from exams.enums import ItemStatus
from exams.models import Blueprint, BlueprintRow, Item, RubricCriterion, Vignette
from tests.factories.accounts import UserFactory, staff
from tests.factories.applications import ApplicationFactory


def approved_candidate(association, category: str = "IMHM-C", **person):
    """An application approved to sit the exam today, and its ExamApproval."""
    applicant = UserFactory(**person)
    application = ApplicationFactory(
        association=association,
        applicant=applicant,
        category_code=category,
        status=ApplicationStatus.APPROVED_TO_SIT_EXAM,
        decided_at=timezone.now(),
    )
    return services.open_approval(application)


def bank(family: str = "infant", *, for_mentors: bool = True, per_area: int = 1, spare: int = 1):
    """Active items (``per_area`` + ``spare`` in every area of the family) and an active
    blueprint drawing ``per_area`` of each. Item ``n`` of an area has key ``n % 4``."""
    areas = list(CompetencyArea.objects.filter(family=family, for_mentors=for_mentors))
    blueprint = Blueprint.objects.create(
        family=family, for_mentors=for_mentors, name=f"{family} blueprint"
    )
    for area in areas:
        BlueprintRow.objects.create(blueprint=blueprint, area=area, count=per_area)
        for n in range(per_area + spare):
            Item.objects.create(
                family=family,
                area=area,
                stem=f"{area.name}: question {n}?",
                option_a=f"{area.code} {n} option one",
                option_b=f"{area.code} {n} option two",
                option_c=f"{area.code} {n} option three",
                option_d=f"{area.code} {n} option four",
                key=n % 4,
                status=ItemStatus.ACTIVE,
            )
    return blueprint


def vignette(family: str = "infant", designation: str = "C", *, points=(5, 5)) -> Vignette:
    """An active vignette with one rubric criterion per entry of ``points``."""
    found = Vignette.objects.create(
        family=family,
        designation=designation,
        title=f"Vignette {family} {designation}",
        text="A mother and her 8-month-old come to the clinic after a hospital stay...",
        status=ItemStatus.ACTIVE,
    )
    for i, most in enumerate(points):
        RubricCriterion.objects.create(
            vignette=found, text=f"Criterion {i + 1}", max_points=most, position=i
        )
    return found


def exam_week(association, *, starts_in: int = 0, days: int = 5, **fields) -> ExamWeek:
    start = timezone.localdate() + dt.timedelta(days=starts_in)
    return ExamWeek.objects.create(
        association=association,
        name=fields.pop("name", f"Exam week {start.isoformat()}"),
        starts_on=start,
        ends_on=start + dt.timedelta(days=days - 1),
        **fields,
    )


def grader(association, **fields):
    """An exam grader of ``association`` (with TOTP)."""
    return staff(association, Role.EXAM_GRADER, **fields)


def registered(approval, week, actor=None):
    """A registration for ``week`` made through the service, the week moved to start today
    afterwards when needed (registration is only open before the week)."""
    registration = services.register(
        approval, week, actor=actor or approval.candidate, on=week.starts_on - dt.timedelta(days=1)
    )
    return registration
