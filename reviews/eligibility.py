"""What the review asks of the catalog and the rules module, in one place.

The eligibility panel shown to the coordinator and the reviewers is the rules module's verdict on
the application's dossier (built by the applicant's portal), as of the day it is looked at. The
same verdict says whether the written exam applies (a dated rule), which decides between
"endorse" and "approve to sit the exam".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from applications.dossier import build_dossier
from endorsements.enums import RequirementCode
from endorsements.models import Category
from endorsements.queries import exam_required
from endorsements.rules import evaluate
from endorsements.rules.requirements.wording import for_staff


@dataclass
class Eligibility:
    ready: bool = False
    requirements: list[dict[str, Any]] = field(default_factory=list)
    exam_applies: bool = False
    #: False when no verdict could be made (e.g. an unknown category); the panel says so.
    available: bool = True

    @property
    def unmet_required(self) -> list[dict[str, Any]]:
        return [
            r
            for r in self.requirements
            if r.get("severity") == "required" and r.get("status") == "unmet"
        ]


def _as_dict(evaluation) -> dict[str, Any]:
    return evaluation.to_dict() if hasattr(evaluation, "to_dict") else dict(evaluation)


_STATUS_LABELS = {
    "met": "Met",
    "unmet": "Not met",
    "pending": "Pending",
    "not_applicable": "Not applicable",
}


def from_verdict(data: dict[str, Any]) -> Eligibility:
    labels = dict(RequirementCode.choices)
    requirements = [
        {
            **r,
            "label": for_staff(str(labels.get(r.get("code"), r.get("code")))),
            "status_label": _STATUS_LABELS.get(r.get("status"), r.get("status")),
            # Staff read the verdict about the applicant: third person.
            "message": for_staff(r.get("message") or ""),
        }
        for r in data.get("requirements", [])
    ]
    exam = [r for r in requirements if r.get("code") == "exam"]
    return Eligibility(
        ready=bool(data.get("ready")),
        requirements=requirements,
        exam_applies=any(r.get("status") != "not_applicable" for r in exam),
    )


def eligibility_for(application, *, on: dt.date | None = None) -> Eligibility:
    """The rules module's verdict on ``application`` as of ``on`` (today by default).

    Pass an application loaded with ``applications.queries.with_workspace``: building the
    dossier then runs no query. When the rules cannot judge (an unknown category), the verdict
    frozen at submission is used if there is one.
    """
    on = on or timezone.localdate()
    try:
        verdict = _as_dict(evaluate(build_dossier(application, as_of=on)))
    except (LookupError, ValueError):
        frozen = application.versions.order_by("-number", "-submitted_at").first()
        if frozen is None or not frozen.evaluation:
            return Eligibility(available=False)
        verdict = frozen.evaluation
    return from_verdict(verdict)


def exam_applies(application, *, on: dt.date | None = None) -> bool:
    """Whether the written exam follows a positive review (a dated rule: e.g. none for IMHS
    and ECMHS judged from 1 January 2025)."""
    on = on or timezone.localdate()
    return exam_required(application.association.code, application.category_code, on)


def categories_by_code() -> dict[str, Any]:
    """Every category of the catalog by code (one query)."""
    return {c.code: c for c in Category.objects.all()}


def may_review(reviewer_code: str, applicant_code: str, categories: dict[str, Any]) -> bool:
    """A reviewer holds the applicant's category or a higher one; Mentor applications are
    reviewed by Mentors only."""
    mine, theirs = categories.get(reviewer_code), categories.get(applicant_code)
    if mine is None or theirs is None:
        return False
    if theirs.is_mentor:
        return mine.is_mentor
    return mine.level >= theirs.level
