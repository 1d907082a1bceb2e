"""What the rater does through a link: open the form, save a draft, submit, decline."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import Invitation, Rating
from .workflow import R, ReferenceWorkflowError, _rater_label, _today, transition

# --- The rater --------------------------------------------------------------------------------


@transaction.atomic
def record_opened(invitation: Invitation) -> None:
    """The rater opened the form for the first time. Side effects: ``opened_at``; "opened"."""
    invitation = (
        Invitation.objects.select_for_update().select_related("reference").get(pk=invitation.pk)
    )
    if invitation.opened_at is not None:
        return
    invitation.opened_at = timezone.now()
    invitation.save(update_fields=["opened_at"])
    reference = invitation.reference
    if reference.status == R.INVITED:
        transition(
            reference,
            R.OPENED,
            actor=None,
            actor_label=_rater_label(reference),
            invitation=invitation,
        )


def _locked_open_invitation(invitation: Invitation) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("reference__application")
        .get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ReferenceWorkflowError("This rating can no longer be changed.")
    if invitation.deadline < _today():
        raise ReferenceWorkflowError("The deadline for this rating has passed.")
    return invitation


def _fill(rating: Rating, data: dict, area_codes: Iterable[str]) -> None:
    for name in Rating.RATER_FIELDS:
        if name in data:
            setattr(rating, name, data[name] or "")
    answers = data.get("answers") or {}
    codes = set(area_codes)
    rating.answers = {code: value for code, value in answers.items() if code in codes and value}
    rating.not_enough_information = Rating.count_not_enough_information(rating.answers)


@transaction.atomic
def save_draft(invitation: Invitation, data: dict, *, area_codes: Iterable[str]) -> Rating:
    """Keep what the rater typed so far (answers of unknown areas are dropped).

    Side effects: the draft Rating (created on the first save). No audit row: a draft is not
    a decision.
    """
    invitation = _locked_open_invitation(invitation)
    rating, _ = Rating.objects.get_or_create(invitation=invitation)
    if rating.is_submitted:
        raise ReferenceWorkflowError("This rating has been submitted already.")
    _fill(rating, data, area_codes)
    rating.save()
    return rating


@transaction.atomic
def submit_rating(invitation: Invitation, data: dict, *, area_codes: Iterable[str]) -> Rating:
    """Submit the rating; it can no longer change and every link stops working.

    A rating with six or more "not enough information" answers does not count: the reference
    then becomes "declined" and the applicant is asked to name someone else.
    Side effects: the Rating; ``Reference.submitted_at``; "submitted" (then "declined" if it does
    not count); audit rows; the applicant's notice in that case.
    """
    invitation = _locked_open_invitation(invitation)
    codes = list(area_codes)
    rating, _ = Rating.objects.get_or_create(invitation=invitation)
    _fill(rating, data, codes)
    missing = [c for c in codes if c not in rating.answers]
    if missing:
        raise ReferenceWorkflowError("Answer every competency area before you submit.")
    rating.counts = Rating.would_count(rating.answers)
    rating.submitted_at = timezone.now()
    rating.save()
    reference = invitation.reference
    label = _rater_label(reference)
    transition(
        reference,
        R.SUBMITTED,
        actor=None,
        actor_label=label,
        invitation=invitation,
        when=rating.submitted_at,
    )
    if not rating.counts:
        transition(
            reference,
            R.DECLINED,
            actor=None,
            actor_label="system",
            reason=(
                f'{rating.not_enough_information} answers were "not enough information to '
                f'rate": the rating does not count.'
            ),
            invitation=invitation,
        )
    return rating


@transaction.atomic
def decline(invitation: Invitation, *, reason: str) -> None:
    """The rater declines to rate. Side effects: the reason; "declined"; audit row; the
    applicant is asked to name someone else."""
    invitation = _locked_open_invitation(invitation)
    invitation.declined_at = timezone.now()
    invitation.declined_reason = reason
    invitation.save(update_fields=["declined_at", "declined_reason"])
    reference = invitation.reference
    transition(
        reference,
        R.DECLINED,
        actor=None,
        actor_label=_rater_label(reference),
        reason=reason,
        invitation=invitation,
    )
