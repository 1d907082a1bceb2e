"""Shared pieces of the exam's services: the error, the settings lookup and the one helper that
moves a status along an allowed-transitions map (each workflow's ``transition`` calls it)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from easy.audit.services import record

from ..models import ExamSettings


class ExamError(Exception):
    """A write the rules of the exam refuse; the message is shown to the person. ``code``
    tells the cases apart for callers that must (``CLOSED``; blank otherwise)."""

    #: The part is over (deadline passed or submitted): the answer was not saved.
    CLOSED = "closed"

    def __init__(self, message: str = "", code: str = ""):
        super().__init__(message)
        self.code = code


def settings_for(association) -> ExamSettings:
    """The association's exam settings (unsaved defaults when it has none)."""
    found = ExamSettings.objects.filter(association=association).first()
    return found or ExamSettings(association=association)


def move(
    obj,
    to: str,
    allowed: dict[str, frozenset[str]],
    *,
    action: str,
    actor,
    reason: str = "",
    audit_on=None,
    fields: dict | None = None,
    data: dict | None = None,
):
    """Set ``obj.status`` to ``to`` if ``allowed`` lets it, with ``fields``; save with
    ``update_fields``; one audit row ``<action>`` on ``audit_on`` (default ``obj``)."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if to not in allowed.get(locked.status, frozenset()):
        raise ExamError(
            _("A %(status)s %(kind)s cannot become %(to)s.")
            % {"status": locked.status, "kind": type(obj).__name__.lower(), "to": to}
        )
    before = locked.status
    changes = {"status": to, **(fields or {})}
    for name, value in changes.items():
        setattr(obj, name, value)
    names = list(changes)
    if any(f.name == "updated_at" for f in obj._meta.fields):
        names.append("updated_at")
    obj.save(update_fields=names)
    record(
        actor,
        action,
        audit_on if audit_on is not None else obj,
        reason=reason,
        data={"uuid": str(obj.uuid), "from": before, "to": to, **(data or {})},
    )
    return obj


def today():
    return timezone.localdate()


def save_settings(association, values: dict, *, actor) -> ExamSettings:
    """Side effects: creates or changes the association's ExamSettings; one audit row."""
    found, _created = ExamSettings.objects.update_or_create(
        association=association, defaults=values
    )
    record(actor, "exam.settings_changed", association, data=dict(values))
    return found
