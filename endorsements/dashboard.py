"""Dashboard: the endorsements a person holds, with their number and renewal date."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from easy.accounts.dashboard import Step, register
from easy.accounts.enums import Role

from .enums import EndorsementStatus
from .models import Endorsement


@register(Role.APPLICANT)
def endorsement_steps(user, association) -> list[Step]:
    held = (
        Endorsement.objects.filter(user=user, status=EndorsementStatus.CURRENT)
        .select_related("application")
        .order_by("granted_on")
    )
    return [
        Step(
            _("You hold the %(code)s endorsement, number %(number)s; renew by %(date)s")
            % {
                "code": e.category_code,
                "number": e.number,
                "date": formats.date_format(e.renews_on, "DATE_FORMAT"),
            },
            reverse("reviews:decision", kwargs={"uuid": e.application.uuid}),
        )
        for e in held
    ]


def _calendar_step(user, association) -> list[Step]:
    return [
        Step(
            _("Submission periods and exam weeks"),
            reverse("endorsements:calendar", kwargs={"code": association.code}),
        )
    ]


register(Role.COORDINATOR)(_calendar_step)
register(Role.ASSOCIATION_ADMIN)(_calendar_step)
