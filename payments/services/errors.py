"""The one exception the payments app raises when it refuses a change or cannot price a fee.

(A failure of Stripe itself is ``stripe_gateway.GatewayError``: not a refusal, an outside
service down or saying no.)"""

from __future__ import annotations


class PaymentError(Exception):
    """A write or a quote the payments rules refuse; ``message`` (also ``str(error)``) is written
    for the person who asked. ``code`` tells the cases apart for callers that must."""

    #: A status change the allowed-changes table refuses (``enums.ALLOWED_TRANSITIONS``).
    INVALID_TRANSITION = "invalid_transition"
    #: The association has no fee schedule in force for this fee and category.
    FEE_NOT_CONFIGURED = "fee_not_configured"
    #: A coupon code that does not apply; ``reason`` says why.
    COUPON = "coupon"
    #: An offline payment whose amount is not what the fee asks; the message names both.
    AMOUNT_MISMATCH = "amount_mismatch"

    def __init__(self, message: str, code: str, *, reason: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        #: For ``COUPON``, a short machine name: unknown (also a code of another association),
        #: inactive, wrong_fee, not_yet_valid, expired, exhausted, used_by_you, throttled.
        self.reason = reason


def coupon_error(message: str, reason: str) -> PaymentError:
    return PaymentError(message, PaymentError.COUPON, reason=reason)
