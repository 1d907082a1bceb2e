"""Demo data: the submitted demo application's rater gets an invitation and a rating, so that
the coordinator's page shows one. Raters still "nominated" are left for the demo applicant to
invite. Running it again changes nothing."""

import datetime as dt

from django.utils import timezone

from applications.enums import ReferenceStatus
from applications.models import Reference

from .enums import Score
from .models import Invitation, Rating
from .queries import areas_for


def load(ctx) -> None:
    references = Reference.objects.filter(
        application__association=ctx.association,
        status=ReferenceStatus.SUBMITTED,
        invitation__isnull=True,
    ).select_related("application")
    for reference in references:
        submitted = reference.submitted_at or timezone.now() - dt.timedelta(days=20)
        invitation = Invitation.objects.create(
            reference=reference,
            invited_at=submitted - dt.timedelta(days=10),
            invited_on=timezone.localdate(submitted - dt.timedelta(days=10)),
            deadline=timezone.localdate(submitted) + dt.timedelta(days=20),
            opened_at=submitted - dt.timedelta(days=2),
        )
        areas = areas_for(reference.application)
        Rating.objects.create(
            invitation=invitation,
            rater_name=reference.rater_name,
            rater_title="Programme supervisor",
            rater_organisation=reference.organisation or "Family Services",
            known_for="Four years, as programme supervisor",
            relationship_note="I supervise her home visiting work and read her case notes.",
            answers={
                a.code: Score.SKILLED if i % 3 else Score.EXEMPLARY for i, a in enumerate(areas)
            },
            comments="Warm, steady and curious with families; reflects well on her own reactions.",
            counts=True,
            submitted_at=submitted,
        )
        if reference.submitted_at is None:
            Reference.objects.filter(pk=reference.pk).update(submitted_at=submitted)
