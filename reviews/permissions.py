"""Who may see and do what in the review.

- the association's coordinators and administrators (managers) run the queue, check
  completeness, assign reviewers and decide; a manager of another association gets 404;
- a reviewer reaches only the reviews assigned to them (anyone else: 404), and only while
  they still hold the reviewer role at the association;
- the applicant reads the decision and the reviewers' comments for them (never names or
  private notes).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from applications.models import Application
from easy.accounts.enums import Role
from easy.accounts.permissions import has_role, is_manager

from .models import Review


def get_application_for_manager(user, uuid, queryset=None) -> Application:
    """An application of an association the user manages; 404 otherwise."""
    qs = queryset if queryset is not None else Application.objects.all()
    application = qs.select_related("association", "applicant", "advisor").filter(uuid=uuid).first()
    if application is None or not is_manager(user, application.association):
        raise Http404
    return application


def get_review_for_user(user, uuid) -> Review:
    """A review assigned to ``user`` (who still reviews for the association); 404 otherwise."""
    review = (
        Review.objects.select_related(
            "application__association", "application__applicant", "reviewer"
        )
        .filter(uuid=uuid, reviewer_id=getattr(user, "pk", None))
        .first()
    )
    if review is None or not has_role(user, review.application.association, [Role.REVIEWER]):
        raise Http404
    return review


def get_decision_application(user, uuid) -> Application:
    """The applicant's own application, or one the user manages; 404 otherwise."""
    application = (
        Application.objects.select_related("association", "applicant").filter(uuid=uuid).first()
    )
    if application is None:
        raise Http404
    if application.applicant_id == user.pk or is_manager(user, application.association):
        return application
    raise Http404


def can_write(review: Review) -> bool:
    """The reviewer writes an open review; a submitted or declined one is read only."""
    return review.is_open


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
