"""Reading the reference ratings: links, what each person may see, what counts for the rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from endorsements.catalog_text import catalog_text
from endorsements.queries import competency_areas_for

from .enums import ReferenceStatus, Score
from .models import Link, Rating, Reference, VettingDecision, token_hash

R = ReferenceStatus


def counting_status(reference: Reference, *, on: dt.date) -> str | None:
    """The reference as the rules module's dossier sees it on ``on`` (see
    ``Reference.dossier_status``: one rule, kept with the model the dossier reads)."""
    return reference.dossier_status(on)


@dataclass(frozen=True)
class RatedArea:
    """A competency area the rater scores, with the knowledge/skill areas it covers for the
    category (shown to the rater so that everyone rates the same thing)."""

    code: str
    name: str
    skills: tuple[str, ...] = ()


def category_of(application: Application):
    return application.category


def areas_for(application: Application, category=None) -> list[RatedArea]:
    """The competency areas the rater scores, in the catalog's order (two queries)."""
    category = category or category_of(application)
    if category is None:
        return []
    return [
        RatedArea(
            a.code,
            catalog_text(a.name),
            tuple(catalog_text(s.name) for s in a.skills.all() if s.applies_to(category)),
        )
        for a in competency_areas_for(category).prefetch_related("skills")
    ]


def find_link(token: str) -> Link | None:
    """The link whose secret is ``token``, with everything the rater's page shows; None for a
    link that never existed (or was altered)."""
    if not token or len(token) > 100:
        return None
    return (
        Link.objects.select_related(
            "invitation__reference__application__applicant",
            "invitation__reference__application__association",
            "invitation__reference__application__category",
            "invitation__rating",
        )
        .filter(token_hash=token_hash(token))
        .first()
    )


def references_of(application: Application) -> QuerySet[Reference]:
    """The application's raters with invitation, rating, links with their emails and vetting
    decisions: a fixed number of queries whatever the number of raters."""
    return (
        Reference.objects.filter(application=application)
        .select_related("invitation__rating", "application")
        .prefetch_related(
            Prefetch(
                "invitation__links",
                queryset=Link.objects.select_related("email").order_by("created_at", "id"),
            ),
            Prefetch(
                "vetting_decisions",
                queryset=VettingDecision.objects.select_related("decided_by").order_by(
                    "decided_on", "created_at", "id"
                ),
            ),
        )
        .order_by("created_at", "id")
    )


def invitation_of(reference: Reference):
    try:
        return reference.invitation
    except Reference.invitation.RelatedObjectDoesNotExist:
        return None


def rating_of(reference: Reference) -> Rating | None:
    invitation = invitation_of(reference)
    if invitation is None:
        return None
    try:
        return invitation.rating
    except Rating.DoesNotExist:
        return None


def emails_of(reference: Reference) -> list:
    """The emails that carried the rater's links (invitation and reminders), oldest first,
    from prefetched links."""
    invitation = invitation_of(reference)
    if invitation is None:
        return []
    return [link.email for link in invitation.links.all() if link.email_id]


def delivery_of(reference: Reference):
    """The latest email sent to the rater (its status: queued, sent, retrying, failed, bounced)."""
    sent = emails_of(reference)
    return sent[-1] if sent else None


# --- What the applicant sees ------------------------------------------------------------------


@dataclass
class ApplicantStatus:
    """What the applicant is told about one rater: never what the rater wrote."""

    code: str
    label: str
    note: str = ""
    needs_action: bool = False

    @property
    def is_submitted(self) -> bool:
        """The rating is in and still counts."""
        return self.code == ReferenceStatus.SUBMITTED


def applicant_status(reference: Reference, *, on: dt.date | None = None) -> ApplicantStatus:
    on = on or timezone.localdate()
    status = reference.status
    rating = rating_of(reference)
    if status == R.NOMINATED:
        return ApplicantStatus("nominated", _("Not invited yet"))
    if status == R.REPLACED:
        return ApplicantStatus("replaced", _("Replaced"))
    if status == R.DECLINED and rating is not None and rating.is_submitted:
        return ApplicantStatus(
            "declined",
            _("Cannot be counted"),
            _(
                'The rater answered "not enough information to rate" too often for the rating '
                "to count. Please name someone else who knows your work well."
            ),
            needs_action=True,
        )
    if status == R.DECLINED:
        return ApplicantStatus(
            "declined",
            _("Declined"),
            _("This rater declined. Please name someone else."),
            needs_action=True,
        )
    if status == R.EXPIRED and rating is not None and rating.is_submitted:
        return ApplicantStatus(
            "expired",
            _("Expired"),
            _("The rating is more than a year old and no longer counts. Please name a rater."),
            needs_action=True,
        )
    if status == R.EXPIRED:
        return ApplicantStatus(
            "expired",
            _("Expired"),
            _(
                "The rater did not answer by the deadline. Ask the coordinator for more time, "
                "or name someone else."
            ),
            needs_action=True,
        )
    if status == R.SUBMITTED and counting_status(reference, on=on) != "submitted":
        return ApplicantStatus(
            "expired",
            _("Expired"),
            _("The rating is more than a year old and no longer counts. Please name a rater."),
            needs_action=True,
        )
    if status == R.SUBMITTED:
        return ApplicantStatus("submitted", _("Submitted"))
    if status == R.OPENED:
        return ApplicantStatus("opened", _("Opened"))
    return ApplicantStatus("invited", _("Invited"))


def awaiting_rater(reference: Reference) -> bool:
    invitation = invitation_of(reference)
    return invitation is not None and invitation.is_open


# --- What coordinators and reviewers see ------------------------------------------------------


@dataclass
class AreaAnswer:
    code: str
    name: str
    value: str
    label: str


@dataclass
class StaffRating:
    """One rater and, once submitted, what they wrote (for coordinators and reviewers)."""

    reference: Reference
    status: str
    status_label: str
    counts: bool
    submitted_at: dt.datetime | None
    rating: Rating | None
    answers: list[AreaAnswer] = field(default_factory=list)
    not_enough_information: int = 0
    vetting: list[VettingDecision] = field(default_factory=list)


def ratings_for_staff(application: Application, *, on: dt.date | None = None) -> list[StaffRating]:
    """Every rater of the application except replaced ones, with the submitted rating's content
    per competency area, for coordinators and reviewers (never show it to the applicant).

    ``counts`` is whether the rating counts toward the three on ``on`` (default today).
    A fixed number of queries.
    """
    on = on or timezone.localdate()
    areas = areas_for(application)
    labels = dict(Score.choices)
    out = []
    for reference in references_of(application).exclude(status=R.REPLACED):
        rating = rating_of(reference)
        submitted = rating if rating is not None and rating.is_submitted else None
        answers = []
        if submitted is not None:
            answers = [
                AreaAnswer(
                    a.code,
                    a.name,
                    submitted.answers.get(a.code, ""),
                    str(labels.get(submitted.answers.get(a.code, ""), "")),
                )
                for a in areas
            ]
        out.append(
            StaffRating(
                reference=reference,
                status=reference.status,
                status_label=str(R(reference.status).label),
                counts=counting_status(reference, on=on) == "submitted",
                submitted_at=submitted.submitted_at if submitted else None,
                rating=submitted,
                answers=answers,
                not_enough_information=submitted.not_enough_information if submitted else 0,
                vetting=list(reference.vetting_decisions.all()),
            )
        )
    return out
