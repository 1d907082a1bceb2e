import pytest

from exams.models import ExamSettings
from tests.factories.exams import approved_candidate, bank, exam_week, grader, vignette
from tests.factories.reviews import load_catalog


@pytest.fixture
def catalog(db):
    load_catalog()


@pytest.fixture
def approval(catalog, association):
    return approved_candidate(
        association, "IMHM-C", full_name="Carla Candidate", email="carla@example.org"
    )


@pytest.fixture
def exam_bank(catalog):
    """Infant Mentor blueprint (one item in each of the 11 areas) and one Clinical vignette."""
    return {"blueprint": bank("infant", per_area=1), "vignette": vignette("infant", "C")}


@pytest.fixture
def week(association):
    return exam_week(association, starts_in=0, name="This week")


@pytest.fixture
def exam_settings(association):
    return ExamSettings.objects.create(association=association, part_seconds=60)


@pytest.fixture
def graders(association):
    return [
        grader(association, full_name="Gina Grader", email="gina@example.org"),
        grader(association, full_name="Gus Grader", email="gus@example.org"),
        grader(association, full_name="Gwen Grader", email="gwen@example.org"),
    ]


@pytest.fixture
def outbox():
    """``outbox()``: run the callbacks queued for "after commit" (the test's transaction never
    commits: emails are sent by a task enqueued on commit), then return ``mail.outbox``."""
    from django.core import mail
    from django.db import connection

    def run():
        while connection.run_on_commit:
            _sids, func, _robust = connection.run_on_commit.pop(0)
            func()
        return mail.outbox

    return run
