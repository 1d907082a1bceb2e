"""Who may see and do what with renewals: predicates and ``get_renewal_for_user``.

The endorsee sees and changes their own renewal; the association's coordinators (with a second
factor in this session) see it and decide. Anyone else gets 404.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import has_role, not_found, require, staff_powers

from .enums import EDITABLE, RenewalStatus
from .models import Reinstatement, Renewal

__all__ = [
    "can_decide",
    "can_edit",
    "can_upload_proof",
    "can_view",
    "get_reinstatement_for_user",
    "get_renewal_for_user",
    "is_coordinator",
    "require",
]


def is_coordinator(user, association) -> bool:
    return staff_powers(user) and has_role(user, association, MANAGER_ROLES)


def can_view(user, renewal: Renewal) -> bool:
    return renewal.person_id == user.pk or is_coordinator(user, renewal.association)


def can_edit(user, renewal: Renewal) -> bool:
    return renewal.person_id == user.pk and renewal.status in EDITABLE


def can_upload_proof(user, renewal: Renewal) -> bool:
    return (
        renewal.person_id == user.pk
        and renewal.audited
        and renewal.status in (RenewalStatus.WAITING, RenewalStatus.RETURNED)
    )


def can_decide(user, renewal: Renewal) -> bool:
    return is_coordinator(user, renewal.association) and renewal.status in (
        RenewalStatus.SUBMITTED,
        RenewalStatus.WAITING,
    )


def get_renewal_for_user(user, uuid) -> Renewal:
    """The renewal if the user may see it; 404 otherwise (staff first asked for a factor)."""
    renewal = Renewal.objects.select_related("person", "association").filter(uuid=uuid).first()
    if renewal is None or not (
        renewal.person_id == user.pk or has_role(user, renewal.association, MANAGER_ROLES)
    ):
        raise not_found(user)
    if renewal.person_id != user.pk and not staff_powers(user):
        raise not_found(user)
    return renewal


def get_reinstatement_for_user(user, uuid) -> Reinstatement:
    found = get_object_or_404(
        Reinstatement.objects.select_related("endorsement__association", "endorsement__user"),
        uuid=uuid,
    )
    if found.endorsement.user_id == user.pk or is_coordinator(user, found.endorsement.association):
        return found
    raise not_found(user)
