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
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from endorsements.enums import Status
from endorsements.models import CompetencyArea, RequirementRule
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
    Signature,
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
    """Applications with what ``section`` shows loaded in full (its rows, their files, the
    section's comments). What the checklist reads besides is loaded by ``checklist_for`` only
    when its cached evaluation is out of date. A fixed number of queries, whatever the rows."""
    shown = SHOWN.get(section, set())
    # A long log the page lists is read by its table (``log_table``) only when its cached
    # rendering is out of date; the Competencies page ticks rows in its forms: loaded here.
    lookups: list = []
    if section == Section.COMPETENCIES:
        lookups = [f"applicant__{name}" for name in DOSSIER_FIELDS if name in shown]
    for name, model in (
        ("degrees", Degree),
        ("certificates", Certificate),
        ("memberships", Membership),
    ):
        if name in shown:
            lookups.append(
                Prefetch(f"applicant__{name}", queryset=model.objects.prefetch_related("documents"))
            )
    if "narratives" in shown:
        lookups.append(
            Prefetch(
                "narratives",
                queryset=CompetencyNarrative.objects.prefetch_related("trainings", "work_periods"),
            )
        )
    if section == Section.REFERENCES:
        lookups.append("references")
    if section == Section.SIGNATURES:
        lookups.append("signatures")
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


def _load_dossier_rows(application) -> None:
    """Load what the dossier reads and the page did not: the short relations as a prefetch
    would, the long logs as light rows (``_light_rows``)."""
    applicant = application.applicant
    person = getattr(applicant, "_prefetched_objects_cache", {})
    own = getattr(application, "_prefetched_objects_cache", {})
    wanted = [name for name in ("degrees", "certificates", "memberships") if name not in person]
    if "documents" not in person:
        wanted.append(Prefetch("documents", queryset=Document.objects.order_by("created_at", "id")))
    if wanted:
        prefetch_related_objects([applicant], *wanted)
    mine = [name for name in ("signatures", "references") if name not in own]
    if "narratives" not in own:
        mine.append(
            Prefetch(
                "narratives", queryset=CompetencyNarrative.objects.only("application", "narrative")
            )
        )
    if mine:
        prefetch_related_objects([application], *mine)
    _light_rows(application)


@dataclass
class Item:
    code: str
    severity: str
    status: str
    message: str
    section: str | None
    url: str

    @property
    def is_met(self) -> bool:
        return self.status == Status.MET

    @property
    def is_unmet(self) -> bool:
        return self.status == Status.UNMET

    @property
    def is_pending(self) -> bool:
        """Judged later (e.g. the ratings, once the raters answer)."""
        return self.status == Status.PENDING


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


def _light_rows(application) -> None:
    """Load the long logs the page did not prefetch (``with_checklist``) as light rows: named
    tuples of the columns the dossier reads (``DOSSIER_FIELDS``), one query per log, no model
    instance. They sit where a prefetch puts its rows, so ``application.trainings.all()``
    reads them; anything that filters the relation queries the database as usual."""
    applicant = application.applicant
    cache = getattr(applicant, "_prefetched_objects_cache", None)
    if cache is None:
        cache = applicant._prefetched_objects_cache = {}
    for name, (model, fields) in DOSSIER_FIELDS.items():
        if name in cache:
            continue
        qs = model.objects.filter(owner_id=applicant.pk)
        qs._result_cache = list(
            model.objects.filter(owner_id=applicant.pk).values_list(*fields[1:], named=True)
        )
        qs._prefetch_done = True
        qs.light_rows = True  # the tables read full rows instead (``log_table``)
        cache[name] = qs


def row_counts(application) -> dict[str, int]:
    """Entries per section, from the loaded rows."""
    _load_dossier_rows(application)
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
    if blocking and all(i.is_met for i in blocking):
        return "done"
    if not blocking and rows:
        return "done"
    return "missing" if rows else "not_started"


#: Bump when the cached checklist's shape changes (the rules' code is in the key itself).
CACHE_VERSION = 1
CACHE_SECONDS = 60 * 60


