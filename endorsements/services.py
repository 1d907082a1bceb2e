"""Every write of the endorsements granted. Each function runs in one transaction, takes domain
objects and an ``actor`` (the user doing it, or None for the system) and lists its side effects.

The catalog itself is data, loaded and changed by the ``load_catalog`` command and the admin.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from easy.audit.services import record

from . import signals
from .enums import (
    ENDORSEMENT_TRANSITIONS,
    IMPORT_TRANSITIONS,
    TRANSFER_TRANSITIONS,
    EndorsementStatus,
)
from .models import Association, Endorsement

if TYPE_CHECKING:
    from applications.models import Application


def renewal_date(granted_on: dt.date) -> dt.date:
    """Endorsements renew every year by 31 December. One granted in the renewal season
    (October to December) first renews at the end of the next year."""
    year = granted_on.year + 1 if granted_on.month >= 10 else granted_on.year
    return dt.date(year, 12, 31)


def number_prefix(association: Association) -> str:
    """ "WI" for WI-AIMH; the whole code (upper case) when it has no dash (MASSAIMH)."""
    return association.code.split("-")[0].upper()


def endorsement_number(association: Association, category_code: str, sequence: int) -> str:
    category = re.sub(r"[^A-Z0-9-]", "", category_code.upper())
    return f"{number_prefix(association)}-{category}-{sequence:06d}"


@transaction.atomic
def grant_endorsement(
    application: Application, *, actor, granted_on: dt.date | None = None
) -> Endorsement:
    """The endorsement granted on ``application``: category, association, a number unique in
    the association, the grant date (today unless ``granted_on``) and the renewal date.
    Idempotent: a second call returns the record made by the first.

    Side effects: one Endorsement; one audit row.
    """
    existing = Endorsement.objects.filter(application=application).first()
    if existing is not None:
        return existing
    # Lock the association row: numbers are handed out one at a time (the unique constraints
    # on number and sequence are the backstop).
    association = Association.objects.select_for_update().get(pk=application.association_id)
    sequence = next_sequence(association)
    granted_on = granted_on or timezone.localdate()
    endorsement = Endorsement.objects.create(
        application=application,
        user=application.applicant,
        association=association,
        category_code=application.category_code,
        sequence=sequence,
        number=endorsement_number(association, application.category_code, sequence),
        granted_on=granted_on,
        renews_on=renewal_date(granted_on),
    )
    record(
        actor,
        "endorsement.granted",
        endorsement,
        data={
            "number": endorsement.number,
            "category": endorsement.category_code,
            "application": str(application.uuid),
            "renews_on": endorsement.renews_on.isoformat(),
        },
    )
    signals.endorsement_granted.send(Endorsement, endorsement=endorsement, actor=actor)
    return endorsement


def next_sequence(association: Association) -> int:
    """The next running number of ``association`` (whose row the caller has locked). Numbers
    are never handed out twice, even when the endorsement holding the last one moved away."""
    last = Endorsement.objects.filter(association=association).aggregate(m=Max("sequence"))["m"]
    sequence = max(last or 0, association.last_sequence) + 1
    association.last_sequence = sequence
    association.save(update_fields=["last_sequence"])
    return sequence


class EndorsementError(Exception):
    """A change the endorsements' rules refuse (a status move, a transfer, an unreadable import
    file); the message is written for the person who asked."""


def can_transition(endorsement: Endorsement, to: str) -> bool:
    """May ``endorsement`` move to ``to`` now (``enums.ENDORSEMENT_TRANSITIONS``)?"""
    return to in ENDORSEMENT_TRANSITIONS.get(endorsement.status, ())


#: Audit actions per target status.
_ACTIONS = {
    EndorsementStatus.CURRENT: "endorsement.reinstated",
    EndorsementStatus.EXPIRED: "endorsement.expired",
    EndorsementStatus.LAPSED: "endorsement.lapsed",
    EndorsementStatus.ARCHIVED: "endorsement.archived",
    EndorsementStatus.REVOKED: "endorsement.revoked",
    EndorsementStatus.INACTIVE: "endorsement.inactive",
}


@transaction.atomic
def transition(
    endorsement: Endorsement,
    to: str,
    *,
    actor,
    reason: str = "",
    on: dt.date | None = None,
) -> Endorsement:
    """Move ``endorsement`` to status ``to`` — the one way any status changes (renewals lapse,
    archive and reinstate; coordinators revoke, with a written reason).

    Raises ``EndorsementError`` for a move the map (``enums.ENDORSEMENT_TRANSITIONS``)
    does not allow, and for a revocation without a reason. Side effects: the row (status,
    ``status_changed_on``, the revocation reason); one audit row; the
    ``endorsement_status_changed`` signal (registry, status list and holder's email follow
    from it: see ``endorsements.receivers``).
    """
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    old = locked.status
    if not can_transition(locked, to):
        raise EndorsementError(
            _("An endorsement cannot go from %(old)s to %(to)s.") % {"old": old, "to": to}
        )
    if to == EndorsementStatus.REVOKED and not reason.strip():
        raise EndorsementError(_("A revocation needs a written reason."))
    locked.status = to
    locked.status_changed_on = on or timezone.localdate()
    fields = ["status", "status_changed_on"]
    if to == EndorsementStatus.REVOKED:
        locked.revocation_reason = reason.strip()
        fields.append("revocation_reason")
    locked.save(update_fields=fields)
    record(actor, _ACTIONS[to], locked, reason=reason, data={"from": old, "to": to})
    signals.endorsement_status_changed.send(
        Endorsement, endorsement=locked, actor=actor, old=old, new=to, reason=reason
    )
    for field in fields:
        setattr(endorsement, field, getattr(locked, field))
    return endorsement


@transaction.atomic
def renew_endorsement(
    endorsement: Endorsement, *, actor, renews_on: dt.date | None = None
) -> Endorsement:
    """Extend ``endorsement`` to ``renews_on`` (default: 31 December of the year after its
    current renewal date) and make it current again if it had expired or lapsed.

    Side effects: ``renews_on`` (and the status through ``transition``); one audit row; the
    ``endorsement_renewed`` signal (a new certificate and letter are made and emailed).
    """
    locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if locked.status == EndorsementStatus.REVOKED:
        raise EndorsementError(_("A revoked endorsement cannot be renewed."))
    old_date = locked.renews_on
    locked.renews_on = renews_on or dt.date(old_date.year + 1, 12, 31)
    locked.save(update_fields=["renews_on"])
    record(
        actor,
        "endorsement.renewed",
        locked,
        data={"from": old_date.isoformat(), "to": locked.renews_on.isoformat()},
    )
    if locked.status != EndorsementStatus.CURRENT:
        transition(locked, EndorsementStatus.CURRENT, actor=actor, reason="renewed")
    signals.endorsement_renewed.send(Endorsement, endorsement=locked, actor=actor)
    for name in ("renews_on", "status", "status_changed_on"):  # the caller's copy, as saved
        setattr(endorsement, name, getattr(locked, name))
    return endorsement


# --- The association's calendar: submission periods and exam weeks ----------------------------


@transaction.atomic
def save_calendar_entry(entry, *, categories=None, actor):
    """Save a submission period or exam week of ``entry.association`` (new or changed) and, for
    a period, the categories it is open to. Side effects: the row; one audit row."""
    created = entry.pk is None
    entry.save()
    if categories is not None:
        entry.categories.set(categories)
    kind = type(entry).__name__.lower()
    record(
        actor,
        f"calendar.{kind}_{'added' if created else 'changed'}",
        entry.association,
        data={"name": entry.name, "uuid": str(entry.uuid)},
    )
    return entry


@transaction.atomic
def delete_calendar_entry(entry, *, actor) -> None:
    """Side effects: deletes the row; one audit row on the association."""
    kind = type(entry).__name__.lower()
    record(actor, f"calendar.{kind}_deleted", entry.association, data={"name": entry.name})
    entry.delete()


# --- Records brought from elsewhere, the registry, revocation and transfers -------------------


def _sequence_for_number(association: Association, number: str) -> int:
    """An imported number keeps its running part as the sequence when it is free (so the
    portal's own numbering goes on after it); otherwise the next free one."""
    match = re.search(r"(\d+)$", number)
    if match:
        wanted = int(match.group(1))
        taken = Endorsement.objects.filter(association=association, sequence=wanted).exists()
        if wanted and not taken:
            if wanted > association.last_sequence:
                association.last_sequence = wanted
                association.save(update_fields=["last_sequence"])
            return wanted
    return next_sequence(association)


@transaction.atomic
def record_existing_endorsement(
    association: Association,
    *,
    user,
    category_code: str,
    number: str,
    granted_on: dt.date,
    renews_on: dt.date,
    status: str = EndorsementStatus.CURRENT,
    actor,
    source: str = "import",
) -> Endorsement:
    """An endorsement granted before the association used the portal, kept exactly as it was:
    number, category and dates. No application. Side effects: one Endorsement (the number
    unique in the association); one audit row; ``endorsement_granted`` (certificate).
    """
    association = Association.objects.select_for_update().get(pk=association.pk)
    endorsement = Endorsement.objects.create(
        user=user,
        association=association,
        category_code=category_code,
        sequence=_sequence_for_number(association, number),
        number=number,
        granted_on=granted_on,
        renews_on=renews_on,
        status=status,
    )
    record(
        actor,
        "endorsement.imported",
        endorsement,
        data={"number": number, "category": category_code, "source": source},
    )
    signals.endorsement_granted.send(Endorsement, endorsement=endorsement, actor=actor)
    return endorsement


@transaction.atomic
def save_registry_listing(listing, *, actor):
    """Save the person's registry entry (opt in or out, and what is shown).
    Side effects: the row; one audit row on the person."""
    created = listing.pk is None
    listing.save()
    record(
        actor,
        "registry.joined" if listing.listed else "registry.left",
        listing.user,
        data={"created": created},
    )
    return listing


def revoke(endorsement: Endorsement, *, actor, reason: str) -> Endorsement:
    """A coordinator revokes an endorsement (an ethics decision) with a written reason. The
    verification page, the registry and the status list follow the status; the holder is
    told by email (``receivers``)."""
    return transition(endorsement, EndorsementStatus.REVOKED, actor=actor, reason=reason)


def can_transition_transfer(transfer, to: str) -> bool:
    """May ``transfer`` move to ``to`` now (``enums.TRANSFER_TRANSITIONS``)?"""
    return to in TRANSFER_TRANSITIONS[transfer.status]


def transition_transfer(transfer, to: str, *, actor, reason: str = ""):
    """Decide ``transfer`` (accepted, declined, withdrawn): the one way its status changes.
    Raises ``EndorsementError`` for a transfer decided already. Side effects: the row (status,
    when and by whom); the audit rows, under both associations, are ``decide_transfer``'s."""
    if not can_transition_transfer(transfer, to):
        raise EndorsementError(_("This transfer has already been decided."))
    transfer.status = to
    transfer.decided_at, transfer.decided_by = timezone.now(), actor
    transfer.save(update_fields=["status", "decided_at", "decided_by"])
    return transfer


@transaction.atomic
def request_transfer(endorsement: Endorsement, to_association: Association, *, actor, note=""):
    """The holder asks to move ``endorsement`` to ``to_association``. Side effects: one
    Transfer (one open per endorsement); audit rows under both associations; an email to the
    receiving association's contact address."""
    from .models import Transfer

    if to_association.pk == endorsement.association_id:
        raise EndorsementError(_("The endorsement is already held by this association."))
    if endorsement.status == EndorsementStatus.REVOKED:
        raise EndorsementError(_("A revoked endorsement cannot move."))
    if Transfer.objects.filter(endorsement=endorsement, status="requested").exists():
        raise EndorsementError(_("A transfer of this endorsement is already waiting."))
    transfer = Transfer.objects.create(
        endorsement=endorsement,
        from_association=endorsement.association,
        to_association=to_association,
        note=note,
    )
    data = {
        "number": endorsement.number,
        "from": endorsement.association.code,
        "to": to_association.code,
        "transfer": str(transfer.uuid),
    }
    record(actor, "endorsement.transfer_requested", endorsement, data=data)
    record(actor, "endorsement.transfer_requested", to_association, data=data)
    from . import emails

    emails.transfer_requested(transfer)
    return transfer


@transaction.atomic
def decide_transfer(transfer, *, accept: bool, actor, reason: str = ""):
    """The receiving coordinator accepts or declines. Accepting moves the record: the
    association (and so the renewal duty and staff access), a new running number inside the
    receiving association for its own counter, while the endorsement number stays. Its history
    (audit rows) stays attached to the endorsement. Side effects: the Transfer and the
    Endorsement; audit rows under both associations; ``endorsement_transferred`` (new
    certificate and credential); an email to the holder."""
    from .enums import TransferStatus
    from .models import Transfer

    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if not can_transition_transfer(transfer, TransferStatus.ACCEPTED):
        raise EndorsementError(_("This transfer has already been decided."))
    endorsement = Endorsement.objects.select_for_update().get(pk=transfer.endorsement_id)
    to = TransferStatus.ACCEPTED if accept else TransferStatus.DECLINED
    transition_transfer(transfer, to, actor=actor, reason=reason)
    data = {
        "number": endorsement.number,
        "from": transfer.from_association.code,
        "to": transfer.to_association.code,
        "transfer": str(transfer.uuid),
    }
    action = "endorsement.transferred" if accept else "endorsement.transfer_declined"
    if accept:
        receiving = Association.objects.select_for_update().get(pk=transfer.to_association_id)
        if Endorsement.objects.filter(association=receiving, number=endorsement.number).exists():
            raise EndorsementError(_("The receiving association already has this number."))
        endorsement.association = receiving
        endorsement.sequence = next_sequence(receiving)
        endorsement.save(update_fields=["association", "sequence"])
    # One row on the endorsement (filed under the association now holding it) and one under
    # the other association, so both see the move in their audit log.
    record(actor, action, endorsement, reason=reason, data=data)
    other = transfer.from_association if accept else transfer.to_association
    record(actor, action, other, reason=reason, data=data)
    if accept:
        signals.endorsement_transferred.send(
            Endorsement, endorsement=endorsement, actor=actor, transfer=transfer
        )
    from . import emails

    emails.transfer_decided(transfer, reason=reason)
    return transfer


# --- Imports of existing endorsees: the job's steps ------------------------------------------


def can_transition_import(job, to: str) -> bool:
    """May the import ``job`` move to step ``to`` now (``enums.IMPORT_TRANSITIONS``)?"""
    return to in IMPORT_TRANSITIONS[job.status]


def transition_import(job, to: str, *, actor=None, reason: str = "", fields: dict | None = None):
    """Move the import ``job`` to step ``to`` (``ImportStatus``), saving ``fields`` with it:
    the one way an import's status changes (``endorsements.imports`` and its pages). Raises
    ``EndorsementError`` for a step out of order. Side effects: the row, in one UPDATE (the
    progress page reads it while the import runs); the import's audit rows are written where
    they were (upload, done) by ``endorsements.imports``."""
    from .models import EndorseeImport

    if not can_transition_import(job, to):
        raise EndorsementError(
            _("This import cannot go from %(old)s to %(to)s.") % {"old": job.status, "to": to}
        )
    changes = {**(fields or {}), "status": to}
    EndorseeImport.objects.filter(pk=job.pk).update(**changes)
    for name, value in changes.items():
        setattr(job, name, value)
    return job
