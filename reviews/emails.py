"""The emails of the review, one function each (sent after commit by a task).

The applicant's decision email carries the reviewers' comments for the applicant, numbered
("Reviewer 1"), never their names or private notes.
"""

from django.utils.formats import date_format

from easy.lib.urls import absolute_url
from easy.notifications.enums import Event
from easy.notifications.services import queue_email

from .enums import ReminderKind


def _url(name: str, **kwargs) -> str:
    return absolute_url(f"reviews:{name}", **kwargs)


def review_assigned(review, *, key: str):
    """To the reviewer: an application to review, and when it is due."""
    application = review.application
    return queue_email(
        event=Event.REVIEW_ASSIGNED,
        to=review.reviewer.email,
        template="review-assigned",
        context={
            "name": review.reviewer.display_name,
            "applicant": application.applicant.display_name,
            "category": application.category_code,
            "association": application.association.name,
            "due_on": date_format(review.due_on, "j F Y"),
            "is_third": review.is_third,
            "url": _url("review", uuid=review.uuid),
        },
        key=key,
    )


def review_reminder(review, kind: str, *, key: str):
    """To the reviewer: the review is due soon, or overdue (different subjects)."""
    application = review.application
    return queue_email(
        event=Event.REVIEW_REMINDER,
        to=review.reviewer.email,
        template="review-reminder",
        context={
            "name": review.reviewer.display_name,
            "category": application.category_code,
            "association": application.association.name,
            "due_on": date_format(review.due_on, "j F Y"),
            "overdue": kind == ReminderKind.OVERDUE,
            "url": _url("review", uuid=review.uuid),
        },
        key=key,
    )


def decision_made(decision, feedback: list, *, key: str):
    """To the applicant: the decision, the coordinator's message and the reviewers' comments
    for the applicant (``feedback`` from ``queries.feedback_for``)."""
    application = decision.application
    person = application.applicant
    return queue_email(
        event=Event.DECISION,
        to=person.email,
        template="decision-made",
        context={
            "name": person.display_name,
            "category": application.category_code,
            "association": application.association.name,
            "outcome": decision.outcome,
            "outcome_label": decision.get_outcome_display(),
            "message": decision.message,
            "feedback": feedback,
            "version": decision.version,
            "url": _url("decision", uuid=application.uuid),
        },
        key=key,
        language=person.email_language,
    )
