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

from easy.audit.services import record

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
    last = Endorsement.objects.filter(association=association).aggregate(m=Max("sequence"))["m"]
    sequence = (last or 0) + 1
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
