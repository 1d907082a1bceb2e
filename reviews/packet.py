"""The application as one readable packet for reviewers (HTML page and PDF).

Loaded in a fixed number of queries whatever the size of the application: the workspace
(prefetched by ``applications.queries.with_workspace``), the eligibility verdict (pure once
loaded) and the reference ratings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from applications import queries as application_queries
from applications.models import Application
from easy.lib.pdf import render_pdf
from endorsements.queries import competency_areas_for

from .eligibility import eligibility_for


@dataclass
class AreaEvidence:
    code: str
    name: str
    narrative: object  # CompetencyNarrative or None


def load(application: Application) -> Application:
    """The application with every workspace row loaded."""
    return application_queries.with_workspace(Application.objects.filter(pk=application.pk)).get()


def ratings(application: Application) -> list:
    from references.queries import ratings_for_staff

    return ratings_for_staff(application)


def packet_context(application: Application, *, on: dt.date | None = None) -> dict:
    """Everything the packet shows. ``application``: loaded by ``load``."""
    on = on or timezone.localdate()
    narratives = {n.area_code: n for n in application.narratives.all()}
    areas = [
        AreaEvidence(a.code, a.name, narratives.get(a.code))
        for a in competency_areas_for(application.category)
    ]
    trainings = list(application.trainings.all())
    sessions = list(application.rsc_sessions.all())
    return {
        "application": application,
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


def packet_pdf(application: Application) -> bytes:
    """The packet as a PDF (WeasyPrint)."""
    return render_pdf("reviews/packet_pdf.html", packet_context(application))
