"""The catalog's renewal fees: what ``make demo`` loads is what a renewal's checkout charges."""

import datetime as dt

import pytest
from django.core.management import call_command

from payments import services as payments
from payments.enums import FeeKind
from payments.models import FeeSchedule
from renewals import services

from .conftest import IN_GRACE, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_fees(association):
    call_command("loaddata", "fixtures/catalog/21_renewal_fees.json", verbosity=0)


def test_the_catalog_sets_the_renewal_late_and_reactivation_fees(catalog_fees, association):
    call_command("loaddata", "fixtures/catalog/21_renewal_fees.json", verbosity=0)  # twice: once
    kinds = dict(
        FeeSchedule.objects.filter(
            association=association,
            fee_kind__in=[FeeKind.RENEWAL, FeeKind.LATE_RENEWAL, FeeKind.REACTIVATION],
        ).values_list("fee_kind", "amount_cents")
    )
    assert kinds == {"renewal": 5000, "late_renewal": 2500, "reactivation": 5000}


def test_a_late_renewal_is_charged_the_catalog_fees(catalog_fees, association, endorsee):
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_GRACE)
    assert services.fees_due(renewal, as_of=IN_GRACE) == [FeeKind.RENEWAL, FeeKind.LATE_RENEWAL]
    charged = [
        pay(renewal, kind).total_cents for kind in services.fees_due(renewal, as_of=IN_GRACE)
    ]
    assert charged == [5000, 2500]
    assert services.fees_paid(renewal) == {FeeKind.RENEWAL, FeeKind.LATE_RENEWAL}


def test_an_inactive_endorsee_is_charged_the_catalog_reactivation_fee(
    catalog_fees, association, endorsee
):
    cycle = services.settings_for(association)
    cycle.inactive_allowed = True
    cycle.save()
    held = endorsee.endorsements.get(category_code="IFS")
    services.go_inactive(held, actor=endorsee, as_of=dt.date(2026, 3, 1))
    started = payments.start_payment(
        payer=endorsee, association=association, fee_kind=FeeKind.REACTIVATION,
        category_code="IFS", purpose=held, success_url="/", cancel_url="/", actor=endorsee,
    )  # fmt: skip
    assert started.payment.total_cents == 5000
