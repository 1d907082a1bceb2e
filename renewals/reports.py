"""The renewals' section of the coordinator's reports (``reviews.reports`` asks through its
registry): this cycle's renewals due, submitted, late and lapsed."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from endorsements.enums import EndorsementStatus
from endorsements.models import Endorsement
from reviews.reports import Scope, Table, register_section

from .enums import RenewalStatus
from .models import Renewal, RenewalSettings


def renewals(scope: Scope) -> Table:
    year = RenewalSettings().year_for(scope.today)  # the cycle under way (default dates)
    holders = Endorsement.objects.filter(association__in=scope.associations)
    if scope.category is not None:
        holders = holders.filter(category_code=scope.category.code)
    standing = holders.aggregate(
        due=Count("user", filter=Q(status=EndorsementStatus.CURRENT), distinct=True),
        lapsed=Count("pk", filter=Q(status=EndorsementStatus.LAPSED)),
    )
    done = Renewal.objects.filter(association__in=scope.associations, year=year).aggregate(
        submitted=Count("pk", filter=~Q(status=RenewalStatus.IN_PROGRESS)),
        approved=Count("pk", filter=Q(status=RenewalStatus.APPROVED)),
        late=Count("pk", filter=Q(late=True)),
    )
    table = Table(
        "renewals",
        _("Renewals of %(year)s") % {"year": year},
        [_("Measure"), _("People or endorsements")],
        note=_("Due: people holding a current endorsement. Lapsed: endorsements, all years."),
    )
    table.rows = [
        [_("Endorsees due to renew"), standing["due"]],
        [_("Renewals submitted"), done["submitted"]],
        [_("Renewals approved"), done["approved"]],
        [_("Renewed late (late fee)"), done["late"]],
        [_("Endorsements lapsed"), standing["lapsed"]],
    ]
    return table


def register() -> None:
    register_section(renewals)
