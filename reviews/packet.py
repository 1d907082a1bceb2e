"""The application as one readable packet for reviewers (HTML page and PDF).

Loaded in a fixed number of queries whatever the size of the application: the workspace
(prefetched by ``applications.queries.with_workspace``), the eligibility verdict (pure once
loaded) and the reference ratings.

The applicant appears as they were when the application was submitted (a snapshot of their
profile taken by ``applications.services.submit``), not as their profile reads today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from applications import queries as application_queries
from applications.models import (
    APPLICANT_SNAPSHOT_FIELDS,
    Application,
    CompetencyNarrative,
    Training,
    WorkPeriod,
)
from easy.lib.pdf import render_pdf
from endorsements.queries import competency_areas_for
from references.queries import ratings_for_staff

from .eligibility import eligibility_for


def load(application: Application) -> Application:
    """The application with every workspace row loaded."""
    return application_queries.with_workspace(Application.objects.filter(pk=application.pk)).get()


def ratings(application: Application) -> list:
    return ratings_for_staff(application)


@dataclass(frozen=True)
class ApplicantAsSubmitted:
    """The applicant as the packet shows them: their profile when this version was submitted
    (``Application.applicant_at_submission``), or as it reads today before any submission."""

    full_name: str
    preferred_name: str
    email: str
    phone: str
    address_lines: list[str]

    @property
    def name(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name


def applicant_as_submitted(application: Application) -> ApplicantAsSubmitted:
    profile = application.applicant_at_submission or {
        name: getattr(application.applicant, name) for name in APPLICANT_SNAPSHOT_FIELDS
    }

    def field(name: str) -> str:
        return profile.get(name) or ""

    place = " ".join(p for p in (field("region"), field("postal_code")) if p)
    city_line = ", ".join(p for p in (field("city"), place) if p)
    lines = [field("address_line1"), field("address_line2"), city_line, field("country")]
    return ApplicantAsSubmitted(
        full_name=field("full_name"),
        preferred_name=field("preferred_name"),
        email=field("email"),
        phone=field("phone"),
        address_lines=[line for line in lines if line],
    )


def packet_context(application: Application, *, on: dt.date | None = None) -> dict:
    """Everything the packet shows. ``application``: loaded by ``load``."""
    on = on or timezone.localdate()
    # Per area: the narrative, the trainings ticked or tagged with it in the log, the work.
    areas = application_queries.evidence_by_area(
        application,
        competency_areas_for(application.category),
        logged_by=application.submitted_at,
    )
    # The log is the person's: entries logged after the submission (for a renewal or another
    # application) are not part of what the reviewers judge.
    cutoff = application.submitted_at
    trainings = [t for t in application.trainings.all() if not cutoff or t.created_at <= cutoff]
    sessions = [s for s in application.rsc_sessions.all() if not cutoff or s.created_at <= cutoff]
    return {
        "application": application,
        "applicant": applicant_as_submitted(application),
        "category_name": str(application.category),
        "eligibility": eligibility_for(application, on=on),
        "areas": areas,
        "trainings": trainings,
        "training_hours": sum((t.hours for t in trainings), Decimal(0)),
        "rsc_sessions": sessions,
        "rsc_hours": sum((s.hours for s in sessions), Decimal(0)),
        "ratings": ratings(application),
        "generated_on": on,
    }


def area_evidence(application: Application, area) -> application_queries.AreaEvidence:
    """What the applicant tied to one competency area (``area``: a catalog ``CompetencyArea``),
    read for that area alone: the narrative with the trainings and work ticked on the
    Competencies page, and the trainings whose log row names the area (the training log and
    the CSV import). Only log rows logged by the submission count. A fixed number of queries
    (at most four), whatever the size of the log."""
    cutoff = application.submitted_at
    trainings = Training.objects.order_by("date", "id")
    if cutoff:
        trainings = trainings.filter(created_at__lte=cutoff)
    narrative = (
        CompetencyNarrative.objects.filter(application=application, area_code=area.code)
        .prefetch_related(
            Prefetch("trainings", queryset=trainings),
            Prefetch("work_periods", queryset=WorkPeriod.objects.order_by("start", "id")),
        )
        .first()
    )
    ticked = list(narrative.trainings.all()) if narrative else []
    ticked_ids = {t.pk for t in ticked}
    # The tag is a JSON list of codes: a text match narrows the rows, the list decides.
    tagged = [
        t
        for t in trainings.filter(
            owner_id=application.applicant_id, competency_areas__icontains=f'"{area.code}"'
        )
        if area.code in (t.competency_areas or []) and t.pk not in ticked_ids
    ]
    work = list(narrative.work_periods.all()) if narrative else []
    if cutoff:
        work = [w for w in work if w.created_at <= cutoff]
    return application_queries.AreaEvidence(
        code=area.code,
        name=area.name,
        narrative=narrative,
        trainings=sorted(ticked + tagged, key=lambda t: (t.date, t.pk)),
        work_periods=work,
    )


def rater_answers(ratings: list, area_code: str) -> list[dict]:
    """Per rater who submitted a rating (``ratings``: from ``ratings``): what they answered
    for one area."""
    out = []
    for r in ratings:
        answer = next((a for a in r.answers if a.code == area_code), None)
        if answer is not None:
            out.append({"rating": r, "value": answer.value, "label": answer.label})
    return out


def packet_pdf(application: Application) -> bytes:
    """The packet as a PDF (WeasyPrint)."""
    return render_pdf("reviews/packet_pdf.html", packet_context(application))
