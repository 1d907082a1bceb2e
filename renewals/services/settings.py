"""An association's renewal settings, changed by its coordinators and managers (audited); the
reactivation fee is the association's fee schedule (``payments``), changed from the day given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from easy.audit.services import record
from payments import services as payments
from payments.enums import FeeKind
from payments.models import FeeSchedule
from payments.queries import schedule_for

from ..models import RenewalSettings

#: What the settings page changes (the rest of the row is the association's link).
FIELDS = (
    "opens_month",
    "opens_day",
    "deadline_month",
    "deadline_day",
    "grace_days",
    "auto_approve",
    "audit_percent",
    "archive_reactivation_years",
    "inactive_allowed",
    "inactive_max_years",
)


def reactivation_fee(association, *, on: dt.date) -> int | None:
    """The reactivation fee in cents in force on ``on`` (None: not set)."""
    found = schedule_for(association, FeeKind.REACTIVATION, "", on)
    return found.amount_cents if found else None


@transaction.atomic
def change_settings(
    cycle: RenewalSettings,
    changes: dict[str, Any],
    *,
    reactivation_cents: int | None,
    actor,
    on: dt.date,
) -> dict[str, list]:
    """Apply ``changes`` (names in ``FIELDS``) and the reactivation fee; returns what changed as
    ``{field: [before, after]}`` (empty: nothing did).

    Side effects: the row (``update_fields``); one audit row ``renewal_settings.changed`` when
    something changed; the fee through ``set_reactivation_fee``.
    """
    locked = RenewalSettings.objects.select_for_update().get(pk=cycle.pk)
    changed = {}
    for name, value in changes.items():
        if name not in FIELDS:
            raise ValueError(f"not a renewal setting: {name}")
        before = getattr(locked, name)
        if before != value:
            changed[name] = [before, value]
            setattr(cycle, name, value)
    if changed:
        cycle.save(update_fields=list(changed))
    fee = set_reactivation_fee(cycle.association, reactivation_cents, actor=actor, on=on)
    if fee is not None:
        changed["reactivation_fee_cents"] = fee
    if changed:
        record(actor, "renewal_settings.changed", cycle, data={"changed": changed})
    return changed


def set_reactivation_fee(association, cents: int | None, *, actor, on: dt.date) -> list | None:
    """From ``on``, the reactivation fee is ``cents`` (None: leave it as it is). The schedule in
    force ends the day before; one that starts ``on`` is changed. Payments made keep their
    amounts. Returns ``[before, after]`` when it changed, else None."""
    current = schedule_for(association, FeeKind.REACTIVATION, "", on)
    before = current.amount_cents if current else None
    if cents is None or cents == before:
        return None
    if current is not None and current.effective_from == on:
        current.amount_cents = cents
        payments.save_fee_schedule(current, actor=actor)
        return [before, cents]
    if current is not None:
        current.effective_until = on - dt.timedelta(days=1)
        payments.save_fee_schedule(current, actor=actor)
    payments.save_fee_schedule(
        FeeSchedule(
            association=association,
            fee_kind=FeeKind.REACTIVATION,
            category_code="",
            amount_cents=cents,
            effective_from=on,
            note="Reactivation fee (renewal settings)",
        ),
        actor=actor,
    )
    return [before, cents]
