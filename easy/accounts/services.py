from django.db import transaction

from easy.audit.services import record

from .models import RoleAssignment, User


@transaction.atomic
def grant_role(user: User, association, role: str, *, actor) -> RoleAssignment:
    """Give ``user`` a role at ``association``. Side effects: audit row. Idempotent."""
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, association=association, role=role
    )
    if created:
        record(actor, "role.granted", association, data={"user": user.email, "role": role})
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, actor, reason: str = "") -> None:
    """Take a role away. Side effects: audit row."""
    record(
        actor,
        "role.revoked",
        assignment.association,
        reason=reason,
        data={"user": assignment.user.email, "role": assignment.role},
    )
    assignment.delete()


@transaction.atomic
def update_profile(user: User, data: dict, *, actor) -> User:
    changed = [name for name, value in data.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, data[name])
    if changed:
        user.save(update_fields=changed)
        record(actor, "profile.updated", user, data={"fields": changed})
    return user
