"""Who may see and do what with renewals: predicates and ``get_renewal_for_user``.

The endorsee sees and changes their own renewal; the association's coordinators (with a second
factor in this session) see it and decide. Anyone else gets 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import has_role, not_found, require, staff_powers
from endorsements.models import Endorsement

from .enums import EDITABLE, RenewalStatus
from .models import Reinstatement, Renewal

__all__ = [
    "can_decide",
    "can_decide_reinstatement",
    "can_edit",
    "can_pay_reinstatement",
    "can_read_snapshot",
    "can_submit_reinstatement",
    "can_upload_proof",
    "can_view",
    "get_held_endorsement",
    "get_reinstatement_for_user",
    "get_renewal_for_user",
    "is_coordinator",
    "owns_reinstatement",
    "owns_renewal",
    "require",
]


def is_coordinator(user, association) -> bool:
    return staff_powers(user) and has_role(user, association, MANAGER_ROLES)


def owns_renewal(user, renewal: Renewal) -> bool:
    return renewal.person_id == user.pk


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


def can_read_snapshot(user, renewal: Renewal) -> bool:
    """The frozen copy made on submission: what the coordinators judge."""
    return is_coordinator(user, renewal.association)


def owns_reinstatement(user, reinstatement: Reinstatement) -> bool:
    return reinstatement.endorsement.user_id == user.pk


def can_pay_reinstatement(user, reinstatement: Reinstatement) -> bool:
    """The endorsee pays the processing fee until they submit."""
    return owns_reinstatement(user, reinstatement) and reinstatement.is_requested


def can_submit_reinstatement(user, reinstatement: Reinstatement) -> bool:
    """The endorsee submits (the service checks that everything is in)."""
    return owns_reinstatement(user, reinstatement)


def can_decide_reinstatement(user, reinstatement: Reinstatement) -> bool:
    """The association's coordinators (the service checks the reinstatement's status)."""
    return is_coordinator(user, reinstatement.endorsement.association)


def get_held_endorsement(user, uuid, queryset: QuerySet[Endorsement] | None = None) -> Endorsement:
    """One of the user's own endorsements (to renew, archive, pause or reinstate); 404 for any
    other, a coordinator's included."""
    qs = queryset if queryset is not None else Endorsement.objects.all()
    return get_object_or_404(qs, uuid=uuid, user=user)


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
