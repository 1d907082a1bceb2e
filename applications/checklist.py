"""The live checklist: the rules module's verdicts for one application, each linked to the
section that fixes it, the progress of required items, and each section's state for the step
indicator (done, missing, not started).

Loading: the rules read the whole dossier (every log row), but a section page shows one
section. ``with_checklist`` loads the rows the page shows in full and every other row with
just the columns the dossier reads (``DOSSIER_FIELDS``): a 300-session log costs one light
query instead of 300 model instances with their long texts. The evaluation runs once per
request (``checklist_for`` keeps it on the application object)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endorsements.rules import evaluate

from .dossier import build_dossier
from .enums import Section
from .models import (
    AdvisorComment,
    Application,
    Certificate,
    CompetencyNarrative,
    Degree,
    Document,
    LeadershipActivity,
    Membership,
    RSCSession,
    Training,
    WorkPeriod,
)

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

#: The workspace sections in the order of the step indicator.
SECTIONS = [s for s in Section if s != Section.REGISTRATION]

# Log rows the dossier reads, by relation of the applicant: the columns it needs (with the
# owner key the prefetch joins on). The other columns (descriptions, providers' names...)
# are only read by the section that shows them.
DOSSIER_FIELDS = {
    "work": (
        WorkPeriod,
        (
            "owner",
            "title",
            "start",
            "end",
            "paid",
            "volunteer_qualifies",
            "age_group",
            "service",
            "families_served",
            "internship",
            "internship_supervisor_endorsement",
        ),
    ),
    "trainings": (Training, ("owner", "title", "date", "hours", "topics")),
    "rsc_sessions": (
        RSCSession,
        (
            "owner",
            "date",
            "hours",
            "format",
            "provider_endorsement",
            "provider_vetted",
            "provider_degree",
            "about_rsc_provided",
        ),
    ),
    "leadership_activities": (LeadershipActivity, ("owner", "title", "level")),
}

#: The relations each section shows in full (beyond what the dossier reads).
SHOWN = {
    Section.EDUCATION: {"degrees", "certificates"},
    Section.WORK: {"work"},
    Section.TRAINING: {"trainings"},
    Section.RSC: {"rsc_sessions"},
    Section.LEADERSHIP: {"leadership_activities"},
    Section.COMPETENCIES: {"trainings", "work", "narratives"},
    Section.MEMBERSHIP: {"memberships"},
}


def with_checklist(qs: QuerySet[Application], section: str | None = None) -> QuerySet[Application]:
    """Applications with what the checklist reads, and in full what ``section`` shows (its
    rows, their files, the section's comments). A fixed number of queries, whatever the rows."""
    shown = SHOWN.get(section, set())
    lookups = []
    for name, (model, fields) in DOSSIER_FIELDS.items():
        if name in shown:
            lookups.append(f"applicant__{name}")
        else:
            lookups.append(Prefetch(f"applicant__{name}", queryset=model.objects.only(*fields)))
    with_files = Degree.objects.prefetch_related("documents") if "degrees" in shown else None
    lookups += [
        Prefetch("applicant__degrees", queryset=with_files or Degree.objects.all()),
        Prefetch(
            "applicant__certificates",
            queryset=Certificate.objects.prefetch_related("documents")
            if "certificates" in shown
            else Certificate.objects.all(),
        ),
        Prefetch(
            "applicant__memberships",
            queryset=Membership.objects.prefetch_related("documents")
            if "memberships" in shown
            else Membership.objects.all(),
        ),
        Prefetch("applicant__documents", queryset=Document.objects.order_by("created_at", "id")),
        "signatures",
        "references",
    ]
    if "narratives" in shown:
        lookups.append(
            Prefetch(
                "narratives",
                queryset=CompetencyNarrative.objects.prefetch_related("trainings", "work_periods"),
            )
        )
    else:
        lookups.append(
            Prefetch(
                "narratives", queryset=CompetencyNarrative.objects.only("application", "narrative")
            )
        )
    if section:
        lookups.append(
            Prefetch(
                "comments",
                queryset=AdvisorComment.objects.filter(section=section)
                .select_related("author")
                .order_by("created_at", "id"),
            )
        )
    return qs.select_related("association", "category", "applicant", "advisor").prefetch_related(
        *lookups
    )


@dataclass
class Item:
    code: str
    severity: str
    status: str
    message: str
    section: str | None
    url: str


@dataclass
class Step:
    """One section in the step indicator."""

    code: str
    label: str
    state: str  # "done", "missing" or "not_started"
    rows: int
    url: str

    STATE_LABELS = {
        "done": _("done"),
        "missing": _("missing"),
        "not_started": _("not started"),
    }

    @property
    def state_label(self) -> str:
        return str(self.STATE_LABELS[self.state])


@dataclass
class Checklist:
    ready: bool
    met: int
    required: int
    evaluation: object
    items: list[Item] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.required) if self.required else 100

    @property
    def done_steps(self) -> int:
        return sum(1 for s in self.steps if s.state == "done")

    def items_of(self, section: str) -> list[Item]:
        return [i for i in self.items if i.section == section]

    def missing_of(self, section: str) -> list[Item]:
        return [i for i in self.items_of(section) if i.status in ("unmet", "pending")]


def row_counts(application) -> dict[str, int]:
    """Entries per section, from the loaded rows (no query)."""
    return {
        Section.EDUCATION: len(application.degrees.all()) + len(application.certificates.all()),
        Section.WORK: len(application.work.all()),
        Section.TRAINING: len(application.trainings.all()),
        Section.RSC: len(application.rsc_sessions.all()),
        Section.LEADERSHIP: len(application.leadership_activities.all()),
        Section.COMPETENCIES: sum(1 for n in application.narratives.all() if n.narrative),
        Section.MEMBERSHIP: len(application.memberships.all()),
        Section.REFERENCES: sum(1 for r in application.references.all() if not r.is_replaced),
        Section.SIGNATURES: len(application.signatures.all()),
    }


def _state(items: list[Item], rows: int) -> str:
    blocking = [i for i in items if i.severity == "required" and i.status != "not_applicable"]
    if blocking and all(i.status == "met" for i in blocking):
        return "done"
    if not blocking and rows:
        return "done"
    return "missing" if rows else "not_started"


def checklist_for(application, *, on: dt.date | None = None) -> Checklist:
    """Evaluate an application loaded by ``with_checklist`` (or ``queries.with_workspace``).
    Evaluated once per application object: asking again returns the same checklist."""
    cached = getattr(application, "_checklist", None)
    if cached is not None and on is None:
        return cached
    on = on or timezone.localdate()
    evaluation = evaluate(build_dossier(application, as_of=on))
    base = reverse("applications:detail", kwargs={"uuid": application.uuid})
    items = []
    for r in evaluation.requirements:
        section = SECTION_FOR.get(r.code)
        url = f"{base}{section}/" if section else ""
        items.append(Item(r.code, r.severity, r.status, r.message, section, url))
    counts = row_counts(application)
    steps = [
        Step(
            s.value,
            s.label,
            _state([i for i in items if i.section == s], counts[s]),
            counts[s],
            f"{base}{s.value}/",
        )
        for s in SECTIONS
    ]
    checklist = Checklist(
        ready=evaluation.ready,
        met=evaluation.met_count,
        required=evaluation.required_count,
        evaluation=evaluation,
        items=items,
        steps=steps,
    )
    application._checklist = checklist
    return checklist
