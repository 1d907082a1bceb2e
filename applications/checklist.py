"""The live checklist: the rules module's verdicts for one application, each linked to the
section that fixes it, and the progress of required items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from endorsements.rules import evaluate

from .dossier import build_dossier
from .enums import Section

#: Which section of the workspace fixes each requirement (codes of the dossier contract).
SECTION_FOR = {
    "education": Section.EDUCATION,
    "work_experience": Section.WORK,
    "training_hours": Section.TRAINING,
    "training_rsc_provision_hours": Section.TRAINING,
    "training_dei_hours": Section.TRAINING,
    "rsc_hours": Section.RSC,
    "rsc_about_provision": Section.RSC,
    "leadership_activities": Section.LEADERSHIP,
    "references": Section.REFERENCES,
    "reference_roles": Section.REFERENCES,
    "reference_endorsed_rater": Section.REFERENCES,
    "code_of_ethics": Section.SIGNATURES,
    "agreement": Section.SIGNATURES,
    "membership": Section.MEMBERSHIP,
}


@dataclass
class Item:
    code: str
    severity: str
    status: str
    message: str
    section: str | None
    url: str


@dataclass
class Checklist:
    ready: bool
    met: int
    required: int
    evaluation: object
    items: list[Item] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.required) if self.required else 100


def checklist_for(application, *, on: dt.date | None = None) -> Checklist:
    """Evaluate a workspace-loaded application (see ``queries.with_workspace``)."""
    on = on or timezone.localdate()
    evaluation = evaluate(build_dossier(application, as_of=on))
    items = []
    for r in evaluation.requirements:
        section = SECTION_FOR.get(r.code)
        url = (
            reverse(
                "applications:section",
                kwargs={"uuid": application.uuid, "section": section},
            )
            if section
            else ""
        )
        items.append(Item(r.code, r.severity, r.status, r.message, section, url))
    return Checklist(
        ready=evaluation.ready,
        met=evaluation.met_count,
        required=evaluation.required_count,
        evaluation=evaluation,
        items=items,
    )
