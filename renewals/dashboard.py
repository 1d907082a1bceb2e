"""Dashboard: live progress of this year's renewal, per endorsement held.

Queries: a fixed number whatever the size of the person's log (``queries.progress_for``).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from easy.accounts.dashboard import Step, register
from easy.accounts.enums import Role

from .queries import progress_for


@register(Role.APPLICANT)
def renewal_progress_steps(user, association) -> list[Step]:
    steps = []
    for p in progress_for(user):
        details = tuple(
            f"{r.label}: {r.message}" for r in p.requirements if r.code != "code_of_ethics"
        )
        steps.append(
            Step(
                _("%(code)s renewal for %(year)s: %(percent)s %% ready. %(missing)s")
                % {
                    "code": p.endorsement.category_code,
                    "year": p.year,
                    "percent": p.percent,
                    "missing": p.missing,
                },
                reverse("renewals:mine"),
                urgent=p.urgent,
                percent=p.percent,
                details=details,
            )
        )
    return steps


def _coordinator_steps(user, association) -> list[Step]:
    from .enums import RenewalStatus
    from .queries import queue_counts

    counts = queue_counts(association)
    waiting = counts[RenewalStatus.SUBMITTED] + counts[RenewalStatus.WAITING]
    return [
        Step(
            _("Renewals: %(n)s waiting for you") % {"n": waiting},
            reverse("renewals:queue", kwargs={"code": association.code}),
            urgent=bool(waiting),
        )
    ]


register(Role.COORDINATOR)(_coordinator_steps)
