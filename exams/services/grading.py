"""Blind essay grading. Each essay part carries an anonymous code; two graders of the
association are assigned automatically, never one with a conflict of interest (the review's
check: raters, RS/C providers, advisor, co-workers, declared conflicts — plus the application's
reviewers). A pass/fail disagreement or a gap over the association's threshold calls a third
grader; the coordinator confirms the result."""

from __future__ import annotations

import statistics
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import queries as application_queries
from applications.models import Application
from easy.accounts.enums import MANAGER_ROLES, Role
from easy.accounts.models import User
from easy.audit.services import record
from reviews.models import Review, ReviewerProfile
from reviews.pool import conflicts

from .. import emails
from ..enums import GradingStatus, SittingStatus
from ..models import CriterionScore, Grading, RubricCriterion, Sitting
from .common import ExamError, move, settings_for
from .sittings import percent, transition

G = GradingStatus

GRADING_TRANSITIONS: dict[str, frozenset[str]] = {
    G.ASSIGNED: frozenset({G.SUBMITTED}),
    G.SUBMITTED: frozenset(),
}


def can_transition_grading(grading: Grading, to: str) -> bool:
    return to in GRADING_TRANSITIONS[grading.status]


def transition_grading(grading: Grading, to: str, *, actor, fields=None) -> Grading:
    """Side effects: saves the grading; one audit row (on the anonymous sitting)."""
    return move(
        grading, to, GRADING_TRANSITIONS, action=f"exam.grading_{to}", actor=actor, fields=fields
    )


def grader_conflicts(user: User, sitting: Sitting) -> list[str]:
    """Why ``user`` may not grade ``sitting`` (empty: they may)."""
    application = sitting.registration.approval.application
    loaded = application_queries.with_workspace(Application.objects.filter(pk=application.pk)).get()
    profile = ReviewerProfile.objects.filter(user=user, association=application.association).first()
    reasons = list(conflicts(user, profile, loaded))
    if Review.objects.filter(application=application, reviewer=user).exists():
        reasons.append(_("Reviewed the candidate's application."))
    if user.role_assignments.filter(
        association=application.association, role__in=list(MANAGER_ROLES)
    ).exists():
        # Coordinators see who registered: grading stays blind only without them.
        reasons.append(_("Runs the association's exam and knows who the candidates are."))
    return reasons


def eligible_graders(sitting: Sitting) -> list[User]:
    """Graders of the association without a conflict and not yet on this part, least busy
    first."""
    association = sitting.association
    taken = set(sitting.gradings.values_list("grader_id", flat=True))
    users = (
        User.objects.filter(
            role_assignments__association=association,
            role_assignments__role=Role.EXAM_GRADER,
            is_active=True,
        )
        .exclude(pk__in=taken)
        .annotate(load=Count("exam_gradings", filter=Q(exam_gradings__status=G.ASSIGNED)))
        .order_by("load", "pk")
        .distinct()
    )
    return [u for u in users if not grader_conflicts(u, sitting)]


@transaction.atomic
def assign_graders(sitting: Sitting, *, actor, is_third: bool = False) -> list[Grading]:
    """Assign graders until the part has two (or a third when ``is_third``). When too few
    graders are free of conflicts, the coordinator is told and assigns later (same call).

    Side effects: Grading rows; one audit row each; an email to each grader (code only).
    """
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    wanted = (3 if is_third else 2) - sitting.gradings.count()
    made = []
    for user in eligible_graders(sitting)[: max(0, wanted)]:
        grading = Grading.objects.create(sitting=sitting, grader=user, is_third=is_third)
        record(
            actor,
            "exam.grader_assigned",
            sitting,
            data={"grading": str(grading.uuid), "code": sitting.code, "third": is_third},
        )
        emails.grading_assigned(grading, key=f"exam-grading:{grading.uuid}")
        made.append(grading)
    if len(made) < wanted:
        record(actor, "exam.graders_missing", sitting, data={"missing": wanted - len(made)})
        emails.to_coordinators(
            sitting.association,
            "exam-graders-missing",
            {"code": sitting.code},
            key=f"exam-graders-missing:{sitting.uuid}:{sitting.gradings.count()}",
        )
    return made


def rubric(sitting: Sitting):
    return list(
        RubricCriterion.objects.filter(vignette__in=sitting.vignettes.all())
        .select_related("vignette", "area")
        .order_by("vignette_id", "position", "pk")
    )


def max_points(sitting: Sitting) -> int:
    return sum(c.max_points for c in rubric(sitting))


