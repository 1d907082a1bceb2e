"""The emails of the applicant's portal, one function each (sent after commit by a task)."""

from easy.lib.urls import absolute_url
from easy.notifications.enums import Event
from easy.notifications.services import queue_email

from .enums import DECIDED, ApplicationStatus, Section

S = ApplicationStatus


def _link(name: str, application, **kwargs) -> str:
    return absolute_url(f"applications:{name}", uuid=application.uuid, **kwargs)


def _registration_approved(before: str, to: str) -> bool:
    return to == S.IN_PROGRESS and before == S.REGISTERED


def _reopened(before: str, to: str) -> bool:
    """Opened again as a new version after a "revise and resubmit" decision."""
    return to == S.IN_PROGRESS and before == S.REVISE_RESUBMIT


def _event_for(before: str, to: str) -> Event:
    if to == S.REGISTERED:
        return Event.REGISTRATION_RECEIVED
    if _registration_approved(before, to):
        return Event.REGISTRATION_APPROVED
    if to in DECIDED:
        return Event.DECISION
    return Event.APPLICATION_STATUS


def status_changed(application, *, before: str, reason: str, key: str):
    """To the applicant: the application changed status (the subject names the new status)."""
    person = application.applicant
    return queue_email(
        event=_event_for(before, application.status),
        to=person.email,
        template="application-status",
        context={
            "name": person.display_name,
            "category": application.category_code,
            "association": application.association.name,
            "status": application.status,
            "status_label": S(application.status).label,
            "before": before,
            "application": application,
            "registration_approved": _registration_approved(before, application.status),
            "reopened": _reopened(before, application.status),
            "reason": reason,
            "version": application.version,
            "url": _link("status", application),
        },
        key=key,
        language=person.email_language,
    )


def advisor_assigned(application, *, key: str) -> None:
    """To the advisor (what to do) and to the applicant (who will help)."""
    advisor, applicant = application.advisor, application.applicant
    context = {
        "advisor": advisor.display_name,
        "applicant": applicant.display_name,
        "category": application.category_code,
        "association": application.association.name,
        "url": _link("detail", application),
    }
    queue_email(
        event=Event.ADVISOR_COMMENT,
        to=advisor.email,
        template="application-advisor-assigned",
        context=context,
        key=f"{key}:advisor",
        language=advisor.email_language,
    )
    queue_email(
        event=Event.ADVISOR_COMMENT,
        to=applicant.email,
        template="application-advisor-introduced",
        context=context,
        key=f"{key}:applicant",
        language=applicant.email_language,
    )


def comment_added(comment, *, key: str) -> None:
    """A comment goes to the applicant; an answer goes to whoever wrote the comment and to the
    advisor. Nobody is told about their own words."""
    application = comment.application
    if comment.parent_id is None:
        recipients = [application.applicant]
    else:
        recipients = [comment.parent.author, application.advisor]
    seen = set()
    for person in recipients:
        if person is None or person.pk == comment.author_id or person.pk in seen:
            continue
        seen.add(person.pk)
        queue_email(
            event=Event.ADVISOR_COMMENT,
            to=person.email,
            template="application-comment",
            context={
                "name": person.display_name,
                "author": comment.author.display_name if comment.author else "",
                "is_answer": comment.parent_id is not None,
                "section": Section(comment.section).label,
                "body": comment.body,
                "category": application.category_code,
                "applicant": application.applicant.display_name,
                "url": _link("section", application, section=comment.section),
            },
            key=f"{key}:{person.pk}",
            language=person.email_language,
        )
