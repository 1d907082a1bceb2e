"""Demo data: the complete demo applications' raters are invited and answer, through the same
services as the rater's form, and the applications are then submitted (``make run``). Raters of
other applications stay "nominated" for the demo applicant to invite. Running it again changes
nothing: an application already submitted is left alone."""

from applications import services as application_services
from applications.demo import TO_SUBMIT
from applications.enums import ApplicationStatus
from applications.models import Application

from . import services
from .enums import Score
from .queries import areas_for


def load(ctx) -> None:
    applications = Application.objects.filter(
        association=ctx.association,
        status=ApplicationStatus.IN_PROGRESS,
        applicant__email__in=TO_SUBMIT,
    ).select_related("applicant", "association", "category")
    for application in applications:
        areas = areas_for(application)
        for reference in application.references.all():
            invitation = services.invite(reference, actor=application.applicant)
            services.submit_rating(
                invitation,
                {
                    "rater_name": reference.rater_name,
                    "rater_title": "Programme supervisor",
                    "rater_organisation": reference.organisation or "Family Services",
                    "known_for": "Four years, as programme supervisor",
                    "relationship_note": (
                        "I supervise her home visiting work and read her case notes."
                    ),
                    "comments": (
                        "Warm, steady and curious with families; reflects well on her own "
                        "reactions."
                    ),
                    "answers": {
                        a.code: Score.SKILLED if i % 3 else Score.EXEMPLARY
                        for i, a in enumerate(areas)
                    },
                },
                area_codes=[a.code for a in areas],
            )
        application_services.transition(
            application,
            ApplicationStatus.SUBMITTED,
            actor=application.applicant,
            actor_label="demo",
            notify=False,
        )
