"""Who reads an object's history: need-to-know.

History names applicants and raters and carries decline reasons, so only the coordinators and
administrators of the association the object belongs to read it. Reviewers, advisors and exam
graders get 404 like everyone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.permissions import associations_for

if TYPE_CHECKING:
    from endorsements.models import Association  # the tenant: easy/accounts/tenancy.py


def history_associations(user) -> QuerySet[Association]:
    """The associations whose objects' history ``user`` may read."""
    return associations_for(user, MANAGER_ROLES)


def can_read_history(user, association: Association | None) -> bool:
    return association is not None and history_associations(user).filter(pk=association.pk).exists()
