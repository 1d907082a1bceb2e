"""Demo reviews (``make run``): the two demo reviewers get their own endorsements on file, one
submitted demo application is in review (one of its two reviews in), and another has been
reviewed and endorsed. Everything goes through the services, as a coordinator would do it.
Idempotent: an application already past "submitted" is left alone."""

from applications.enums import ApplicationStatus
from applications.models import Application
from endorsements.queries import competency_areas_for

from . import services
from .enums import Recommendation, Score
from .models import ReviewerProfile

DEMO_REVIEWERS = [
    ("reviewer@demo.test", "IMHS", "Lakeshore Family Services"),
    ("reviewer2@demo.test", "IMHM-C", "Northwoods Infant Mental Health Clinic"),
]


def load(ctx) -> None:
    for email, category, employer in DEMO_REVIEWERS:
        user = ctx.users.get(email)
        if user is None:
            continue
        ReviewerProfile.objects.get_or_create(
            user=user,
            association=ctx.association,
            defaults={"category_code": category, "employer": employer},
        )
    coordinator = ctx.users.get("coordinator@demo.test")
    reviewers = [ctx.users.get(email) for email, _, _ in DEMO_REVIEWERS]
    if coordinator is None or None in reviewers:
        return
    _review(ctx, "inreview@demo.test", coordinator, reviewers, submitted=1, decide=False)
    _review(ctx, "endorsed@demo.test", coordinator, reviewers, submitted=2, decide=True)


def _review(ctx, email, coordinator, reviewers, *, submitted: int, decide: bool) -> None:

    application = Application.objects.filter(
        applicant__email=email, association=ctx.association, status=ApplicationStatus.SUBMITTED
    ).first()
    if application is None:
        return
    services.accept_for_review(application, actor=coordinator)
    reviews = [services.assign_reviewer(application, r, actor=coordinator) for r in reviewers]
    areas = competency_areas_for(application.category)
    answers = [
        services.AreaAnswer(
            area_code=area.code,
            score=Score.MET,
            comment_for_applicant="Clearly documented in your training and work.",
        )
        for area in areas
    ]
    for review, reviewer in list(zip(reviews, reviewers, strict=True))[:submitted]:
        services.submit_review(
            review,
            answers,
            recommendation=Recommendation.ENDORSE,
            comments_for_applicant="A well-documented application.",
            private_notes="Demo review.",
            actor=reviewer,
        )
    if decide:
        services.decide(
            application,
            Recommendation.ENDORSE,
            actor=coordinator,
            message="Congratulations on your endorsement.",
        )
