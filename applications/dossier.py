"""Build the rules module's dossier (see /work/shared/dossier/README.md) from an application.

A pure function over rows already loaded: pass an application fetched with
``queries.with_workspace`` (everything prefetched) and it runs no query of its own, whatever the
number of rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .agreements import CURRENT
from .enums import DocumentKind, SignatureKind


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value) -> float:
    return float(value)


def build_dossier(application, *, as_of: dt.date) -> dict[str, Any]:
    """The dossier of ``application`` as of ``as_of``.

    Counting choices (the product's, stated for reviewers): a degree counts as having a
    transcript when at least one transcript file is attached to it (uploaded by the applicant or
    attached by the coordinator); the latest membership expiry is the one that counts; a replaced
    reference is left out, an expired one counts as declined, any other unfinished one as
    requested.
    """
    documents = list(application.documents.all())
    transcripts = {
        d.degree_id for d in documents if d.kind == DocumentKind.TRANSCRIPT and d.degree_id
    }
    certificate_docs = {d.certificate_id for d in documents if d.certificate_id}
    # A signature counts for the text's current version only: a new version must be signed again.
    signed = {
        s.kind
        for s in application.signatures.all()
        if s.document_version == CURRENT[s.kind].version
    }
    memberships = list(application.memberships.all())
    return {
        "association": application.association.code,
        "category": application.category_code,
        "purpose": "application",
        "as_of": as_of.isoformat(),
        "degrees": [
            {
                "level": d.level,
                "name": d.name,
                "completed_on": _iso(d.completed_on),
                "transcript": d.pk in transcripts,
            }
            for d in application.degrees.all()
        ],
        "certificates": [
            {
                "kind": c.kind,
                "completed_on": _iso(c.completed_on),
                "document": c.pk in certificate_docs,
            }
            for c in application.certificates.all()
        ],
        "work": [
            {
                "title": w.title,
                "start": _iso(w.start),
                "end": _iso(w.end),
                "paid": w.paid,
                "volunteer_qualifies": w.volunteer_qualifies,
                "age_group": w.age_group,
                "service": w.service,
                "families_served": w.families_served,
                "internship": w.internship,
                "internship_supervisor_endorsement": w.internship_supervisor_endorsement or None,
            }
            for w in application.work.all()
        ],
        "trainings": [
            {
                "title": t.title,
                "date": _iso(t.date),
                "hours": _number(t.hours),
                "topics": list(t.topics),
            }
            for t in application.trainings.all()
        ],
        "rsc": [
            {
                "date": _iso(s.date),
                "hours": _number(s.hours),
                "format": s.format,
                "provider_endorsement": s.provider_endorsement or None,
                "provider_vetted": s.provider_vetted,
                "provider_degree": s.provider_degree or None,
                "about_rsc_provided": s.about_rsc_provided,
            }
            for s in application.rsc_sessions.all()
        ],
        "provides_rsc": application.provides_rsc,
        "leadership_activities": [
            {"title": a.title, "level": a.level} for a in application.leadership_activities.all()
        ],
        "references": [
            {
                "relationship": r.relationship,
                "rater_endorsement": r.rater_endorsement or None,
                "rater_vetted": r.rater_vetted,
                "status": status,
            }
            for r in application.references.all()
            if (status := r.dossier_status(as_of)) is not None
        ],
        "code_of_ethics_signed": SignatureKind.CODE_OF_ETHICS in signed,
        "agreement_signed": SignatureKind.AGREEMENT in signed,
        "membership_expires_on": _iso(max((m.expires_on for m in memberships), default=None)),
        "exam": "not_taken",
    }
