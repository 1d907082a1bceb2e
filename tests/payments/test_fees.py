import datetime

import pytest
from django.core.management import call_command

from payments import services
from payments.enums import FeeKind
from payments.models import FeeSchedule
from tests.factories.payments import FeeScheduleFactory

DAY = datetime.date(2026, 3, 1)


def quote(association, payer, kind, code, on=DAY):
    return services.quote(
        payer=payer, association=association, fee_kind=kind, category_code=code, on=on
    )


@pytest.fixture
def catalog(db):
    call_command("loaddata", "fixtures/catalog/00_associations.json", verbosity=0)
    call_command("loaddata", "fixtures/catalog/20_fees.json", verbosity=0)
    from endorsements.models import Association

    return Association.objects.get(code="WI-AIMH")


@pytest.mark.parametrize(
    ("code", "cents"),
    [
        ("IFA", 2500),
        ("ECFA", 2500),
        ("IFS", 5000),
        ("ECFS", 5000),
        ("IMHS", 20000),
        ("ECMHS", 20000),
        ("IMHM-C", 30000),
        ("IMHM-P", 30000),
        ("IMHM-R/F", 30000),
        ("ECMHM-C", 30000),
        ("ECMHM-P", 30000),
        ("ECMHM-R/F", 30000),
    ],
)
def test_fixture_processing_fee_for_each_wisconsin_category(catalog, payer, code, cents):
    q = quote(catalog, payer, FeeKind.PROCESSING, code)

    assert (q.amount_cents, q.discount_cents, q.total_cents) == (cents, 0, cents)


@pytest.mark.parametrize("code", ["IFA", "IMHS", "ECMHM-R/F", ""])
def test_fixture_registration_fee_is_20_dollars_for_every_category(catalog, payer, code):
    assert quote(catalog, payer, FeeKind.REGISTRATION, code).total_cents == 2000


def test_fixture_loads_twice_without_duplicates(catalog):
    call_command("loaddata", "fixtures/catalog/20_fees.json", verbosity=0)

    assert FeeSchedule.objects.filter(association=catalog).count() == 13


def test_category_schedule_wins_over_all_categories(association, payer):
    FeeScheduleFactory(association=association, fee_kind=FeeKind.EXAM, amount_cents=10000)
    FeeScheduleFactory(
        association=association, fee_kind=FeeKind.EXAM, category_code="IMHS", amount_cents=15000
    )

    assert quote(association, payer, FeeKind.EXAM, "IMHS").total_cents == 15000
    assert quote(association, payer, FeeKind.EXAM, "IMHM-C").total_cents == 10000


def test_schedule_follows_effective_dates(association, payer):
    FeeScheduleFactory(
        association=association,
        fee_kind=FeeKind.RENEWAL,
        amount_cents=6000,
        effective_from=datetime.date(2024, 1, 1),
        effective_until=datetime.date(2025, 12, 31),
    )
    FeeScheduleFactory(
        association=association,
        fee_kind=FeeKind.RENEWAL,
        amount_cents=7500,
        effective_from=datetime.date(2026, 1, 1),
    )

    assert (
        quote(association, payer, FeeKind.RENEWAL, "IFS", datetime.date(2025, 12, 31)).total_cents
        == 6000
    )
    assert (
        quote(association, payer, FeeKind.RENEWAL, "IFS", datetime.date(2026, 1, 1)).total_cents
        == 7500
    )


def test_fee_without_schedule_is_not_configured(association, other_association, payer):
    FeeScheduleFactory(association=other_association, fee_kind=FeeKind.LATE_RENEWAL)

    with pytest.raises(services.PaymentError) as info:
        quote(association, payer, FeeKind.LATE_RENEWAL, "IFS")
    assert info.value.code == services.PaymentError.FEE_NOT_CONFIGURED


def test_schedule_not_yet_in_force_is_not_configured(association, payer):
    FeeScheduleFactory(association=association, effective_from=datetime.date(2027, 1, 1))

    with pytest.raises(services.PaymentError) as info:
        quote(association, payer, FeeKind.REGISTRATION, "IFS")
    assert info.value.code == services.PaymentError.FEE_NOT_CONFIGURED
