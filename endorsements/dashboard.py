"""Dashboard: the endorsements a person holds, with their number and renewal date, where to
download the certificate and credential, and the registry question; staff links."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from easy.accounts.dashboard import Step, register
from easy.accounts.enums import Role

from .enums import EndorsementStatus
from .models import Endorsement, RegistryListing


@register(Role.APPLICANT)
def endorsement_steps(user, association) -> list[Step]:
    held = Endorsement.objects.filter(user=user, status=EndorsementStatus.CURRENT)
    if association is not None:
        held = held.filter(association=association)
    held = list(held.select_related("application").order_by("granted_on"))
    mine = reverse("endorsements:mine")
    steps = []
    for e in held:
        decision = (
            reverse("reviews:decision", kwargs={"uuid": e.application.uuid})
            if e.application_id
            else mine
        )
        steps.append(
            Step(
                _("You hold the %(code)s endorsement, number %(number)s; renew by %(date)s")
                % {
                    "code": e.category_code,
                    "number": e.number,
                    "date": formats.date_format(e.renews_on, "DATE_FORMAT"),
                },
                decision,
            )
        )
    if held:
        steps.append(Step(_("Download your certificate, letter and digital credential"), mine))
    if held and not RegistryListing.objects.filter(user=user).exists():
        steps.append(
            Step(
                _("Would you like to appear in the public registry of endorsed professionals?"),
                reverse("endorsements:registry_profile"),
            )
        )
    return steps


def _calendar_step(user, association) -> list[Step]:
    return [
        Step(
            _("Submission periods and exam weeks"),
            reverse("endorsements:calendar", kwargs={"code": association.code}),
        ),
        Step(
            _("Endorsees: revoke, transfers, import"),
            reverse("endorsements:endorsees", kwargs={"code": association.code}),
        ),
    ]


def _logo_step(user, association) -> list[Step]:
    return [
        Step(
            _("Logo printed on certificates"),
            reverse("endorsements:logo", kwargs={"code": association.code}),
        )
    ]


register(Role.COORDINATOR)(_calendar_step)
register(Role.ASSOCIATION_ADMIN)(_calendar_step)
register(Role.ASSOCIATION_ADMIN)(_logo_step)
