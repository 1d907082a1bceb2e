"""What lists of many applications read instead of counting per request.

- ``Application.references_done``: how many of the application's references are submitted
  ratings, stored by the references workflow (``count_ratings``) so that the coordinator's queue
  filters on one column instead of counting the references of every application.
- A token per association that changes whenever one of its applications, their reviews, its
  roles, its submission periods, the association itself or the name of one of its people is
  saved (``token``). Figures and fragments cached under it (the queue's counts per status and
  its results) are never read after a change; a bulk ``update()`` that bypasses the signals calls
  ``touch`` itself.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language

from .models import Application

#: The status of a reference whose rating counts (``references.enums.ReferenceStatus``).
RATING_SUBMITTED = "submitted"
#: How long a token is kept; figures cached under it expire before (see their callers).
TOKEN_SECONDS = 24 * 3600


def _key(association_id: int) -> str:
    return f"applications:token:{association_id}"


def token(association_id: int) -> str:
    """The association's current token (a new one when none is cached)."""
    key = _key(association_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, TOKEN_SECONDS)
        value = cache.get(key) or ""
    return value


def touch(association_ids: Iterable[int]) -> None:
    """A new token for each association: what was cached under the old one is not read again.
    A fresh random token (not a counter) so that a token lost from the cache cannot come back
    with figures of another state."""
    cache.set_many({_key(i): uuid.uuid4().hex for i in set(association_ids)}, TOKEN_SECONDS)


def remember(association_ids: Iterable[int], name: str, compute, *, seconds: int = 600):
    """``compute()``, kept under ``name`` until one of the associations' tokens changes, the day
    or the language changes, or ``seconds`` pass (whichever comes first)."""
    ids = sorted(set(association_ids))
    keys = [_key(i) for i in ids]
    found = cache.get_many(keys)
    tokens = [found.get(k) or token(i) for k, i in zip(keys, ids, strict=True)]
    digest = hashlib.sha256("|".join([name, *map(str, ids), *tokens]).encode()).hexdigest()
    key = f"applications:remember:{digest[:40]}:{timezone.localdate()}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def count_ratings(application_ids: Iterable[int], *, status: str = RATING_SUBMITTED) -> None:
    """Store on each application how many of its references have ``status`` (the references
    workflow passes its "submitted"), in one UPDATE; the associations' tokens change."""
    ids = list(set(application_ids))
    if not ids:
        return
    reference = Application._meta.get_field("references").related_model
    submitted = (
        reference.objects.filter(application=OuterRef("pk"), status=status)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Application.objects.filter(pk__in=ids).update(
        references_done=Coalesce(Subquery(submitted, output_field=IntegerField()), 0)
    )
    touch(
        Application.objects.filter(pk__in=ids).values_list("association_id", flat=True).distinct()
    )


def _rated(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and "status" not in update_fields:
        return  # the count cannot have changed
    count_ratings([instance.application_id], status=RATING_SUBMITTED)


def connect() -> None:
    """Keep ``references_done`` right whenever one reference is saved or deleted (the workflow,
    the admin, imports); ``QuerySet.update`` callers call ``count_ratings`` themselves."""
    reference = Application._meta.get_field("references").related_model
    post_save.connect(_rated, sender=reference, dispatch_uid="tallies-rated")
    post_delete.connect(_rated, sender=reference, dispatch_uid="tallies-unrated")


@receiver(post_save, sender=Application)
@receiver(post_delete, sender=Application)
def _application_changed(sender, instance, **kwargs) -> None:
    touch([instance.association_id])


@receiver(post_save, sender="endorsements.Association")
def _association_saved(sender, instance, **kwargs) -> None:
    touch([instance.pk])


@receiver(post_save, sender="accounts.RoleAssignment")
@receiver(post_delete, sender="accounts.RoleAssignment")
@receiver(post_save, sender="endorsements.SubmissionPeriod")
@receiver(post_delete, sender="endorsements.SubmissionPeriod")
def _association_setting_changed(sender, instance, **kwargs) -> None:
    """Roles (the reviewer pool) and submission periods: choices of the queue's filters."""
    touch([instance.association_id])


#: A person's fields that lists of applications show.
_NAME_FIELDS = frozenset({"full_name", "preferred_name", "email"})


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _person_renamed(sender, instance, created, update_fields=None, **kwargs) -> None:
    """A new name shows at once in the lists of the associations the person applied to or
    works for (not on sign-in, which saves only ``last_login``)."""
    if created or (update_fields is not None and not _NAME_FIELDS & set(update_fields)):
        return
    applied = (
        Application.objects.filter(applicant=instance).order_by().values_list("association_id")
    )
    staff = instance.role_assignments.order_by().values_list("association_id")
    touch(a for (a,) in applied.union(staff))


@receiver(post_save, sender="reviews.Review")
@receiver(post_delete, sender="reviews.Review")
def _review_changed(sender, instance, **kwargs) -> None:
    touch(
        Application.objects.filter(pk=instance.application_id).values_list(
            "association_id", flat=True
        )
    )
