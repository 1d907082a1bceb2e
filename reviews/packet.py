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

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

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
from references.enums import ReferenceStatus
from references.enums import Score as RaterScore
from references.models import Reference
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
        # Column names each row of the long tables repeats (to stack on a phone): translated
        # once here rather than per row.
        "label_date": _("Date"),
        "label_title": _("Title"),
        "label_provider": _("Provider"),
        "label_format": _("Format"),
        "label_hours": _("Hours"),
    }


def area_evidence(application: Application, area) -> application_queries.AreaEvidence:
    """What the applicant tied to one competency area (``area``: a catalog ``CompetencyArea``),
    read for that area alone: the narrative, the trainings ticked with it on the Competencies
    page or whose log row names the area (the training log and the CSV import), and the work
    ticked. Only log rows logged by the submission count. At most three queries, whatever
    the size of the log."""
    cutoff = application.submitted_at
    narrative = CompetencyNarrative.objects.filter(
        application=application, area_code=area.code
    ).first()
    # The tag is a JSON list of codes, so its text holds the code in quotes exactly when the
    # list names the area (codes are lower-case slugs).
    tied = Q(competency_areas__icontains=f'"{area.code}"')
    if narrative is not None:
        ticked = CompetencyNarrative.trainings.through.objects.filter(
            competencynarrative_id=narrative.pk
        ).values("training_id")
        tied |= Q(pk__in=ticked)
    trainings = Training.objects.filter(tied, owner_id=application.applicant_id)
    work = WorkPeriod.objects.filter(narratives=narrative) if narrative is not None else None
    if cutoff:
        trainings = trainings.filter(created_at__lte=cutoff)
        work = work.filter(created_at__lte=cutoff) if work is not None else None
    rows = list(trainings.order_by("date", "id"))
    return application_queries.AreaEvidence(
        code=area.code,
        name=area.name,
        narrative=narrative,
        trainings=rows,
        work_periods=list(work.order_by("start", "id")) if work is not None else [],
    )


def rater_answers(application: Application, area, *, on: dt.date | None = None) -> list[dict]:
    """What each rater who submitted a rating answered for one competency area, with whether
    their rating counts toward the three on ``on`` (default today). One query."""
    on = on or timezone.localdate()
    labels = dict(RaterScore.choices)
    rows = (
        Reference.objects.filter(
            application=application, invitation__rating__submitted_at__isnull=False
        )
        .exclude(status=ReferenceStatus.REPLACED)
        .select_related("invitation__rating")
        .only(
            "rater_name",
            "relationship",
            "status",
            "submitted_at",
            "invitation__id",
            "invitation__rating__id",
            "invitation__rating__answers",
        )
        .order_by("id")
    )
    out = []
    for reference in rows:
        value = reference.invitation.rating.answers.get(area.code, "")
        out.append(
            {
                "reference": reference,
                "value": value,
                "label": str(labels.get(value, "")),
                "counts": reference.dossier_status(on) == "submitted",
            }
        )
    return out


def packet_pdf(application: Application) -> bytes:
    """The packet as a PDF (WeasyPrint)."""
    return render_pdf("reviews/packet_pdf.html", packet_context(application))
