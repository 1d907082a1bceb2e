import pytest
from django.core.management import call_command

from endorsements.models import RequirementRule, SubmissionPeriod
from payments.models import FeeSchedule

pytestmark = pytest.mark.django_db


def test_reloading_the_catalog_keeps_staff_edits_and_adds_nothing_twice(capsys):
    call_command("load_catalog")
    counts = (RequirementRule.objects.count(), SubmissionPeriod.objects.count())
    period = SubmissionPeriod.objects.get(
        association__code="WI-AIMH", name="15 March 2026 deadline"
    )
    period.closes_on = period.closes_on.replace(day=20)  # a coordinator moved the deadline
    period.save()
    capsys.readouterr()

    call_command("load_catalog")

    period.refresh_from_db()
    assert period.closes_on.day == 20
    assert (RequirementRule.objects.count(), SubmissionPeriod.objects.count()) == counts
    assert "0 row(s) added" in capsys.readouterr().out


def test_update_overwrites_rows_with_the_files_values():
    call_command("load_catalog")
    fee = FeeSchedule.objects.get(association__code="WI-AIMH", fee_kind="registration")
    fee.amount_cents = 9900
    fee.save()

    call_command("load_catalog", "--update")

    fee.refresh_from_db()
    assert fee.amount_cents == 2000


def test_rows_missing_from_the_database_are_added_again():
    call_command("load_catalog")
    SubmissionPeriod.objects.filter(association__code="WI-AIMH").delete()

    call_command("load_catalog")

    assert SubmissionPeriod.objects.filter(association__code="WI-AIMH").count() == 12
    assert SubmissionPeriod.objects.get(name="15 March 2026 deadline").categories.count() == 0


def test_if_empty_loads_nothing_into_a_database_with_a_catalog(capsys):
    call_command("load_catalog")
    SubmissionPeriod.objects.filter(association__code="WI-AIMH").delete()
    capsys.readouterr()

    call_command("load_catalog", "--if-empty")

    assert SubmissionPeriod.objects.filter(association__code="WI-AIMH").count() == 0
    assert capsys.readouterr().out == "A catalog is already in the database: nothing loaded.\n"
