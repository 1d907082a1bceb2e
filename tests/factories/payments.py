import datetime

import factory

from payments import services
from payments.enums import DiscountKind, FeeKind, PaymentMethod
from payments.models import Coupon, FeeSchedule
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


def offline_payment(
    payer,
    association,
    actor,
    *,
    fee_kind: str = FeeKind.PROCESSING,
    category_code: str = "IFS",
    amount_cents: int = 5000,
    method: str = PaymentMethod.CHEQUE,
    reference: str = "CHQ 1",
    received_on: datetime.date = datetime.date(2026, 3, 2),
):
    """A paid payment recorded by ``actor`` through the service (cheque by default)."""
    return services.record_offline_payment(
        association=association,
        payer=payer,
        fee_kind=fee_kind,
        category_code=category_code,
        amount_cents=amount_cents,
        method=method,
        reference=reference,
        received_on=received_on,
        actor=actor,
    )


def start_fee(
    payer,
    association,
    *,
    category_code: str = "IMHM-C",
    coupon_code: str = "",
    purpose=None,
    fee_kind: str = FeeKind.PROCESSING,
):
    """The payer's payment started through the service (the payer as purpose by default)."""
    return services.start_payment(
        payer=payer,
        association=association,
        fee_kind=fee_kind,
        category_code=category_code,
        purpose=purpose or payer,
        coupon_code=coupon_code,
        success_url="/apply/done/",
        cancel_url="/apply/",
        actor=payer,
    ).payment
