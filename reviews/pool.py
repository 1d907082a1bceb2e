"""The association's reviewer pool: who may review an application, their load, and the
conflicts of interest that rule a reviewer out (each with the reason the coordinator sees).

Name matching is deliberately simple and errs toward a conflict: case, punctuation and titles are
ignored, and a reviewer conflicts with an RS/C provider when every word of the reviewer's name
appears in the provider's name ("Dr. Jane A. Smith, LMSW" matches "Jane Smith").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from easy.accounts.enums import Role
from easy.accounts.models import User

from .eligibility import categories_by_code, may_review
from .enums import ReviewStatus
from .models import Review, ReviewerProfile

_WORD = re.compile(r"[^\w@.]+")
_TITLES = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof."}


def words(text: str) -> list[str]:
    return [w.strip(".") for w in _WORD.split(text.casefold()) if w and w not in _TITLES]


def same_text(a: str, b: str) -> bool:
    """Equal once case, punctuation and spacing are ignored (and neither is empty)."""
    a_words, b_words = words(a), words(b)
    return bool(a_words) and a_words == b_words


def name_in(name: str, other: str) -> bool:
    """Every word of ``name`` (at least two) appears in ``other``."""
    mine = set(words(name))
    return len(mine) >= 2 and mine <= set(words(other))


@dataclass
class Candidate:
    user: User
    profile: ReviewerProfile | None
    load: int = 0
    overdue: int = 0
    #: Why the reviewer cannot be assigned (empty: they can).
    reasons: list[str] = field(default_factory=list)

    @property
    def assignable(self) -> bool:
        return not self.reasons


def conflicts(user: User, profile: ReviewerProfile | None, application) -> list[str]:
    """Conflicts of interest between a reviewer and an application.

    ``application`` must have its references, RS/C sessions and work periods loaded (see
    ``applications.queries.with_workspace``).
    """
    reasons = []
    applicant = application.applicant
    if user.pk == applicant.pk:
        reasons.append(_("This is the reviewer's own application."))
    email = user.email.casefold()
    for ref in application.references.all():
        if ref.email.casefold() == email or same_text(ref.rater_name, user.full_name):
            reasons.append(_("Is one of the applicant's reference raters."))
            break
    for session in application.rsc_sessions.all():
        if name_in(user.full_name, session.provider_name):
            reasons.append(
                _("Provided reflective supervision/consultation to the applicant (%(name)s).")
                % {"name": session.provider_name}
            )
            break
    if application.advisor_id == user.pk:
        reasons.append(_("Is the applicant's advisor."))
    if profile is not None and profile.employer:
        for work in application.work.all():
            if same_text(work.employer, profile.employer):
                reasons.append(
                    _("Works for the same employer as the applicant (%(employer)s).")
                    % {"employer": profile.employer}
                )
                break
    if profile is not None:
        for line in profile.declared_conflicts.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.casefold() == applicant.email.casefold() or same_text(
                line, applicant.full_name
            ):
                reasons.append(_("Declared a conflict of interest with this applicant."))
                break
    return reasons


def reviewers_of(association):
    """Users holding the reviewer role at ``association``."""
    return User.objects.filter(
        role_assignments__association=association, role_assignments__role=Role.REVIEWER
    ).distinct()


def loads(association, user_ids=None) -> dict[int, tuple[int, int]]:
    """Open reviews (and how many of them are overdue) per reviewer at ``association``."""
    today = timezone.localdate()
    qs = Review.objects.filter(application__association=association, status=ReviewStatus.ASSIGNED)
    if user_ids is not None:
        qs = qs.filter(reviewer_id__in=list(user_ids))
    rows = qs.values("reviewer_id").annotate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
    )
    return {r["reviewer_id"]: (r["open"], r["overdue"]) for r in rows}


def candidates(application, reviews: list[Review]) -> list[Candidate]:
    """Every reviewer of the application's association, with load and the reasons (if any)
    they cannot review this application. ``reviews``: every review of the application."""
    association = application.association
    users = list(reviewers_of(association).order_by("full_name", "email"))
    profiles = {
        p.user_id: p
        for p in ReviewerProfile.objects.filter(association=association, user__in=users)
    }
    categories = categories_by_code()
    load = loads(association, [u.pk for u in users])
    current = {r.reviewer_id: r for r in reviews if r.version == application.version}
    out = []
    for user in users:
        profile = profiles.get(user.pk)
        reasons = []
        if profile is None:
            reasons.append(_("No endorsement on file for this reviewer."))
        elif not may_review(profile.category_code, application.category_code, categories):
            reasons.append(
                _("Endorsed as %(held)s: not at the applicant's category or above.")
                % {"held": profile.category_code}
            )
        earlier = current.get(user.pk)
        if earlier is not None:
            if earlier.status == ReviewStatus.DECLINED:
                reasons.append(
                    _("Declined this application: %(why)s") % {"why": earlier.decline_reason}
                )
            else:
                reasons.append(_("Already reviewing this application."))
        reasons.extend(conflicts(user, profile, application))
        open_, overdue = load.get(user.pk, (0, 0))
        out.append(Candidate(user, profile, load=open_, overdue=overdue, reasons=reasons))
    return out


def candidate(application, user: User, reviews: list[Review]) -> Candidate | None:
    for c in candidates(application, reviews):
        if c.user.pk == user.pk:
            return c
    return None
