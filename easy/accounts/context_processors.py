from django.conf import settings
from django.db.models import Q
from django.utils.functional import SimpleLazyObject

from .tenancy import association_model


def _association_of(user):
    """The association the header names for this person: one they hold a role at or applied to
    (the first by name when there are several); None when unknown.
    One query, run only when a page renders the header."""
    if not getattr(user, "is_authenticated", False):
        return None
    model = association_model()
    # Two small subqueries, not one OR over two joins (that joined every application of the
    # association: 500 ms at 100,000 applications).
    staff_at = model.objects.filter(role_assignments__user=user).values("pk")
    applied_to = model.objects.filter(applications__applicant=user).values("pk")
    return (
        model.objects.filter(Q(pk__in=staff_at) | Q(pk__in=applied_to))
        .only("code", "name", "logo")
        .order_by("name")
        .first()
    )


def site(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PAYMENTS_TEST_MODE": settings.PAYMENTS_TEST_MODE,
        "HEADER_ASSOCIATION": SimpleLazyObject(lambda: _association_of(request.user)),
    }
