"""Who may see and change payments, fees and coupons.

The payer sees their own payments; coordinators and association administrators see and manage
their association's. Nobody else learns a payment exists (404). A payer who tries a staff action
on their own payment gets 403.
"""

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import (
    associations_for,
    get_association_for_user,
    is_manager,
    not_found,
)

from .models import Coupon, FeeSchedule, Payment


def can_manage_payments(user, association) -> bool:
    return is_manager(user, association)


def is_payer(user, payment: Payment) -> bool:
    return getattr(user, "is_authenticated", False) and payment.payer_id == user.pk


def can_see_payment(user, payment: Payment) -> bool:
    return is_payer(user, payment) or can_manage_payments(user, payment.association)


def can_refund(user, payment: Payment) -> bool:
    return can_manage_payments(user, payment.association)


def can_check_out(user, payment: Payment) -> bool:
    """Only the payer goes through (test) checkout, never staff on their behalf."""
    return is_payer(user, payment)


def get_payment_for_user(user, uuid) -> Payment:
    """A payment its payer or the association's managers may see; 404 for anyone else."""
    payment = (
        Payment.objects.select_related("association", "payer", "coupon", "batch")
        .filter(uuid=uuid)
        .first()
    )
    if payment is None or not can_see_payment(user, payment):
        raise not_found(user)
    return payment


def get_managed_association(user, code: str):
    """The association whose fees and payments ``user`` manages; 404 otherwise."""
    return get_association_for_user(user, code, roles=MANAGER_ROLES)


def get_fee_schedule_for_user(user, uuid) -> FeeSchedule:
    schedule = FeeSchedule.objects.select_related("association").filter(uuid=uuid).first()
    if schedule is None or schedule.association not in associations_for(user, MANAGER_ROLES):
        raise not_found(user)
    return schedule


def get_coupon_for_user(user, uuid) -> Coupon:
    coupon = Coupon.objects.select_related("association").filter(uuid=uuid).first()
    if coupon is None or coupon.association not in associations_for(user, MANAGER_ROLES):
        raise not_found(user)
    return coupon
