"""Choices of the review. A review's status changes only through ``services.transition``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    """One reviewer's work on one version of an application. A draft is an assigned review
    with some answers saved."""

    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Submitted")
    DECLINED = "declined", _("Declined")


#: Every change of a review's status (``services.transition``): an assigned review is
#: submitted by its reviewer or declined; both are final.
ALLOWED: dict[str, frozenset[str]] = {
    ReviewStatus.ASSIGNED: frozenset({ReviewStatus.SUBMITTED, ReviewStatus.DECLINED}),
    ReviewStatus.SUBMITTED: frozenset(),
    ReviewStatus.DECLINED: frozenset(),
}

#: Reviews that count toward the two (a declined one makes room for another reviewer).
ACTIVE_REVIEW_STATUSES = frozenset({ReviewStatus.ASSIGNED, ReviewStatus.SUBMITTED})


class Score(models.TextChoices):
    """How well the application documents one competency area."""

    MET = "met", _("Met")
    PARTIALLY_MET = "partially_met", _("Partially met")
    NOT_MET = "not_met", _("Not met")


class Recommendation(models.TextChoices):
    """A reviewer's recommendation, and the outcome the coordinator records."""

    ENDORSE = "endorse", _("Endorse")
    APPROVE_TO_SIT_EXAM = "approve_to_sit_exam", _("Approve to sit the exam")
    REVISE_RESUBMIT = "revise_resubmit", _("Revise and resubmit")
    NOT_ENDORSE = "not_endorse", _("Not endorse")


#: The application status each outcome leads to.
OUTCOME_STATUS: dict[str, str] = {
    Recommendation.ENDORSE: "endorsed",
    Recommendation.APPROVE_TO_SIT_EXAM: "approved_to_sit_exam",
    Recommendation.REVISE_RESUBMIT: "revise_resubmit",
    Recommendation.NOT_ENDORSE: "not_endorsed",
}


def recommendations_for(exam_applies: bool) -> list[tuple[str, str]]:
    """The choices a reviewer (or coordinator) has: an exam category is approved to sit the
    exam instead of endorsed; the other categories are endorsed directly."""
    first = Recommendation.APPROVE_TO_SIT_EXAM if exam_applies else Recommendation.ENDORSE
    return [
        (r.value, r.label)
        for r in (first, Recommendation.REVISE_RESUBMIT, Recommendation.NOT_ENDORSE)
    ]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
