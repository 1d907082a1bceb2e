"""One professional log per person: the data migration, and a second application that starts
with everything already logged."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from applications.forms import TrainingForm
from applications.models import Training
from tests.factories.accounts import UserFactory
from tests.factories.applications import ApplicationFactory, TrainingFactory

MIGRATION = ("applications", "0004_person_log")


def _before(executor):
    """The migration just before the person log (whatever its name)."""
    node = executor.loader.graph.node_map[MIGRATION]
    return [p.key for p in node.parents if p.key[0] == "applications"]


@pytest.fixture
def back_to_latest():
    """Whatever happens, leave the schema fully migrated for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_moves_every_row_into_the_persons_log(back_to_latest):
    # People and the catalog exist before (rows of apps this migration does not touch).
    ada_id = UserFactory(email="ada@example.org").pk
    bo_id = UserFactory(email="bo@example.org").pk
    executor = MigrationExecutor(connection)
    before = _before(executor)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    Association = old.get_model("endorsements", "Association")
    Category = old.get_model("endorsements", "Category")
    Application = old.get_model("applications", "Application")
    OldTraining = old.get_model("applications", "Training")
    RSCSession = old.get_model("applications", "RSCSession")
    Degree = old.get_model("applications", "Degree")
    Narrative = old.get_model("applications", "CompetencyNarrative")

    association = Association.objects.get(code="WI-AIMH")
    ifs, imhs = Category.objects.get(code="IFS"), Category.objects.get(code="IMHS")
    ada, bo = User.objects.get(pk=ada_id), User.objects.get(pk=bo_id)
    first = Application.objects.create(applicant=ada, association=association, category=ifs)
    second = Application.objects.create(applicant=ada, association=association, category=imhs)
    other = Application.objects.create(applicant=bo, association=association, category=ifs)

    def training(app, day, title, hours):
        return OldTraining.objects.create(
            application=app, date=dt.date(2025, 1, day), title=title, provider="P",
            hours=Decimal(hours),
        )  # fmt: skip

    training(first, 1, "Attachment", "6")
    repeat_short = training(first, 2, "Trauma", "3")
    training(second, 2, "Trauma", "4")  # the same training logged twice
    training(second, 3, "Grief", "5")
    training(other, 1, "Attachment", "6")  # another person: kept apart
    narrative = Narrative.objects.create(application=first, area_code="thinking")
    narrative.trainings.add(repeat_short)
    for app in (first, second, other):
        RSCSession.objects.create(
            application=app, date=dt.date(2025, 2, 1), hours=Decimal("1.5"),
            format="individual", provider_name="Pat",
        )  # fmt: skip
    Degree.objects.create(
        application=first, level="master", name="MSW", institution="UW",
        completed_on=dt.date(2010, 5, 1),
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([MIGRATION])
    new = executor.loader.project_state([MIGRATION]).apps
    NewTraining = new.get_model("applications", "Training")
    NewRSC = new.get_model("applications", "RSCSession")
    NewDegree = new.get_model("applications", "Degree")
    NewNarrative = new.get_model("applications", "CompetencyNarrative")

    def log(model, person):
        rows = model.objects.filter(owner_id=person.pk)
        return rows.count(), sum(r.hours for r in rows) if hasattr(model, "hours") else None

    # Ada: 4 trainings of 18 h before; the repeat counted once with its longer length.
    assert log(NewTraining, ada) == (3, Decimal("15"))
    assert sorted(NewTraining.objects.filter(owner_id=ada.pk).values_list("title", "hours")) == [
        ("Attachment", Decimal("6.00")),
        ("Grief", Decimal("5.00")),
        ("Trauma", Decimal("4.00")),
    ]
    assert log(NewTraining, bo) == (1, Decimal("6"))
    # Two RS/C sessions of Ada on the same day with the same provider are one session.
    assert NewRSC.objects.filter(owner_id=ada.pk).count() == 1
    assert NewRSC.objects.filter(owner_id=bo.pk).count() == 1
    assert NewDegree.objects.get().owner_id == ada.pk
    # Nothing left without an owner; the narrative points at the kept row.
    assert not NewTraining.objects.filter(owner__isnull=True).exists()
    kept = NewTraining.objects.get(owner_id=ada.pk, title="Trauma")
    assert list(NewNarrative.objects.get().trainings.values_list("pk", flat=True)) == [kept.pk]
    assert kept.application_id == second.pk


@pytest.mark.django_db
def test_a_second_application_starts_with_everything_logged():
    first = ApplicationFactory(category_code="IFS")
    TrainingFactory(application=first, title="Attachment", hours=Decimal("6"))
    second = ApplicationFactory(applicant=first.applicant, category_code="IMHS")
    assert [t.title for t in second.trainings.all()] == ["Attachment"]
    assert second.trainings.get().owner_id == first.applicant_id
    form = TrainingForm(
        {"date": second.trainings.get().date.isoformat(), "title": "attachment",
         "provider": "X", "hours": "2"},
        application=second,
    )  # fmt: skip
    assert not form.is_valid()
    assert form.errors["title"] == ["You already logged a training with this title on this date."]


@pytest.mark.django_db
def test_deleting_an_application_keeps_the_log():
    application = ApplicationFactory()
    TrainingFactory(application=application)
    person = application.applicant
    application.delete()
    assert list(Training.objects.filter(owner=person).values_list("application_id", flat=True)) == [
        None
    ]


@pytest.mark.django_db
def test_reviewers_packet_leaves_out_entries_logged_after_submission():
    import datetime as dt

    from django.utils import timezone

    from applications.models import Application
    from applications.queries import with_workspace
    from reviews.packet import packet_context

    application = ApplicationFactory(submitted_at=timezone.now() - dt.timedelta(days=2))
    before = TrainingFactory(application=application, title="Judged")
    Training.objects.filter(pk=before.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    TrainingFactory(application=None, owner=application.applicant, title="For the renewal")
    loaded = with_workspace(Application.objects.filter(pk=application.pk)).get()
    assert [t.title for t in packet_context(loaded)["trainings"]] == ["Judged"]
    assert [t.title for t in loaded.trainings.all()] == ["Judged", "For the renewal"]
