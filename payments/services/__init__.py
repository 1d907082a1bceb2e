"""Every write to fees, coupons and payments. Import from here: ``payments.services``."""

from .events import process_event, test_checkout_event
from .fees import (
    CouponError,
    FeeNotConfigured,
    Quote,
    check_coupon,
    quote,
    save_coupon,
    save_fee_schedule,
)
from .payments import (
    ALLOWED_TRANSITIONS,
    InvalidTransition,
    PaymentStart,
    can_transition,
    cancel_payment,
    record_group_payment,
    record_offline_payment,
    refund_payment,
    start_payment,
    transition,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "CouponError",
    "FeeNotConfigured",
    "InvalidTransition",
    "PaymentStart",
    "Quote",
    "can_transition",
    "cancel_payment",
    "check_coupon",
    "process_event",
    "quote",
    "record_group_payment",
    "record_offline_payment",
    "refund_payment",
    "save_coupon",
    "save_fee_schedule",
    "start_payment",
    "test_checkout_event",
    "transition",
]
