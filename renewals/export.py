"""The coordinator's CSV export of an association's renewals (every year, newest first)."""

from __future__ import annotations

import io

from easy.lib.csv import writer

from .enums import RenewalStatus
from .models import Renewal

HEADER = [
    "year",
    "name",
    "email",
    "categories",
    "status",
    "submitted",
    "late",
    "audited",
    "training hours",
    "rsc hours",
    "membership expires",
    "decided",
    "return reason",
]


def queue_csv(association) -> str:
    """One row per renewal; formulas typed by anyone are written as text. Queries: two."""
    out = io.StringIO()
    w = writer(out)
    w.writerow(HEADER)
    renewals = (
        Renewal.objects.filter(association=association)
        .select_related("person")
        .prefetch_related("items__endorsement")
        .order_by("-year", "submitted_at", "id")
    )
    for r in renewals:
        snap = r.snapshot or {}
        w.writerow(
            [
                r.year,
                r.person.full_name,
                r.person.email,
                " ".join(sorted(i.endorsement.category_code for i in r.items.all())),
                RenewalStatus(r.status).label,
                r.submitted_at.date().isoformat() if r.submitted_at else "",
                "yes" if r.late else "no",
                "yes" if r.audited else "no",
                sum(t["hours"] for t in snap.get("trainings", [])),
                sum(s["hours"] for s in snap.get("rsc", [])),
                snap.get("membership_expires_on") or "",
                r.decided_at.date().isoformat() if r.decided_at else "",
                r.return_reason,
            ]
        )
    return out.getvalue()
