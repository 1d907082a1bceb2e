"""The emails of the reference ratings, one function each (sent after commit by a task).

Emails to raters carry a personal link; emails to applicants never carry a rating's content.
"""

from __future__ import annotations

from easy.lib.urls import absolute_url
from easy.notifications.enums import Event
from easy.notifications.models import OutboundEmail
from easy.notifications.services import queue_email

from .enums import Notice


def rater_url(token: str) -> str:
    return absolute_url("references:rate", token=token)


def applicant_url(application) -> str:
    return absolute_url("references:list", uuid=application.uuid)


def _rater_context(invitation, token: str, category: str = "") -> dict:
    reference = invitation.reference
    application = reference.application
    if not category:
        category = str(application.category)
    return {
        "rater": reference.rater_name,
        "applicant": application.applicant.full_name or application.applicant.display_name,
        "category": category,
        "association": application.association.name,
        "contact": application.association.contact_email,
        "deadline": invitation.deadline,
        "url": rater_url(token),
        "decline_url": absolute_url("references:decline", token=token),
    }


def invitation(invitation, *, token: str, key: str, again: bool) -> OutboundEmail:
    """To the rater: the invitation with a personal link (``again``: a resend asked for)."""
    return queue_email(
        event=Event.REFERENCE_INVITATION,
        to=invitation.reference.email,
        template="reference-invitation",
        context={**_rater_context(invitation, token), "again": again},
        key=key,
        language=invitation.reference.language,
        reply_to=invitation.reference.application.association.contact_email,
    )


def rater_reminder(
    invitation, *, token: str, kind: str, key: str, category: str = ""
) -> OutboundEmail:
    """To a rater who has not answered: a week, two weeks, or three days before the deadline.
    ``category`` (the category's label) saves a query when many reminders go out at once."""
    return queue_email(
        event=Event.REFERENCE_REMINDER,
        to=invitation.reference.email,
        template="reference-reminder",
        context={
            **_rater_context(invitation, token, category),
            "last_days": kind == Notice.RATER_DEADLINE,
        },
        key=key,
        language=invitation.reference.language,
        reply_to=invitation.reference.application.association.contact_email,
    )


#: Applicant notices: (event, template) for each kind.
_APPLICANT = {
    Notice.APPLICANT_DECLINED: (Event.REFERENCE_DECLINED, "reference-declined"),
    Notice.APPLICANT_EXPIRED: (Event.REFERENCE_EXPIRED, "reference-expired"),
    # No event of its own in the registry yet: it asks for the same action as a refusal.
    Notice.APPLICANT_NOT_COUNTED: (Event.REFERENCE_DECLINED, "reference-not-counted"),
    Notice.APPLICANT_OUTDATED: (Event.REFERENCE_EXPIRED, "reference-outdated"),
}


def applicant_notice(invitation, *, kind: str, key: str) -> OutboundEmail:
    """To the applicant: a rater declined, a link expired, a rating cannot count or grew too old.
    Each asks the applicant to name someone else; none tells what the rater wrote."""
    reference = invitation.reference
    application = reference.application
    person = application.applicant
    event, template = _APPLICANT[kind]
    return queue_email(
        event=event,
        to=person.email,
        template=template,
        context={
            "name": person.display_name,
            "rater": reference.rater_name,
            "category": application.category_code,
            "association": application.association.name,
            "deadline": invitation.deadline,
            "url": applicant_url(application),
        },
        key=key,
        language=person.email_language,
    )
