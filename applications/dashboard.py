"""Next steps on the dashboard: applicants, coordinators and advisors."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from easy.accounts.dashboard import Step, register
from easy.accounts.enums import Role

from . import queries
from .enums import DECIDED
from .enums import ApplicationStatus as S


def _url(name: str, application) -> str:
    return reverse(f"applications:{name}", kwargs={"uuid": application.uuid})


def _decided_url(application) -> str:
    """A decided application's step leads to the decision and the reviewers' comments, once
    the review recorded one; otherwise to the status page."""
    if application.has_decision:
        return reverse("reviews:decision", kwargs={"uuid": application.uuid})
    return _url("status", application)


@register(Role.APPLICANT)
def applicant_steps(user, association) -> list[Step]:
    steps = []
    for a in queries.with_decision_flag(queries.open_applications_of(user)):
        code = a.category_code
        if a.status == S.REGISTERING:
            steps.append(
                Step(
                    _("Finish your %(code)s registration and pay the registration fee")
                    % {"code": code},
                    _url("registration", a),
                    urgent=True,
                )
            )
        elif a.status == S.REGISTERED:
            steps.append(
                Step(
                    _("Your %(code)s registration waits for the coordinator's approval")
                    % {"code": code},
                    _url("status", a),
                )
            )
        elif a.status == S.IN_PROGRESS:
            steps.append(
                Step(_("Continue your %(code)s application") % {"code": code}, _url("detail", a))
            )
        elif a.status == S.RETURNED:
            steps.append(
                Step(
                    _(
                        "Your %(code)s application was returned: make the changes and submit it again"
                    )
                    % {"code": code},
                    _url("detail", a),
                    urgent=True,
                )
            )
        elif a.status == S.REVISE_RESUBMIT:
            steps.append(
                Step(
                    _("Revise your %(code)s application and submit it again") % {"code": code},
                    _decided_url(a),
                    urgent=True,
                )
            )
        else:
            steps.append(
                Step(
                    _("Your %(code)s application: %(status)s")
                    % {"code": code, "status": S(a.status).label},
                    _decided_url(a) if a.status in DECIDED else _url("status", a),
                )
            )
    if not steps:
        steps.append(Step(_("Apply for an endorsement"), reverse("applications:start")))
    return steps


@register(Role.COORDINATOR)
@register(Role.ASSOCIATION_ADMIN)
def coordinator_steps(user, association) -> list[Step]:
    steps = []
    url = reverse("applications:staff_list", kwargs={"code": association.code})
    waiting = queries.awaiting_approval(association).count()
    if waiting:
        steps.append(
            Step(
                ngettext(
                    "%(n)s registration waits for your approval",
                    "%(n)s registrations wait for your approval",
                    waiting,
                )
                % {"n": waiting},
                url,
                urgent=True,
            )
        )
    # Submitted applications to check: the review app's step (its screen holds the check).
    return steps


@register(Role.ADVISOR)
def advisor_steps(user, association) -> list[Step]:
    return [
        Step(
            _("Read and comment on %(name)s's %(code)s application")
            % {"name": a.applicant.display_name, "code": a.category_code},
            _url("detail", a),
        )
        for a in queries.advised_by(user).filter(association=association)
    ]
