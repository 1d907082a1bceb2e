"""Where the review of one version stands: how many reviewers, who has submitted, whether
they agree, and what the coordinator may do next.

Two reviewers review every application. When both have submitted and agree, the coordinator
confirms their recommendation. When they disagree, the coordinator either asks a third reviewer
(whose recommendation settles it when it sides with one of the two) or decides with a written
reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .enums import ACTIVE_REVIEW_STATUSES, ReviewStatus
from .models import Review

REVIEWERS_PER_APPLICATION = 2


@dataclass
class Round:
    version: int
    reviews: list[Review]

    @property
    def active(self) -> list[Review]:
        return [r for r in self.reviews if r.status in ACTIVE_REVIEW_STATUSES]

    @property
    def primary(self) -> list[Review]:
        return [r for r in self.active if not r.is_third]

    @property
    def third(self) -> Review | None:
        return next((r for r in self.active if r.is_third), None)

    @property
    def submitted(self) -> list[Review]:
        return [r for r in self.active if r.status == ReviewStatus.SUBMITTED]

    @property
    def open_slots(self) -> int:
        """Primary reviewers still to assign."""
        return max(0, REVIEWERS_PER_APPLICATION - len(self.primary))

    @property
    def both_in(self) -> bool:
        primary = self.primary
        return len(primary) >= REVIEWERS_PER_APPLICATION and all(
            r.status == ReviewStatus.SUBMITTED for r in primary
        )

    @property
    def primaries_agree(self) -> bool:
        return self.both_in and len({r.recommendation for r in self.primary}) == 1

    @property
    def may_ask_third(self) -> bool:
        return self.both_in and not self.primaries_agree and self.third is None

    @property
    def may_assign(self) -> bool:
        return self.open_slots > 0 or self.may_ask_third

    @property
    def complete(self) -> bool:
        """Every reviewer asked has submitted: the coordinator may decide."""
        third = self.third
        return self.both_in and (third is None or third.status == ReviewStatus.SUBMITTED)

    @property
    def consensus(self) -> str | None:
        """The recommendation the reviewers settle on: both agree, or two of three do."""
        if not self.complete:
            return None
        counts = Counter(r.recommendation for r in self.submitted).most_common()
        top, n = counts[0]
        if n >= 2 and (len(counts) == 1 or counts[1][1] < n):
            return top
        return None

    def visible_to(self, review: Review) -> list[Review]:
        """Other reviews a reviewer may read: none until both primary reviews are in (and a
        third reviewer sees the others once their own is submitted)."""
        if not self.both_in or review.status != ReviewStatus.SUBMITTED:
            return []
        return [r for r in self.submitted if r.pk != review.pk]


def round_of(application, reviews: list[Review] | None = None, version: int | None = None) -> Round:
    """The round of ``version`` (the current one by default). ``reviews``: already loaded
    reviews of the application (any version), to avoid a query."""
    version = version or application.version
    if reviews is None:
        reviews = list(
            Review.objects.filter(application=application, version=version).select_related(
                "reviewer"
            )
        )
    return Round(version, [r for r in reviews if r.version == version])
