"""What the public may know about an endorsement: its standing on a day, and the facts shown
by the verification page and its JSON twin. Nothing private: no email, address or reason."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .enums import EndorsementStatus
from .models import Category, Endorsement


def standing(endorsement: Endorsement, on: dt.date | None = None) -> str:
    """The status, except that a current endorsement past its valid-until date reads
    "expired" until renewals move it on."""
    on = on or timezone.localdate()
    if endorsement.status == EndorsementStatus.CURRENT and endorsement.renews_on < on:
        return EndorsementStatus.EXPIRED
    return endorsement.status


def in_good_standing(endorsement: Endorsement, on: dt.date | None = None) -> bool:
    """Current and not past its valid-until date."""
    return standing(endorsement, on) == EndorsementStatus.CURRENT


def reads_expired(endorsement: Endorsement, on: dt.date | None = None) -> bool:
    """Expired, or current but past its valid-until date (renewal overdue)."""
    return standing(endorsement, on) == EndorsementStatus.EXPIRED


def is_listed(endorsement: Endorsement) -> bool:
    listing = getattr(endorsement.user, "registry_listing", None)
    return bool(listing and listing.listed)


def public_facts(endorsement: Endorsement, on: dt.date | None = None) -> dict:
    category = Category.objects.filter(code=endorsement.category_code).first()
    status = standing(endorsement, on)
    return {
        "number": endorsement.number,
        "status": str(status),
        "status_label": str(EndorsementStatus(status).label),
        "holder": endorsement.user.get_full_name(),
        "category": {
            "code": endorsement.category_code,
            "name": category.name if category else endorsement.category_code,
        },
        "association": {"code": endorsement.association.code, "name": endorsement.association.name},
        "granted_on": endorsement.granted_on.isoformat(),
        "valid_until": endorsement.renews_on.isoformat(),
        "status_changed_on": (
            endorsement.status_changed_on.isoformat() if endorsement.status_changed_on else None
        ),
        "checked_on": (on or timezone.localdate()).isoformat(),
    }
