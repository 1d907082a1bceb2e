"""Every write of the review. Each function runs in one transaction, takes domain objects and an
``actor`` (the user doing it, or None for the system) and lists its side effects.

The application's status changes only through ``applications.services.transition``; a review's
only through ``transition`` here (decline, submit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from applications import queries as application_queries
from applications import services as application_services
from applications.enums import ApplicationStatus
from applications.models import Application
from easy.audit.services import record
from endorsements.queries import competency_areas_for
from endorsements.services import grant_endorsement

from . import emails, pool, queries
from .eligibility import exam_applies
from .enums import (
    ALLOWED,
    OUTCOME_STATUS,
    Recommendation,
    ReminderKind,
    ReviewStatus,
    Score,
    recommendations_for,
)
from .models import (
    DEFAULT_REMINDER_DAYS,
    DEFAULT_REVIEW_DAYS,
    AreaScore,
    Decision,
    Review,
    ReviewerProfile,
    ReviewSettings,
    SavedFilter,
)
from .rounds import round_of

S = ApplicationStatus


class ReviewError(Exception):
    """A write the rules of the review refuse; the message is shown to the person."""


# --- The one status workflow of a review ------------------------------------------------------

#: The audit action of each change (the timeline and the history read them).
TRANSITION_ACTIONS = {
    ReviewStatus.SUBMITTED: "review.submitted",
    ReviewStatus.DECLINED: "review.declined",
}


def can_transition(review: Review, to: str) -> bool:
    return to in ALLOWED[review.status]


@transaction.atomic
def transition(
    review: Review, to: str, *, actor, reason: str = "", data: dict | None = None
) -> Review:
    """Move ``review`` to status ``to``, decided on the locked row (``ALLOWED``).

    Side effects: saves the status and its timestamp (``submitted_at`` or ``declined_at``, and
    ``decline_reason``); one audit row on the application (``data`` added to it).
    Raises ReviewError when the change is not allowed.
    """
    current = Review.objects.select_for_update().get(pk=review.pk)
    to = ReviewStatus(to)
    if not can_transition(current, to):
        raise ReviewError(
            f"A review that is {ReviewStatus(current.status).label.lower()} cannot become "
            f"{to.label.lower()}."
        )
    fields = ["status", "updated_at"]
    review.status = to
    if to == ReviewStatus.SUBMITTED:
        review.submitted_at = timezone.now()
        fields.append("submitted_at")
    elif to == ReviewStatus.DECLINED:
        review.declined_at = timezone.now()
        review.decline_reason = reason
        fields += ["declined_at", "decline_reason"]
    review.save(update_fields=fields)
    record(
        actor,
        TRANSITION_ACTIONS[to],
        review.application,
        reason=reason,
        data={"review": str(review.uuid), "version": review.version, **(data or {})},
    )
    return review


# --- Completeness check -----------------------------------------------------------------------


def accept_for_review(application: Application, *, actor) -> Application:
    """The coordinator found the submitted application complete: it goes to the reviewers.

    Side effects: see ``applications.services.transition`` (status, audit row, applicant's email).
    """
    if application.status != S.SUBMITTED:
        raise ReviewError("Only a submitted application can be accepted for review.")
    return application_services.transition(
        application,
        S.IN_REVIEW,
        actor=actor,
        reason="The coordinator checked that your application is complete.",
    )


def return_to_applicant(application: Application, *, actor, reason: str) -> Application:
    """The coordinator returns a submitted application with reasons; it unlocks.

    Side effects: see ``applications.services.return_for_changes`` (the applicant is emailed
    the reasons).
    """
    if application.status not in (S.SUBMITTED, S.IN_REVIEW):
        raise ReviewError("Only an application with the association can be returned.")
    try:
        return application_services.return_for_changes(application, actor=actor, reason=reason)
    except application_services.ApplicationError as exc:
        raise ReviewError(str(exc)) from exc


# --- Deadlines ------------------------------------------------------------------------------


def deadlines(association) -> tuple[int, int]:
    """(days a reviewer has, days before the due date for the reminder) at ``association``."""
    found = ReviewSettings.objects.filter(association=association).first()
    if found is None:
        return DEFAULT_REVIEW_DAYS, DEFAULT_REMINDER_DAYS
    return found.review_days, found.reminder_days


@transaction.atomic
def save_settings(association, *, review_days: int, reminder_days: int, actor) -> ReviewSettings:
    """Side effects: creates or changes the association's ReviewSettings; one audit row."""
    found, _ = ReviewSettings.objects.update_or_create(
        association=association,
        defaults={"review_days": review_days, "reminder_days": reminder_days},
    )
    record(
        actor,
        "review.settings_changed",
        association,
        data={"review_days": review_days, "reminder_days": reminder_days},
    )
    return found


@transaction.atomic
def change_due_date(review: Review, due_on: dt.date, *, actor) -> Review:
    """Give a reviewer more (or less) time. Reminders start again for the new date.

    Side effects: saves the review; one audit row.
    """
    if review.status != ReviewStatus.ASSIGNED:
        raise ReviewError("Only an open review has a due date.")
    before = review.due_on
    review.due_on = due_on
    review.reminders_sent = []
    review.save(update_fields=["due_on", "reminders_sent", "updated_at"])
    record(
        actor,
        "review.due_date_changed",
        review.application,
        data={"review": str(review.uuid), "from": before.isoformat(), "to": due_on.isoformat()},
    )
    return review


# --- Reviewers --------------------------------------------------------------------------------


@transaction.atomic
def save_reviewer_profile(
    association,
    user,
    *,
    category_code: str,
    employer: str = "",
    declared_conflicts: str = "",
    actor,
) -> ReviewerProfile:
    """Record a reviewer's endorsement, employer and declared conflicts at ``association``.

    Side effects: creates or changes the ReviewerProfile; one audit row.
    """
    profile, _ = ReviewerProfile.objects.update_or_create(
        user=user,
        association=association,
        defaults={
            "category_code": category_code,
            "employer": employer.strip(),
            "declared_conflicts": declared_conflicts.strip(),
        },
    )
    record(
        actor,
        "review.reviewer_profile_saved",
        profile,
        data={"user": str(user.uuid), "category": category_code},
    )
    return profile


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def assign_reviewer(application: Application, reviewer, *, actor, today: dt.date | None = None):
    """Assign ``reviewer`` to the current version: one of the two reviewers, or the third when
    the two disagree. Refused (with every reason) for a conflict of interest, an endorsement
    below the applicant's category, or when no reviewer is needed.

    Side effects: one Review (due after the association's number of days), one audit row, one
    email to the reviewer.
    """
    current = _locked(application)
    if current.status != S.IN_REVIEW:
        raise ReviewError("Reviewers are assigned once the application is accepted for review.")
    loaded = application_queries.with_workspace(Application.objects.filter(pk=application.pk)).get()
    reviews = list(Review.objects.filter(application=application))
    state = round_of(loaded, reviews)
    if not state.may_assign:
        raise ReviewError(
            "This application has its reviewers. A third reviewer can be asked only when the "
            "first two disagree."
        )
    found = pool.candidate(loaded, reviewer, reviews)
    if found is None:
        raise ReviewError("This person is not a reviewer of the association.")
    if found.reasons:
        raise ReviewError(" ".join(found.reasons))
    today = today or timezone.localdate()
    days, _ = deadlines(application.association)
    is_third = state.open_slots == 0
    review = Review.objects.create(
        application=application,
        version=current.version,
        reviewer=reviewer,
        is_third=is_third,
        assigned_by=actor,
        due_on=today + dt.timedelta(days=days),
    )
    record(
        actor,
        "review.assigned",
        application,
        data={
            "review": str(review.uuid),
            "reviewer": str(reviewer.uuid),
            "third": is_third,
            "version": current.version,
            "due_on": review.due_on.isoformat(),
        },
    )
    emails.review_assigned(review, key=f"review-assigned:{review.uuid}")
    return review


@transaction.atomic
def decline_review(review: Review, *, actor, reason: str) -> Review:
    """The reviewer declines (a conflict found late, no time...). The coordinator assigns
    someone else. Side effects: saves the review; one audit row."""
    if not reason.strip():
        raise ReviewError("Say why you decline, so that the coordinator can plan.")
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not can_transition(review, ReviewStatus.DECLINED):
        raise ReviewError("This review can no longer be declined.")
    return transition(review, ReviewStatus.DECLINED, actor=actor, reason=reason.strip())


# --- Scoring ----------------------------------------------------------------------------------


@dataclass
class AreaAnswer:
    area_code: str
    score: str = ""
    comment_for_applicant: str = ""
    private_note: str = ""


def _save_answers(
    review: Review,
    answers: list[AreaAnswer],
    *,
    recommendation: str,
    comments_for_applicant: str,
    private_notes: str,
) -> None:
    known = {a.code for a in competency_areas_for(review.application.category)}
    existing = {s.area_code: s for s in review.scores.all()}
    for answer in answers:
        if answer.area_code not in known:
            continue
        row = existing.get(answer.area_code) or AreaScore(review=review, area_code=answer.area_code)
        row.score = answer.score
        row.comment_for_applicant = answer.comment_for_applicant.strip()
        row.private_note = answer.private_note.strip()
        row.save()
    review.recommendation = recommendation
    review.comments_for_applicant = comments_for_applicant.strip()
    review.private_notes = private_notes.strip()
    review.save(
        update_fields=["recommendation", "comments_for_applicant", "private_notes", "updated_at"]
    )


def _require_open(review: Review, actor) -> Review:
    locked = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
    if actor is None or locked.reviewer_id != actor.pk:
        raise ReviewError("Only the assigned reviewer writes this review.")
    if locked.status != ReviewStatus.ASSIGNED:
        raise ReviewError("This review is submitted (or declined) and can no longer change.")
    return locked


@transaction.atomic
def save_draft(
    review: Review,
    answers: list[AreaAnswer],
    *,
    recommendation: str = "",
    comments_for_applicant: str = "",
    private_notes: str = "",
    actor,
) -> Review:
    """Keep the reviewer's answers so far. Side effects: AreaScore rows; saves the review."""
    review = _require_open(review, actor)
    _save_answers(
        review,
        answers,
        recommendation=recommendation,
        comments_for_applicant=comments_for_applicant,
        private_notes=private_notes,
    )
    return review


@transaction.atomic
def save_area(review: Review, answer: AreaAnswer, *, actor) -> Review:
    """Keep the reviewer's score, comment and note for one competency area; the other areas
    and the recommendation stay as they were saved. Side effects: one AreaScore row; the
    review's ``updated_at``."""
    review = _require_open(review, actor)
    known = {a.code for a in competency_areas_for(review.application.category)}
    if answer.area_code not in known:
        raise ReviewError("This competency area is not one of the application's.")
    AreaScore.objects.update_or_create(
        review=review,
        area_code=answer.area_code,
        defaults={
            "score": answer.score,
            "comment_for_applicant": answer.comment_for_applicant.strip(),
            "private_note": answer.private_note.strip(),
        },
    )
    review.save(update_fields=["updated_at"])
    return review


@transaction.atomic
def submit_review(
    review: Review,
    answers: list[AreaAnswer],
    *,
    recommendation: str,
    comments_for_applicant: str = "",
    private_notes: str = "",
    actor,
) -> Review:
    """Save and lock the review. Every competency area needs a score and the recommendation
    must be one the category allows (the exam, by the rules as of today).

    Side effects: AreaScore rows; the review becomes "submitted"; one audit row.
    """
    review = _require_open(review, actor)
    _save_answers(
        review,
        answers,
        recommendation=recommendation,
        comments_for_applicant=comments_for_applicant,
        private_notes=private_notes,
    )
    areas = competency_areas_for(review.application.category)
    scored = {s.area_code for s in review.scores.all() if s.score in Score.values}
    missing = [a.name for a in areas if a.code not in scored]
    if missing:
        raise ReviewError("Score every competency area before you submit: " + ", ".join(missing))
    allowed = _allowed_outcomes(review.application)
    if recommendation not in allowed:
        raise ReviewError("Choose one of the recommendations offered for this category.")
    transition(review, ReviewStatus.SUBMITTED, actor=actor, data={"recommendation": recommendation})
    return review


def _allowed_outcomes(application: Application) -> set[str]:
    return {value for value, _ in recommendations_for(exam_applies(application))}


# --- Decision -------------------------------------------------------------------------------


@transaction.atomic
def decide(
    application: Application,
    outcome: str,
    *,
    actor,
    reason: str = "",
    message: str = "",
) -> Decision:
    """Record the decision on the current version once every reviewer asked has submitted.

    Confirming what the reviewers settled on needs no reason; any other outcome (the
    reviewers disagree, or the coordinator overrides them) needs a written reason, kept in the
    record. ``message`` is for the applicant.

    Side effects: one Decision; the application's status (see ``transition``: audit row; its
    status email is not sent); one audit row for the decision; for "endorse", the endorsement
    (``endorsements.services.grant_endorsement``); the decision email to the applicant with
    the reviewers' comments for them.
    """
    current = _locked(application)
    if current.status != S.IN_REVIEW:
        raise ReviewError("A decision is recorded while the application is in review.")
    reviews = queries.reviews_with_scores(current)
    state = round_of(current, reviews)
    if not state.complete:
        raise ReviewError("Every reviewer asked must submit before the decision.")
    if outcome not in _allowed_outcomes(current):
        raise ReviewError("Choose one of the outcomes offered for this category.")
    follows = outcome == state.consensus
    if not follows and not reason.strip():
        raise ReviewError(
            "The reviewers did not settle on this outcome: write the reason for the decision."
        )
    decision = Decision.objects.create(
        application=current,
        version=current.version,
        outcome=outcome,
        follows_reviewers=follows,
        reason=reason.strip(),
        message=message.strip(),
        decided_by=actor,
    )
    # The transition's reason is shown on the applicant's timeline: only the message for them.
    # The decision email below tells the applicant, so the transition sends no email of its own.
    application_services.transition(
        application,
        OUTCOME_STATUS[outcome],
        actor=actor,
        reason=decision.message or f"Decision: {decision.get_outcome_display()}.",
        notify=False,
    )
    record(
        actor,
        "review.decided",
        application,
        reason=decision.reason,
        data={
            "decision": str(decision.uuid),
            "outcome": outcome,
            "version": decision.version,
            "follows_reviewers": follows,
            "recommendations": [r.recommendation for r in state.submitted],
        },
    )
    if outcome == Recommendation.ENDORSE:
        grant_endorsement(application, actor=actor)
    feedback = queries.feedback_for(current, decision.version, reviews)
    emails.decision_made(decision, feedback, key=f"decision:{decision.uuid}")
    return decision


# --- Reminders --------------------------------------------------------------------------------


def reminder_due(review: Review, today: dt.date, reminder_days: int) -> str | None:
    """Which reminder the review needs today, if any (each goes out once per due date)."""
    if review.status != ReviewStatus.ASSIGNED:
        return None
    if review.due_on < today:
        kind = ReminderKind.OVERDUE
    elif (review.due_on - today).days <= reminder_days:
        kind = ReminderKind.DUE_SOON
    else:
        return None
    return None if kind in review.reminders_sent else kind


def send_due_reminders(today: dt.date | None = None) -> int:
    """Remind reviewers of reviews due soon or overdue. Safe to run twice a day: each
    reminder goes out once for a due date. Returns how many were sent.

    Side effects: per reminder, an email, the review's ``reminders_sent`` and one audit row.
    """
    today = today or timezone.localdate()
    reminder_days = {s.association_id: s.reminder_days for s in ReviewSettings.objects.all()}
    horizon = today + dt.timedelta(days=max([DEFAULT_REMINDER_DAYS, *reminder_days.values()]))
    ids = Review.objects.filter(status=ReviewStatus.ASSIGNED, due_on__lte=horizon).values_list(
        "pk", flat=True
    )
    sent = 0
    for pk in ids:
        with transaction.atomic():
            review = (
                Review.objects.select_for_update(of=("self",))
                .select_related("application__association", "reviewer")
                .get(pk=pk)
            )
            days = reminder_days.get(review.application.association_id, DEFAULT_REMINDER_DAYS)
            kind = reminder_due(review, today, days)
            if kind is None:
                continue
            emails.review_reminder(
                review, kind, key=f"review-reminder:{review.uuid}:{kind}:{review.due_on}"
            )
            review.reminders_sent = [*review.reminders_sent, kind]
            review.save(update_fields=["reminders_sent"])
            record(
                None,
                "review.reminder_sent",
                review.application,
                actor_label="reminders",
                data={"review": str(review.uuid), "kind": kind},
            )
            sent += 1
    return sent


# --- Saved filters ----------------------------------------------------------------------------


@transaction.atomic
def save_filter(user, association, name: str, query: str) -> SavedFilter:
    """Side effects: creates (or replaces, by name) one SavedFilter of the user."""
    saved, _ = SavedFilter.objects.update_or_create(
        user=user, association=association, name=name.strip(), defaults={"query": query}
    )
    return saved


@transaction.atomic
def delete_filter(saved: SavedFilter) -> None:
    saved.delete()
