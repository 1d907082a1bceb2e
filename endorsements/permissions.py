"""Who may do what with granted endorsements. One predicate per power, and one
``get_endorsement_for_user`` (404 for strangers, the record for the holder and the
association's staff)."""

from django.http import Http404

from easy.accounts.enums import STAFF_ROLES
from easy.accounts.permissions import has_role, is_manager
from easy.accounts.permissions import require as require  # the one require, for the views

from .models import Endorsement, Transfer


def is_holder(user, endorsement: Endorsement) -> bool:
    return getattr(user, "is_authenticated", False) and endorsement.user_id == user.pk


def can_see_endorsement(user, endorsement: Endorsement) -> bool:
    """The holder, and the staff of the association that holds the record."""
    return is_holder(user, endorsement) or has_role(user, endorsement.association, STAFF_ROLES)


def can_revoke(user, endorsement: Endorsement) -> bool:
    """Coordinators and administrators of the association holding the record."""
    return is_manager(user, endorsement.association)


def can_request_transfer(user, endorsement: Endorsement) -> bool:
    return is_holder(user, endorsement)


def can_decide_transfer(user, transfer: Transfer) -> bool:
    """The receiving association decides."""
    return is_manager(user, transfer.to_association)


def can_import(user, association) -> bool:
    return is_manager(user, association)


def get_endorsement_for_user(user, uuid) -> Endorsement:
    endorsement = (
        Endorsement.objects.select_related("association", "user").filter(uuid=uuid).first()
    )
    if endorsement is None or not can_see_endorsement(user, endorsement):
        raise Http404
    return endorsement


def get_transfer_for_user(user, uuid) -> Transfer:
    """The endorsee who asked, and the managers of both associations, see a transfer."""
    transfer = (
        Transfer.objects.select_related("endorsement", "from_association", "to_association")
        .filter(uuid=uuid)
        .first()
    )
    if transfer is None or not (
        is_holder(user, transfer.endorsement)
        or is_manager(user, transfer.to_association)
        or is_manager(user, transfer.from_association)
    ):
        raise Http404
    return transfer