@transaction.atomic
def submit_grading(
    grading: Grading, points: dict[int, int], comments: dict[int, str], *, comment: str, actor
) -> Grading:
    """The grader scores every rubric criterion (0 to its points) and comments.

    Side effects: CriterionScore rows; the grading submitted; one audit row; once both (or
    the third) are in: a third grader on disagreement, else the coordinators are asked to
    confirm.
    """
    grading = Grading.objects.select_for_update().get(pk=grading.pk)
    if grading.grader_id != getattr(actor, "pk", None):
        raise ExamError(_("Only the assigned grader scores this response."))
    if grading.status != G.ASSIGNED:
        raise ExamError(_("This grading is submitted and can no longer change."))
    criteria = rubric(grading.sitting)
    errors = []
    for c in criteria:
        value = points.get(c.pk)
        if value is None or not 0 <= value <= c.max_points:
            errors.append(
                _("Score “%(text)s” from 0 to %(n)d.") % {"text": c.text, "n": c.max_points}
            )
    if not comment.strip():
        errors.append(_("Write a comment on the response."))
    if errors:
        raise ExamError(" ".join(errors))
    for c in criteria:
        CriterionScore.objects.update_or_create(
            grading=grading,
            criterion=c,
            defaults={"points": points[c.pk], "comment": comments.get(c.pk, "").strip()},
        )
    total = sum(points[c.pk] for c in criteria)
    transition_grading(
        grading,
        G.SUBMITTED,
        actor=actor,
        fields={"total": total, "comment": comment.strip(), "submitted_at": timezone.now()},
    )
    after_grading(grading.sitting)
    return grading


def passes(sitting: Sitting, total: int | Decimal, maximum: int | None = None) -> bool:
    maximum = maximum if maximum is not None else max_points(sitting)
    return percent(total, maximum) >= settings_for(sitting.association).essay_pass_percent


def disagree(sitting: Sitting, first: int, second: int) -> bool:
    """Pass/fail differ, or the totals are further apart than the association allows."""
    gap = settings_for(sitting.association).grader_gap_points
    maximum = max_points(sitting)
    return passes(sitting, first, maximum) != passes(sitting, second, maximum) or (
        abs(first - second) > gap
    )


def state(sitting: Sitting) -> str:
    """ "grading", "third" (a third grader is needed or grading), or "ready" to confirm."""
    gradings = list(sitting.gradings.order_by("is_third", "pk"))
    firsts = [g for g in gradings if not g.is_third]
    thirds = [g for g in gradings if g.is_third]
    if len(firsts) < 2 or any(g.status != G.SUBMITTED for g in firsts):
        return "grading"
    if not disagree(sitting, firsts[0].total, firsts[1].total):
        return "ready"
    if thirds and all(g.status == G.SUBMITTED for g in thirds):
        return "ready"
    return "third"


def after_grading(sitting: Sitting) -> None:
    now = state(sitting)
    if now == "third" and not sitting.gradings.filter(is_third=True).exists():
        record(None, "exam.third_grader_needed", sitting, actor_label="grading")
        assign_graders(sitting, actor=None, is_third=True)
    elif now == "ready":
        emails.to_coordinators(
            sitting.association,
            "exam-essay-ready",
            {"code": sitting.code},
            key=f"exam-essay-ready:{sitting.uuid}",
        )


def final_total(sitting: Sitting) -> Decimal:
    """Two graders who agree: their mean; with a third: the median of the three."""
    totals = [g.total for g in sitting.gradings.filter(status=G.SUBMITTED)]
    value = statistics.median(totals) if len(totals) >= 3 else statistics.mean(totals)
    return Decimal(str(value))


@transaction.atomic
def confirm_essay(sitting: Sitting, *, actor) -> Sitting:
    """The coordinator confirms the graders' result. Side effects: the part scored (total,
    pass, per-area percentages); audit; the outcome (see ``outcome.settle``)."""
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status != SittingStatus.GRADING or state(sitting) != "ready":
        raise ExamError(_("The graders have not finished with this response."))
    criteria = rubric(sitting)
    maximum = sum(c.max_points for c in criteria)
    total = final_total(sitting)
    submitted = list(sitting.gradings.filter(status=G.SUBMITTED).prefetch_related("scores"))
    by_area: dict[str, dict] = {}
    for c in criteria:
        key = c.area.code if c.area else "essay"
        row = by_area.setdefault(
            key,
            {
                "area": key,
                "name": c.area.name if c.area else "Written response",
                "points": Decimal(0),
                "of": 0,
            },
        )
        got = [s.points for g in submitted for s in g.scores.all() if s.criterion_id == c.pk]
        row["points"] += Decimal(str(statistics.mean(got))) if got else Decimal(0)
        row["of"] += c.max_points
    areas = [
        {"area": r["area"], "name": r["name"], "percent": str(percent(r["points"], r["of"]))}
        for r in by_area.values()
    ]
    score = percent(total, maximum)
    passed = passes(sitting, total, maximum)
    transition(
        sitting,
        SittingStatus.SCORED,
        actor=actor,
        fields={"score_percent": score, "passed": passed, "area_scores": areas},
    )
    record(actor, "exam.essay_confirmed", sitting, data={"score": str(score), "passed": passed})
    from .outcome import settle

    settle(sitting.registration, actor=actor)
    return sitting
