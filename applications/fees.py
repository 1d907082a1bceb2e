"""The fees an application asks for: quotes, starting a payment, "is it paid?".

The ``payments`` app (a layer above this one) does the money and registers its desk here when it
starts (``payments/application_fees.py``); this module only says which fee, for which
application. When a registration fee is paid, ``payments`` calls
``services.mark_registration_paid``.
"""

from __future__ import annotations

from typing import Any, Protocol

#: The fees of an application (``payments.enums.FeeKind`` values).
REGISTRATION = "registration"
PROCESSING = "processing"


class FeeDesk(Protocol):
    def quote(self, application, fee_kind: str, *, coupon_code: str = "") -> Any: ...

    def start(
        self,
        application,
        fee_kind: str,
        *,
        coupon_code: str = "",
        success_url: str,
        cancel_url: str,
        actor,
    ) -> Any: ...

    def is_paid(self, application, fee_kind: str) -> bool: ...


_desk: FeeDesk | None = None


def register(desk: FeeDesk) -> None:
    global _desk
    _desk = desk


def _the_desk() -> FeeDesk:
    if _desk is None:
        raise RuntimeError("No fee desk: add the payments app to INSTALLED_APPS.")
    return _desk


def quote(application, fee_kind: str, *, coupon_code: str = ""):
    """What the applicant would pay now (raises ``ApplicationError``, ``FEE_UNAVAILABLE``)."""
    return _the_desk().quote(application, fee_kind, coupon_code=coupon_code)


def start(
    application, fee_kind: str, *, coupon_code: str = "", success_url: str, cancel_url: str, actor
):
    """Begin paying a fee for ``application``: the payment's start (``redirect_url`` to send
    the browser to). Raises ``ApplicationError`` (``FEE_UNAVAILABLE``)."""
    return _the_desk().start(
        application,
        fee_kind,
        coupon_code=coupon_code,
        success_url=success_url,
        cancel_url=cancel_url,
        actor=actor,
    )


def is_paid(application, fee_kind: str) -> bool:
    return _the_desk().is_paid(application, fee_kind)
