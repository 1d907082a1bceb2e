"""Who may see and do what in the review.

- the association's coordinators and administrators (managers) run the queue, check
  completeness, assign reviewers and decide; a manager of another association gets 404;
- a reviewer reaches only the reviews assigned to them (anyone else: 404), only while they
  still hold the reviewer role at the association, and not once they declined the review: a
  reviewer who declined or lost the role loses the packet and the documents at once;
- the applicant reads the decision and the reviewers' comments for them (never names or
  private notes).
"""

from django.db.models import QuerySet

from applications.models import Application
from applications.permissions import can_manage, can_read_decision
from easy.accounts.enums import Role
from easy.accounts.permissions import has_role, not_found, require

from .enums import ReviewStatus
from .models import Review

__all__ = [
    "can_decide",
    "can_read_decision",
    "can_read_review",
    "can_review_at",
    "can_write",
    "get_application_for_manager",
    "get_decision_application",
    "get_review_for_user",
    "require",
]


def can_decide(user, application: Application) -> bool:
    """Run the review of an application: its association's managers."""
    return can_manage(user, application)


def can_write(user, review: Review) -> bool:
    """The reviewer writes an open review; a submitted one is read only."""
    return review.reviewer_id == getattr(user, "pk", None) and review.is_open


def can_review_at(user, association) -> bool:
    """Still a reviewer for the association: reads the reviews they wrote there."""
    return has_role(user, association, [Role.REVIEWER])


def can_read_review(user, review: Review) -> bool:
    """The assigned reviewer, while they review for the association and have not declined."""
    return (
        review.reviewer_id == getattr(user, "pk", None)
        and review.status != ReviewStatus.DECLINED
        and can_review_at(user, review.application.association)
    )


def get_application_for_manager(
    user, uuid, queryset: QuerySet[Application] | None = None
) -> Application:
    """An application of an association the user manages; 404 otherwise."""
    qs = queryset if queryset is not None else Application.objects.all()
    application = qs.select_related("association", "applicant", "advisor").filter(uuid=uuid).first()
    if application is None or not can_decide(user, application):
        raise not_found(user)
    return application


def get_review_for_user(user, uuid) -> Review:
    """A review the user may read (see ``can_read_review``); 404 otherwise."""
    review = (
        Review.objects.select_related(
            "application__association",
            "application__applicant",
            "application__category",
            "reviewer",
        )
        .filter(uuid=uuid)
        .first()
    )
    if review is None or not can_read_review(user, review):
        raise not_found(user)
    return review


def get_decision_application(user, uuid) -> Application:
    """The applicant's own application, or one the user manages; 404 otherwise."""
    application = (
        Application.objects.select_related("association", "applicant").filter(uuid=uuid).first()
    )
    if application is None or not can_read_decision(user, application):
        raise not_found(user)
    return application
