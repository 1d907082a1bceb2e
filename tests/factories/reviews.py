"""Reviewers, submitted applications and reviews for the review tests."""

import datetime as dt

import factory
from django.core.management import call_command
from django.utils import timezone

from applications import queries as application_queries
from applications.dossier import build_dossier
from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationVersion
from easy.accounts.enums import Role
from endorsements.queries import competency_areas_for
from endorsements.rules import evaluate
from reviews.enums import Recommendation, ReviewStatus, Score
from reviews.models import AreaScore, Review, ReviewerProfile
from tests.factories.accounts import staff
from tests.factories.applications import ApplicationFactory, complete_ifs

CATALOG = [
    "00_associations",
    "10_categories",
    "25_competency_areas",
    "40_periods_and_exam_weeks",
]


def load_catalog() -> None:
    """Associations, categories, competency areas and submission periods (the rules module
    reads its rules from the fixture files when the database holds none)."""
    call_command("loaddata", *[f"fixtures/catalog/{name}.json" for name in CATALOG], verbosity=0)


class ReviewerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewerProfile

    category_code = "IMHS"
    employer = factory.Sequence(lambda n: f"Clinic {n}")


def reviewer(association, category: str = "IMHS", *, employer: str | None = None, **fields):
    """A reviewer of ``association`` (with TOTP) endorsed at ``category``."""
    user = staff(association, Role.REVIEWER, **fields)
    kwargs = {"user": user, "association": association, "category_code": category}
    if employer is not None:
        kwargs["employer"] = employer
    ReviewerProfileFactory(**kwargs)
    return user


def submitted_application(
    association,
    *,
    category: str = "IFS",
    status: str = ApplicationStatus.SUBMITTED,
    submitted_at: dt.datetime | None = None,
    **fields,
) -> Application:
    """A complete IFS application (three ratings in), submitted, with its frozen version."""
    application = ApplicationFactory(
        association=association,
        category_code=category,
        status=status,
        submitted_at=submitted_at or timezone.now(),
        **fields,
    )
    complete_ifs(application)  # rows, membership, three submitted ratings, signatures
    if submitted_at is None:
        # Submitted once its rows are logged: the packet shows what was logged by then.
        application.submitted_at = timezone.now()
        application.save(update_fields=["submitted_at"])
    loaded = application_queries.with_workspace(Application.objects.filter(pk=application.pk)).get()
    dossier = build_dossier(loaded, as_of=timezone.localdate())
    ApplicationVersion.objects.create(
        application=application,
        number=application.version,
        submitted_at=application.submitted_at,
        dossier=dossier.to_dict(),
        evaluation=evaluate(dossier).to_dict(),
    )
    return application


def assign(application, user, *, is_third: bool = False, due_on=None, **fields) -> Review:
    """A review assigned directly (no service, no email): for tests that start later on."""
    return Review.objects.create(
        application=application,
        version=application.version,
        reviewer=user,
        is_third=is_third,
        due_on=due_on or timezone.localdate() + dt.timedelta(days=28),
        **fields,
    )


def fill(
    review: Review,
    recommendation: str = Recommendation.ENDORSE,
    *,
    score: str = Score.MET,
    submit: bool = True,
) -> Review:
    """Score every area of the review (with comments and notes) and submit it."""
    for area in competency_areas_for(review.application.category):
        AreaScore.objects.update_or_create(
            review=review,
            area_code=area.code,
            defaults={
                "score": score,
                "comment_for_applicant": f"Comment on {area.name}",
                "private_note": f"Private note on {area.code} by {review.reviewer.full_name}",
            },
        )
    review.recommendation = recommendation
    review.comments_for_applicant = f"Overall comment number {review.pk} for the applicant"
    review.private_notes = f"Secret note of {review.reviewer.full_name}"
    if submit:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    return review
