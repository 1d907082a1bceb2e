"""The exam's section of the coordinator's reports (``reviews.reports`` asks through its
registry): pass rates by part."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from reviews.reports import Scope, Table, register_section

from .enums import Part, SittingStatus
from .models import Sitting


def pass_rates(scope: Scope) -> Table:
    sittings = scope.dated(
        Sitting.objects.filter(
            registration__approval__association__in=scope.associations,
            status=SittingStatus.SCORED,
        ),
        "submitted_at",
    )
    if scope.category is not None:
        sittings = sittings.filter(registration__approval__application__category=scope.category)
    counts = {
        r["part"]: r
        for r in sittings.values("part")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by()
    }
    table = Table(
        "exam",
        _("Exam pass rates"),
        [_("Part"), _("Pass rate (%)"), _("Passed"), _("Scored")],
        note=_("Parts scored in the chosen dates."),
    )
    for part in Part:
        r = counts.get(part.value)
        if r:
            table.rows.append(
                [part.label, round(100 * r["passed"] / r["n"], 1), r["passed"], r["n"]]
            )
    return table


def register() -> None:
    register_section(pass_rates)
