"""Demo data: a coupon that waives the registration fee (fees come from the catalog fixture)."""

from easy.accounts.enums import Role

from .enums import DiscountKind, FeeKind
from .models import Coupon


def load(ctx) -> None:
    Coupon.objects.get_or_create(
        association=ctx.association,
        code="PARTNER-GRAD",
        defaults={
            "description": "Graduates of a partner credential programme: no registration fee.",
            "fee_kind": FeeKind.REGISTRATION,
            "discount_kind": DiscountKind.WAIVER,
            "max_uses_per_person": 1,
        },
    )
    if ctx.stdout is not None and Role.COORDINATOR in ctx.users:
        ctx.stdout.write(
            "Payments: test mode unless STRIPE_SECRET_KEY is set; coupon PARTNER-GRAD waives "
            "the registration fee."
        )
