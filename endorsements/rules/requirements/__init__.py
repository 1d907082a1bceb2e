"""One function per requirement code. Each reads the dossier (through a ``Context``) and the
rule's parameters, and returns an ``Outcome``: status, the numbers measured and a sentence for
the applicant that says exactly what is missing.

The parameters come from ``RequirementRule`` rows (fixtures/catalog/30_requirements.json); the
meaning of each parameter is documented on the function that reads it.
"""

from __future__ import annotations

from collections.abc import Callable

from .base import Context, Outcome
from .education_work import education, work_experience
from .references import leadership_activities, reference_endorsed_rater, reference_roles, references
from .renewal import (
    renewal_dei_training_hours,
    renewal_rsc_hours,
    renewal_rsc_training_hours,
    renewal_training_hours,
)
from .rsc import rsc_about_provision, rsc_hours
from .signatures_membership_exam import agreement, code_of_ethics, exam, membership
from .training import topic_hours, training_hours

__all__ = ["REQUIREMENTS", "Context", "Outcome"]

REQUIREMENTS: dict[str, Callable[[Context, dict], Outcome]] = {
    "education": education,
    "work_experience": work_experience,
    "training_hours": training_hours,
    "training_rsc_provision_hours": lambda ctx, p: topic_hours(
        ctx, {"topic": "rsc_provision", **p}
    ),
    "training_dei_hours": lambda ctx, p: topic_hours(ctx, {"topic": "dei", **p}),
    "rsc_hours": rsc_hours,
    "rsc_about_provision": rsc_about_provision,
    "leadership_activities": leadership_activities,
    "references": references,
    "reference_roles": reference_roles,
    "reference_endorsed_rater": reference_endorsed_rater,
    "code_of_ethics": code_of_ethics,
    "agreement": agreement,
    "membership": membership,
    "exam": exam,
    "renewal_training_hours": renewal_training_hours,
    "renewal_rsc_training_hours": renewal_rsc_training_hours,
    "renewal_dei_training_hours": renewal_dei_training_hours,
    "renewal_rsc_hours": renewal_rsc_hours,
}
