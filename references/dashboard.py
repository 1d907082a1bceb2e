"""Next steps on the dashboard."""

from django.urls import reverse
from django.utils.translation import gettext as _

from applications.enums import EDITABLE
from easy.accounts.dashboard import Step, register
from easy.accounts.enums import Role
from easy.notifications.enums import EmailStatus

from .enums import ReferenceStatus
from .models import Link, Reference

R = ReferenceStatus


@register(Role.APPLICANT)
def applicant_steps(user, association) -> list[Step]:
    """Raters to invite, and raters to replace (declined, expired, not counted)."""
    rows = Reference.objects.filter(
        application__applicant=user, application__status__in=list(EDITABLE)
    ).values_list("application__uuid", "application__category__code", "status")
    todo: dict[tuple, set[str]] = {}
    for uuid, code, status in rows:
        todo.setdefault((uuid, code), set()).add(status)
    steps = []
    for (uuid, code), statuses in todo.items():
        url = reverse("references:list", kwargs={"uuid": uuid})
        if statuses & {R.DECLINED, R.EXPIRED}:
            steps.append(
                Step(
                    _(
                        "A reference rater for your %(code)s application cannot be counted: "
                        "name someone else"
                    )
                    % {"code": code},
                    url,
                    urgent=True,
                )
            )
        if R.NOMINATED in statuses:
            steps.append(
                Step(
                    _("Send the invitations to your %(code)s reference raters") % {"code": code},
                    url,
                )
            )
    return steps


@register(Role.COORDINATOR)
def coordinator_steps(user, association) -> list[Step]:
    """Invitation emails that bounced or failed, so that someone can send the link by hand."""
    problems = (
        Link.objects.filter(
            invitation__reference__application__association=association,
            invitation__reference__status__in=[R.INVITED, R.OPENED],
            email__status__in=[EmailStatus.BOUNCED, EmailStatus.FAILED],
        )
        .values_list("invitation__reference__application__uuid", flat=True)
        .distinct()
    )
    return [
        Step(
            _("A reference invitation email could not be delivered"),
            reverse("references:staff", kwargs={"uuid": uuid}),
            urgent=True,
        )
        for uuid in problems[:20]
    ]
