"""Demo data (``make run``): a rater is named for each demo application the applicant portal
filled in (``applications/demo.py``); the complete ones' raters are invited and answer, through
the same services as the rater's form, and those applications are then submitted. Raters of
other applications stay "nominated" for the demo applicant to invite. Running it again changes
nothing: an application already submitted, or with its rater named, is left alone."""

from applications import services as application_services
from applications.demo import DEMO_APPLICANTS, TO_SUBMIT
from applications.enums import ApplicationStatus
from applications.models import Application

from . import services
from .enums import Score
from .models import Reference
from .queries import areas_for

#: The demo applications that ``applications/demo.py`` fills in: each gets one rater.
FILLED = frozenset(
    email
    for email, _name, _code, status in DEMO_APPLICANTS
    if status in (ApplicationStatus.IN_PROGRESS, ApplicationStatus.SUBMITTED)
)


def load(ctx) -> None:
    _name_raters(ctx)
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


def _name_raters(ctx) -> None:
    """The demo supervisor, named as the applicant would on the references section."""
    unnamed = Application.objects.filter(
        association=ctx.association,
        status=ApplicationStatus.IN_PROGRESS,
        applicant__email__in=FILLED,
        references__isnull=True,
    ).select_related("applicant", "association")
    for application in unnamed:
        services.nominate(
            application,
            Reference(
                rater_name="Morgan Supervisor",
                email="morgan.supervisor@demo.test",
                relationship="current_supervisor",
            ),
            actor=application.applicant,
        )
