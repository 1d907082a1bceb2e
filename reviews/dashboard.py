"""Next steps on the dashboard for coordinators and reviewers."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import queries as application_queries
from applications.enums import ApplicationStatus
from applications.models import Application
from easy.accounts.dashboard import Step, register
from easy.accounts.enums import Role

from . import queries
from .enums import ReviewStatus
from .models import Review


@register(Role.REVIEWER)
def reviewer_steps(user, association) -> list[Step]:
    today = timezone.localdate()
    steps = []
    for review in queries.assigned_to(user).filter(
        application__association=association, status=ReviewStatus.ASSIGNED
    ):
        overdue = review.is_overdue(today)
        text = _("Review %(name)s's %(code)s application (due %(due)s)") % {
            "name": review.application.applicant.display_name,
            "code": review.application.category_code,
            "due": date_format(review.due_on, "j F Y"),
        }
        if overdue:
            text = _("Overdue: ") + text
        steps.append(Step(text, reverse("reviews:review", kwargs={"uuid": review.uuid}), overdue))
    return steps


@register(Role.COORDINATOR)
@register(Role.ASSOCIATION_ADMIN)
def coordinator_steps(user, association) -> list[Step]:
    url = reverse("reviews:queue", kwargs={"code": association.code})
    steps = []
    submitted = application_queries.submitted(association).order_by("submitted_at", "id")
    count = submitted.count()
    if count:
        # Straight to the one screen of the application waiting longest, with the completeness
        # check's actions; the next one comes up when it is done.
        oldest = submitted.first()
        steps.append(
            Step(
                _("%(n)s submitted application(s) to check") % {"n": count},
                reverse("reviews:application", kwargs={"uuid": oldest.uuid}),
                True,
            )
        )
    in_review = ApplicationStatus.IN_REVIEW
    overdue = Review.objects.filter(
        application__association=association,
        status=ReviewStatus.ASSIGNED,
        due_on__lt=timezone.localdate(),
    ).count()
    if overdue:
        steps.append(
            Step(
                _("%(n)s review(s) are overdue") % {"n": overdue}, f"{url}?status={in_review}", True
            )
        )
    deciding = queries.waiting_for_decision(association).count()
    if deciding:
        steps.append(
            Step(
                _("%(n)s application(s) have their reviews in: record the decision")
                % {"n": deciding},
                f"{url}?status={in_review}",
                True,
            )
        )
    if Application.objects.filter(association=association).exists():
        steps.append(Step(_("Open the review queue"), url))
    return steps
