import pytest
from django.core.management import call_command

from applications.enums import ApplicationStatus as S
from applications.models import Application
from easy.accounts.enums import Role
from easy.accounts.models import RoleAssignment, User
from endorsements.models import Endorsement
from reviews.models import Review

pytestmark = pytest.mark.django_db(transaction=True)


def test_load_demo_twice_gives_one_person_per_role_and_applications_in_every_stage(capsys):
    call_command("load_catalog")

    call_command("load_demo")
    call_command("load_demo")

    roles = set(RoleAssignment.objects.values_list("user__email", "role"))
    assert {role for _, role in roles} == {r.value for r in Role} - {Role.APPLICANT}
    assert User.objects.get(email="superuser@demo.test").is_superuser
    states = dict(Application.objects.values_list("applicant__email", "status"))
    assert states == {
        "applicant@demo.test": S.IN_PROGRESS,
        "registering@demo.test": S.REGISTERING,
        "registered@demo.test": S.REGISTERED,
        "submitted@demo.test": S.SUBMITTED,
        "inreview@demo.test": S.IN_REVIEW,
        "endorsed@demo.test": S.ENDORSED,
        "mentor@demo.test": S.APPROVED_TO_SIT_EXAM,  # exams/demo.py
    }
    assert Review.objects.filter(application__applicant__email="inreview@demo.test").count() == 2
    assert list(Endorsement.objects.values_list("number", flat=True)) == ["WI-IFS-000001"]
    printed = capsys.readouterr().out
    assert "Every demo account uses the password: demo-password-2026" in printed
    assert "coordinator@demo.test" in printed
