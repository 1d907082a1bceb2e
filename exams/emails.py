"""The emails of the exam, one function each (queued, sent after commit by a task).

Emails to graders carry the anonymous code only: never the candidate's name, email, number or
association. Results tell the candidate the percentage per competency area, never the items.
"""

from django.utils.formats import date_format

from easy.accounts.enums import MANAGER_ROLES
from easy.accounts.models import User
from easy.lib.urls import absolute_url
from easy.notifications.enums import Event
from easy.notifications.services import queue_email


def _url(name: str, **kwargs) -> str:
    return absolute_url(f"exams:{name}", **kwargs)


def _day(value) -> str:
    return date_format(value, "j F Y")


def _to_candidate(approval, event, template, context, key):
    person = approval.candidate
    return queue_email(
        event=event,
        to=person.email,
        template=template,
        context={
            "name": person.display_name,
            "category": approval.application.category_code,
            "association": approval.association.name,
            "url": _url("approval", uuid=approval.uuid),
            **context,
        },
        key=key,
        language=person.email_language,
    )


def approval_extended(approval, reason: str, *, key: str):
    """To the candidate: more time to sit the exam, and why."""
    return _to_candidate(
        approval,
        Event.EXAM_APPROVAL,
        "exam-approval-extended",
        {"valid_until": _day(approval.valid_until), "reason": reason},
        key,
    )


def approval_expired(approval, *, key: str):
    """To the candidate: the approval ended; the page where they may ask for a new one."""
    return _to_candidate(
        approval,
        Event.EXAM_APPROVAL,
        "exam-approval-expired",
        {"valid_until": _day(approval.valid_until)},
        key,
    )


def approval_refused(approval, reason: str, *, key: str):
    """To the candidate: the request for a new approval was refused, and why."""
    return _to_candidate(
        approval, Event.EXAM_APPROVAL, "exam-approval-refused", {"reason": reason}, key
    )


def approval_renewed(approval, *, key: str):
    return _to_candidate(
        approval,
        Event.EXAM_APPROVAL,
        "exam-approval-renewed",
        {"valid_until": _day(approval.valid_until)},
        key,
    )


def registered(registration, *, key: str):
    """To the candidate: the place in the exam week is confirmed."""
    week = registration.exam_week
    return _to_candidate(
        registration.approval,
        Event.EXAM_REGISTRATION,
        "exam-registered",
        {
            "week": week.name,
            "starts_on": _day(week.starts_on),
            "ends_on": _day(week.ends_on),
            "retake": registration.is_retake,
        },
        key,
    )


def reminder(registration, kind: str, *, key: str):
    """To the candidate: the exam week starts in a week / tomorrow (different subjects)."""
    week = registration.exam_week
    return _to_candidate(
        registration.approval,
        Event.EXAM_REGISTRATION,
        "exam-reminder",
        {"week": week.name, "starts_on": _day(week.starts_on), "tomorrow": kind == "day"},
        key,
    )


def accommodation_decided(accommodation, *, key: str):
    return _to_candidate(
        accommodation.registration.approval,
        Event.EXAM_REGISTRATION,
        "exam-accommodation-decided",
        {
            "approved": accommodation.is_approved,
            "extra": accommodation.extra_time_percent,
            "breaks": accommodation.breaks,
            "reason": accommodation.reason,
        },
        key,
    )


def part_submitted(sitting, *, key: str):
    """To the candidate: the part was received (automatically when time ran out)."""
    return _to_candidate(
        sitting.registration.approval,
        Event.EXAM_SITTING,
        "exam-part-submitted",
        {"part": sitting.get_part_display(), "auto": sitting.auto_submitted},
        key,
    )


def result(registration, sittings, *, passed: bool, endorsement, key: str):
    """To the candidate: passed (with the endorsement number) or not, with the score per
    competency area of each part — never the items or the keys."""
    parts = [
        {
            "label": s.get_part_display(),
            "passed": s.passed,
            "score": s.score_percent,
            "areas": s.area_scores,
        }
        for s in sorted(sittings, key=lambda s: s.part != "mc")
    ]
    return _to_candidate(
        registration.approval,
        Event.EXAM_RESULT,
        "exam-result",
        {
            "passed": passed,
            "parts": parts,
            "failed": [p["label"] for p in parts if not p["passed"]],
            "number": endorsement.number if endorsement else "",
        },
        key,
    )


def retake_decided(request, *, key: str):
    return _to_candidate(
        request.approval,
        Event.EXAM_RESULT,
        "exam-retake-decided",
        {
            "approved": request.is_approved,
            "earliest_on": _day(request.earliest_on),
            "reason": request.reason,
        },
        key,
    )


def grading_assigned(grading, *, key: str):
    """To a grader: an anonymous response to grade (the code, nothing about the person)."""
    grader = grading.grader
    return queue_email(
        event=Event.EXAM_GRADING,
        to=grader.email,
        template="exam-grading-assigned",
        context={
            "name": grader.display_name,
            "code": grading.sitting.code,
            "is_third": grading.is_third,
            "url": _url("grade", uuid=grading.uuid),
        },
        key=key,
    )


def to_coordinators(association, template: str, context: dict, *, key: str) -> int:
    """To each coordinator of ``association``: something waits for them on the exam page."""
    people = User.objects.filter(
        role_assignments__association=association, role_assignments__role__in=list(MANAGER_ROLES)
    ).distinct()
    for person in people:
        queue_email(
            event=Event.EXAM_REGISTRATION,
            to=person.email,
            template=template,
            context={
                "name": person.display_name,
                "url": _url("staff", code=association.code),
                **context,
            },
            key=f"{key}:{person.pk}",
        )
    return len(people)
