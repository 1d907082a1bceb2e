"""Applications, nominated raters and invitations for the reference-rating tests."""

import datetime as dt
import functools
import json
from pathlib import Path

import factory
from django.conf import settings
from django.utils import timezone

from endorsements.models import Category, CompetencyArea, KnowledgeSkillArea
from endorsements.rules.choices import ReferenceRelationship
from references.enums import ReferenceStatus
from references.models import Invitation, Reference
from tests.factories.applications import ApplicationFactory


@functools.cache
def _catalog_rows() -> list[dict]:
    rows = []
    for name in ("10_categories.json", "25_competency_areas.json"):
        rows += json.loads((Path(settings.BASE_DIR) / "fixtures" / "catalog" / name).read_text())
    return rows


def load_catalog() -> None:
    """Categories, competency areas and their knowledge/skill areas (what the rater's form
    shows) from the catalog's data files, inserted in bulk (faster than loaddata per test)."""
    rows = _catalog_rows()
    Category.objects.bulk_create(
        [Category(**r["fields"]) for r in rows if r["model"] == "endorsements.category"],
        ignore_conflicts=True,  # a category an application factory made already
    )
    CompetencyArea.objects.bulk_create(
        [CompetencyArea(**r["fields"]) for r in rows if r["model"] == "endorsements.competencyarea"]
    )
    areas = {(a.family, a.for_mentors, a.code): a for a in CompetencyArea.objects.all()}
    KnowledgeSkillArea.objects.bulk_create(
        [
            KnowledgeSkillArea(**{**r["fields"], "area": areas[tuple(r["fields"]["area"])]})
            for r in rows
            if r["model"] == "endorsements.knowledgeskillarea"
        ]
    )


class ReferenceFactory(factory.django.DjangoModelFactory):
    """A nominated rater who has not been invited yet (waiver signed, as the form requires)."""

    class Meta:
        model = Reference

    application = factory.SubFactory(ApplicationFactory)
    rater_name = factory.Sequence(lambda n: f"Rater {n}")
    email = factory.Sequence(lambda n: f"rater{n}@agency.example")
    organisation = "Family Services"
    relationship = ReferenceRelationship.CURRENT_SUPERVISOR
    rater_endorsement = ""
    waiver_signed = True
    status = ReferenceStatus.NOMINATED


def invitation_for(
    reference: Reference,
    *,
    invited_on: dt.date | None = None,
    deadline: dt.date | None = None,
    status: str = ReferenceStatus.INVITED,
) -> Invitation:
    """An invitation made directly (no email): for tests of the reminder job and the pages."""
    invited_on = invited_on or timezone.localdate()
    reference.status = status
    reference.save(update_fields=["status"])
    return Invitation.objects.create(
        reference=reference,
        invited_at=timezone.make_aware(dt.datetime.combine(invited_on, dt.time(9))),
        invited_on=invited_on,
        deadline=deadline or invited_on + dt.timedelta(days=30),
    )
