"""The fees of an application, as the applicant's portal asks for them (``applications.fees``),
and what a paid registration fee does to the application. Registered when the app starts."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from applications import fees as application_fees
from applications.errors import ApplicationError
from applications.models import Application
from applications.services import mark_registration_paid

from . import queries, services
from .enums import FeeKind
from .services import PaymentError
from .signals import payment_completed


class ApplicationFeeDesk:
    def quote(self, application, fee_kind: str, *, coupon_code: str = ""):
        try:
            return services.quote(
                payer=application.applicant,
                association=application.association,
                fee_kind=fee_kind,
                category_code=application.category_code,
                coupon_code=coupon_code,
            )
        except PaymentError as exc:
            if exc.code not in (PaymentError.COUPON, PaymentError.FEE_NOT_CONFIGURED):
                raise
            raise ApplicationError(str(exc), ApplicationError.FEE_UNAVAILABLE) from exc

    def start(
        self,
        application,
        fee_kind: str,
        *,
        coupon_code: str = "",
        success_url: str,
        cancel_url: str,
        actor,
    ):
        """A zero total completes at once, which fires ``payment_completed``."""
        try:
            return services.start_payment(
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
        except PaymentError as exc:
            if exc.code not in (PaymentError.COUPON, PaymentError.FEE_NOT_CONFIGURED):
                raise
            raise ApplicationError(str(exc), ApplicationError.FEE_UNAVAILABLE) from exc

    def is_paid(self, application, fee_kind: str) -> bool:
        return queries.is_paid(application, fee_kind)


def on_payment_completed(sender, payment, **kwargs) -> None:
    """A fee of an application was paid: the registration fee completes the registration."""
    if payment.fee_kind != FeeKind.REGISTRATION or payment.purpose_type_id is None:
        return
    if payment.purpose_type_id != ContentType.objects.get_for_model(Application).pk:
        return
    application = Application.objects.filter(uuid=payment.purpose_id).first()
    if application is not None:
        mark_registration_paid(application, payment=payment)


def connect() -> None:
    application_fees.register(ApplicationFeeDesk())
    payment_completed.connect(on_payment_completed, dispatch_uid="payments.application_fees")
