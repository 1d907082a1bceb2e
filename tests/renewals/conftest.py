"""Endorsees holding IFS and IMHS at WI-AIMH, the renewal fees, and helpers to log a year."""

import datetime as dt
from decimal import Decimal

import pytest

from applications.models import Degree, Membership, RSCSession, Training
from endorsements.models import Association, Endorsement
from payments import services as payments
from payments.enums import FeeKind, PaymentStatus
from tests.factories.accounts import UserFactory, staff
from tests.factories.payments import FeeScheduleFactory
from tests.factories.reviews import load_catalog

YEAR = 2026
IN_WINDOW = dt.date(YEAR, 11, 15)
IN_GRACE = dt.date(YEAR + 1, 1, 10)
AFTER_GRACE = dt.date(YEAR + 1, 2, 1)


@pytest.fixture(autouse=True)
def catalog(db):
    load_catalog()


@pytest.fixture
def association(catalog):
    return Association.objects.get(code="WI-AIMH")


@pytest.fixture
def coordinator(association):
    return staff(association)


@pytest.fixture
def fees(association):
    FeeScheduleFactory(association=association, fee_kind=FeeKind.RENEWAL, amount_cents=5000)
    FeeScheduleFactory(association=association, fee_kind=FeeKind.LATE_RENEWAL, amount_cents=2500)
    FeeScheduleFactory(
        association=association,
        fee_kind=FeeKind.PROCESSING,
        category_code="IMHS",
        amount_cents=20000,
    )


_sequence = iter(range(1, 100_000))


def endorse(person, association, code: str, *, granted_on=dt.date(2020, 5, 1), year=YEAR):
    n = next(_sequence)
    return Endorsement.objects.create(
        user=person,
        association=association,
        category_code=code,
        sequence=n,
        number=f"WI-{code}-{n:06d}",
        granted_on=granted_on,
        renews_on=dt.date(year, 12, 31),
    )


@pytest.fixture
def endorsee(association):
    """Erin holds IFS and IMHS; master's-prepared; membership current to mid-2027."""
    person = UserFactory(full_name="Erin Endorsee", email="erin@example.org")
    Degree.objects.create(
        owner=person, level="master", name="MSW", institution="UW", completed_on=dt.date(2012, 5, 1)
    )
    Membership.objects.create(
        owner=person, association_name="WI-AIMH", expires_on=dt.date(YEAR + 1, 6, 30)
    )
    endorse(person, association, "IFS")
    endorse(person, association, "IMHS")
    return person


def log_year(person, year=YEAR, *, training_hours=(6, 6, 3), rsc_hours=12, rsc_training=0):
    """Log a year's training and RS/C (sessions from an IMHS provider)."""
    for i, hours in enumerate(training_hours):
        Training.objects.create(
            owner=person,
            date=dt.date(year, 2 + i, 10),
            title=f"Training {i}",
            provider="WI-AIMH",
            hours=Decimal(hours),
        )
    if rsc_training:
        Training.objects.create(
            owner=person,
            date=dt.date(year, 6, 1),
            title="Providing RS/C",
            provider="WI-AIMH",
            hours=Decimal(rsc_training),
            topics=["rsc_provision"],
        )
    for n in range(rsc_hours):
        RSCSession.objects.create(
            owner=person,
            date=dt.date(year, 1 + n // 2, 5 + 10 * (n % 2)),
            hours=Decimal(1),
            format="individual",
            provider_name="Pat Provider",
            provider_endorsement="IMHS",
            provider_degree="master",
        )


def pay(renewal, kind=FeeKind.RENEWAL, purpose=None):
    started = payments.start_payment(
        payer=renewal.person if purpose is None else purpose.endorsement.user,
        association=renewal.association if purpose is None else purpose.endorsement.association,
        fee_kind=kind,
        category_code="" if purpose is None else purpose.endorsement.category_code,
        purpose=purpose or renewal,
        success_url="/",
        cancel_url="/",
        actor=None,
    )
    payments.transition(started.payment, PaymentStatus.PAID, actor=None)
    return started.payment


@pytest.fixture
def other_person(db):
    return UserFactory(full_name="Sam Stranger")


@pytest.fixture
def no_audit(association):
    from renewals.services import settings_for

    cycle = settings_for(association)
    cycle.audit_percent = 0
    cycle.save()
    return cycle