@functools.cache
def _code_version() -> str:
    """A digest of the code that makes the evaluation (the rules module, the dossier, this
    file): a deployment that changes how the rules judge never serves an old verdict."""
    files = sorted(Path(evaluate.__code__.co_filename).parent.rglob("*.py"))
    files += [Path(__file__).with_name("dossier.py"), Path(__file__)]
    digest = hashlib.md5(usedforsecurity=False)
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def _fingerprint_sql() -> str:
    """The fingerprint query, built once from the models' table names (no outside input)."""
    q = connection.ops.quote_name

    def rows(model, where: str) -> str:
        return (
            f"(SELECT string_agg(t::text, ',' ORDER BY t.id) FROM {q(model._meta.db_table)} t"  # noqa: S608
            f"{where})"
        )

    parts = [
        rows(m, " WHERE t.owner_id = %(owner)s")
        for m in (
            Degree,
            Certificate,
            WorkPeriod,
            Training,
            RSCSession,
            LeadershipActivity,
            Membership,
            Document,
        )
    ]
    # The raters are the references app's (a layer above): reached through the relation.
    raters = Application._meta.get_field("references").related_model
    parts += [rows(m, " WHERE t.application_id = %(app)s") for m in (Signature, raters)]
    parts.append(rows(Application, " WHERE t.id = %(app)s"))
    parts.append(rows(RequirementRule, ""))
    parts.append(rows(CompetencyArea, ""))
    narratives = q(CompetencyNarrative._meta.db_table)
    filled = "(SELECT string_agg(t.id::text || (t.narrative <> '')::text, ',' ORDER BY t.id) FROM "
    parts.append(f"{filled}{narratives} t WHERE t.application_id = %(app)s)")
    return "SELECT md5(concat_ws('|', " + ", ".join(parts) + "))"


def _fingerprint(application) -> str | None:
    """A digest of everything the evaluation reads, made by the database in one query: every
    row of the person's log, the application's own rows and fields, and the catalog's rules
    and competency areas. The log tables' cached renderings use it too (``log_table``).
    Any change to any of them (from any page, app or person) changes it, so a cached
    evaluation is never served stale. PostgreSQL only (None elsewhere: evaluated each time)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            _fingerprint_sql(), {"owner": application.applicant_id, "app": application.pk}
        )
        return cursor.fetchone()[0]


def checklist_for(application, *, on: dt.date | None = None, cached: bool = False) -> Checklist:
    """The checklist of ``application``, evaluated once per application object (asking again
    returns the same checklist). ``cached``: served from the cache while the database's
    fingerprint of what it reads (``_fingerprint``) is unchanged; the rows are then not
    loaded at all (a section page shows one section, but the rules read every row)."""
    kept = getattr(application, "_checklist", None)
    if kept is not None and on is None:
        return kept
    key = None
    if cached and on is None:
        digest = application._fingerprint = _fingerprint(application)
        if digest is not None:
            key = (
                f"applications:checklist:{CACHE_VERSION}:{_code_version()}:{application.pk}:{digest}:"
                f"{timezone.localdate().isoformat()}:{get_language()}"
            )
            hit = cache.get(key)
            if hit is not None:
                application._checklist = hit
                return hit
    checklist = _evaluate(application, on=on)
    if key is not None:
        cache.set(key, checklist, CACHE_SECONDS)
    if on is None:
        application._checklist = checklist
    return checklist


def _evaluate(application, *, on: dt.date | None = None) -> Checklist:
    on = on or timezone.localdate()
    _load_dossier_rows(application)
    evaluation = evaluate(build_dossier(application, as_of=on))
    base = reverse("applications:detail", kwargs={"uuid": application.uuid})
    items = []
    for r in evaluation.requirements:
        section = SECTION_FOR.get(r.code)
        url = f"{base}{section}/" if section else ""
        items.append(Item(r.code, r.severity, r.status, str(r.message), section, url))
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
    return Checklist(
        ready=evaluation.ready,
        met=evaluation.met_count,
        required=evaluation.required_count,
        evaluation=evaluation,
        items=items,
        steps=steps,
    )
