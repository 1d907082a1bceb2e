"""Every fee step of the application, in one place: quotes, starting a payment, "is it paid?",
and what happens when a payment completes. The payments app does the money; this module only
says which fee, for which application.
"""

from __future__ import annotations

from payments import queries as payment_queries
from payments import services as payment_services
from payments.enums import FeeKind
from payments.services import CouponError, FeeNotConfigured

__all__ = [
    "CouponError",
    "FeeKind",
    "FeeNotConfigured",
    "is_paid",
    "on_payment_completed",
    "quote",
    "start",
]


def quote(application, fee_kind: str, *, coupon_code: str = ""):
    """What the applicant would pay now (raises CouponError for an unusable code)."""
    return payment_services.quote(
        payer=application.applicant,
        association=application.association,
        fee_kind=fee_kind,
        category_code=application.category_code,
        coupon_code=coupon_code,
    )


def start(
    application, fee_kind: str, *, coupon_code: str = "", success_url: str, cancel_url: str, actor
):
    """Begin paying a fee for ``application``. Returns the payments app's PaymentStart
    (``redirect_url`` to send the browser to). A zero total completes at once, which fires
    ``payment_completed`` and so ``on_payment_completed`` below."""
    return payment_services.start_payment(
        payer=application.applicant,
        association=application.association,
        fee_kind=fee_kind,
        category_code=application.category_code,
        purpose=application,
        coupon_code=coupon_code,
        success_url=success_url,
        cancel_url=cancel_url,
        actor=actor,
    )


def is_paid(application, fee_kind: str) -> bool:
    return payment_queries.is_paid(application, fee_kind)


def on_payment_completed(sender, payment, **kwargs) -> None:
    """A fee of an application was paid: the registration fee completes the registration."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Application
    from .services import mark_registration_paid

    if payment.fee_kind != FeeKind.REGISTRATION or payment.purpose_type_id is None:
        return
    if payment.purpose_type_id != ContentType.objects.get_for_model(Application).pk:
        return
    application = Application.objects.filter(uuid=payment.purpose_id).first()
    if application is not None:
        mark_registration_paid(application, payment=payment)


def connect() -> None:
    from payments.signals import payment_completed

    payment_completed.connect(on_payment_completed, dispatch_uid="applications.fees")
