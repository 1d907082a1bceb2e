"""The one way a renewal's or a reinstatement's status changes: ``transition``, checked against
the allowed-changes tables beside the status enums (``renewals.enums``). ``can_transition``
answers views and templates (``{% load workflow %}``); ``RenewalError`` is the app's one
exception for a refused change or step."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from easy.audit.services import record

from .. import emails
from ..enums import (
    REINSTATEMENT_TRANSITIONS,
    RENEWAL_TRANSITIONS,
    ReinstatementStatus,
    RenewalStatus,
)
from ..models import Reinstatement, Renewal

S = RenewalStatus
R = ReinstatementStatus


class RenewalError(ValueError):
    """A step the renewal's (or reinstatement's) state does not allow; the message is for the
    endorsee or the coordinator."""


_TABLES = {
    Renewal: (RENEWAL_TRANSITIONS, RenewalStatus),
    Reinstatement: (REINSTATEMENT_TRANSITIONS, ReinstatementStatus),
}


def _table(obj) -> tuple[dict[str, frozenset[str]], type]:
    try:
        return _TABLES[type(obj)]
    except KeyError:
        raise TypeError(f"renewals has no workflow for {type(obj).__name__}") from None


def can_transition(obj: Renewal | Reinstatement, to: str) -> bool:
    """May ``obj`` move to ``to`` from the status it has now?"""
    table, _choices = _table(obj)
    return to in table.get(obj.status, ())


@transaction.atomic
def transition(obj: Renewal | Reinstatement, to: str, *, actor, reason: str = ""):
    """Move a renewal or a reinstatement to ``to``, decided on the locked row. Raises
    ``RenewalError`` for a change the table does not allow.

    Side effects: the row (status and its date, the reason where kept); one audit row
    (``renewal.transition`` / ``reinstatement.<status>``); for a renewal, the endorsee's email.
    """
    table, choices = _table(obj)
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    before = locked.status
    if to not in table.get(before, ()):
        states = {"old": choices(before).label.lower(), "new": choices(to).label.lower()}
        if isinstance(obj, Renewal):
            raise RenewalError(_("A renewal that is %(old)s cannot become %(new)s.") % states)
        raise RenewalError(_("A reinstatement that is %(old)s cannot become %(new)s.") % states)
    if isinstance(obj, Renewal):
        return _renewal(obj, to, before=before, actor=actor, reason=reason)
    return _reinstatement(obj, to, before=before, actor=actor, reason=reason)


def _renewal(renewal: Renewal, to: str, *, before: str, actor, reason: str) -> Renewal:
    renewal.status = to
    fields = ["status"]
    now = timezone.now()
    if to == S.SUBMITTED:
        renewal.submitted_at, renewal.return_reason = now, ""
        fields += ["submitted_at", "return_reason"]
    elif to == S.RETURNED:
        renewal.return_reason = reason
        fields.append("return_reason")
    elif to == S.APPROVED:
        renewal.decided_at = now
        fields.append("decided_at")
    renewal.save(update_fields=fields)
    record(actor, "renewal.transition", renewal, reason=reason, data={"from": before, "to": to})
    emails.status_changed(renewal, before=before)
    return renewal


def _reinstatement(
    reinstatement: Reinstatement, to: str, *, before: str, actor, reason: str
) -> Reinstatement:
    reinstatement.status = to
    fields = ["status"]
    now = timezone.now()
    if to == R.SUBMITTED:
        reinstatement.submitted_at = now
        fields.append("submitted_at")
    else:  # approved or declined: the coordinator's decision
        reinstatement.reason = reason
        reinstatement.decided_at, reinstatement.decided_by = now, actor
        fields += ["reason", "decided_at", "decided_by"]
    reinstatement.save(update_fields=fields)
    record(
        actor,
        f"reinstatement.{to}",
        reinstatement,
        reason=reason,
        data={"from": before, "to": to, "number": reinstatement.endorsement.number},
    )
    return reinstatement
