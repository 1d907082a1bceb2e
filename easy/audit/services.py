from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from easy.accounts.tenancy import association_model

from .models import AuditEvent


def public_id(obj: models.Model) -> str:
    """The identifier an object is addressed by in URLs: its UUID when it has one."""
    return str(getattr(obj, "uuid", None) or obj.pk)


def association_of(obj: models.Model):
    """The tenant an object belongs to, found by the usual attribute names."""
    Association = association_model()
    if isinstance(obj, Association):
        return obj
    for attr in ("association", "application", "applicant"):
        value = getattr(obj, attr, None)
        if value is None:
            continue
        if isinstance(value, Association):
            return value
        found = association_of(value)
        if found is not None:
            return found
    return None


def record(
    actor,
    action: str,
    obj: models.Model,
    *,
    reason: str = "",
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Write one audit row. ``actor`` is a user or None (then ``actor_label`` says who).

    Side effects: inserts an ``AuditEvent``. Call it inside the service's transaction so that the
    row exists exactly when the change does.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label or ("" if user else "system"),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=public_id(obj),
        object_repr=str(obj)[:300],
        association=association_of(obj),
        reason=reason,
        data=data or {},
    )


def history(obj: models.Model):
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=public_id(obj),
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
