"""Dashboard steps: the payer's pending fees; the managers' link to payments, fees and coupons."""

from django.urls import reverse
from django.utils.translation import gettext as _

from easy.accounts.dashboard import Step, register
from easy.accounts.enums import Role

from .enums import PaymentMethod, PaymentStatus
from .models import Payment


@register(Role.APPLICANT)
def applicant_steps(user, association) -> list[Step]:
    steps = []
    pending = (
        Payment.objects.filter(payer=user, status=PaymentStatus.PENDING)
        .exclude(method__in=[PaymentMethod.CHEQUE, PaymentMethod.BANK_TRANSFER])
        .order_by("created_at")
    )
    for payment in pending:
        steps.append(
            Step(
                _("Pay the %(fee)s (%(total)s)")
                % {"fee": payment.description, "total": payment.total},
                reverse("payments:payment_detail", args=[payment.uuid]),
                urgent=True,
            )
        )
    return steps


def _manager_steps(user, association) -> list[Step]:
    return [
        Step(
            _("Payments, fees and coupons"),
            reverse("payments:staff_payments", args=[association.code]),
        )
    ]


register(Role.COORDINATOR)(_manager_steps)
register(Role.ASSOCIATION_ADMIN)(_manager_steps)
