"""The applicant's view of the decision: the outcome and the reviewers' comments for them,
numbered, never their names or private notes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from applications.enums import ApplicationStatus
from endorsements.models import Endorsement

from .. import queries
from ..models import Decision
from ..permissions import get_decision_application


@login_required
@require_http_methods(["GET"])
def decision(request, uuid):
    application = get_decision_application(request.user, uuid)
    decisions = list(Decision.objects.filter(application=application).order_by("-version"))
    if not decisions:
        raise Http404
    reviews = queries.reviews_with_scores(application)
    return render(
        request,
        "reviews/decision.html",
        {
            "application": application,
            "category_name": str(application.category),
            "status_label": ApplicationStatus(application.status).label,
            "decisions": [
                {
                    "decision": d,
                    "feedback": queries.feedback_for(application, d.version, reviews),
                }
                for d in decisions
            ],
            "endorsement": Endorsement.objects.filter(application=application).first(),
        },
    )
