import datetime

import factory

from easy.payments.enums import DiscountKind, FeeKind
from easy.payments.models import Coupon, FeeSchedule
from tests.factories.accounts import AssociationFactory

#: Wisconsin's fees (DOMAIN.md section 6), in cents.
WISCONSIN_PROCESSING = {"IFA": 2500, "IFS": 5000, "IMHS": 20000, "IMHM-C": 30000}


class FeeScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeSchedule

    association = factory.SubFactory(AssociationFactory)
    fee_kind = FeeKind.REGISTRATION
    category_code = ""
    amount_cents = 2000
    effective_from = datetime.date(2024, 1, 1)
    effective_until = None


class CouponFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coupon

    association = factory.SubFactory(AssociationFactory)
    code = factory.Sequence(lambda n: f"CODE{n}")
    fee_kind = FeeKind.REGISTRATION
    discount_kind = DiscountKind.WAIVER
    max_uses_per_person = 1


def wisconsin_fees(association) -> None:
    """Registration $20 for all; processing IFA $25, IFS $50, IMHS $200, IMHM-C $300."""
    FeeScheduleFactory(association=association, fee_kind=FeeKind.REGISTRATION, amount_cents=2000)
    for code, cents in WISCONSIN_PROCESSING.items():
        FeeScheduleFactory(
            association=association,
            fee_kind=FeeKind.PROCESSING,
            category_code=code,
            amount_cents=cents,
        )
