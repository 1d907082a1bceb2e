"""Build the rules module's dossier (``endorsements.rules.Dossier``) from an application.

A pure function over rows already loaded: pass an application fetched with
``queries.with_workspace`` (everything prefetched) and it runs no query of its own, whatever the
number of rows.
"""

from __future__ import annotations

import datetime as dt

from endorsements.rules import dossier as rules
from endorsements.rules.dossier import Dossier

from .agreements import CURRENT
from .enums import DocumentKind, SignatureKind


def build_dossier(application, *, as_of: dt.date) -> Dossier:
    """The dossier of ``application`` as of ``as_of``, typed as the rules take it (no dict in
    between; ``Dossier.to_dict()`` is what a submitted version keeps).

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
    return Dossier.build(
        association=application.association.code,
        category=application.category_code,
        purpose="application",
        as_of=as_of,
        degrees=[
            rules.Degree(
                level=d.level,
                name=d.name,
                completed_on=d.completed_on,
                transcript=d.pk in transcripts,
            )
            for d in application.degrees.all()
        ],
        certificates=[
            rules.Certificate(
                kind=c.kind, completed_on=c.completed_on, document=c.pk in certificate_docs
            )
            for c in application.certificates.all()
        ],
        work=[
            rules.WorkPeriod(
                title=w.title,
                start=w.start,
                end=w.end,
                paid=w.paid,
                volunteer_qualifies=w.volunteer_qualifies,
                age_group=w.age_group or None,
                service=w.service or None,
                families_served=w.families_served or 0,
                internship=w.internship,
                internship_supervisor_endorsement=w.internship_supervisor_endorsement or None,
            )
            for w in application.work.all()
        ],
        trainings=[
            rules.Training(
                title=t.title, date=t.date, hours=float(t.hours), topics=frozenset(t.topics)
            )
            for t in application.trainings.all()
        ],
        rsc=[
            rules.RscSession(
                date=s.date,
                hours=float(s.hours),
                format=s.format,
                provider_endorsement=s.provider_endorsement or None,
                provider_vetted=s.provider_vetted,
                provider_degree=s.provider_degree or None,
                about_rsc_provided=s.about_rsc_provided,
            )
            for s in application.rsc_sessions.all()
        ],
        provides_rsc=application.provides_rsc,
        leadership_activities=[
            rules.LeadershipActivity(title=a.title, level=a.level)
            for a in application.leadership_activities.all()
        ],
        references=[
            rules.Reference(
                relationship=r.relationship,
                rater_endorsement=r.rater_endorsement or None,
                rater_vetted=r.rater_vetted,
                status=status,
            )
            for r in application.references.all()
            if (status := r.dossier_status(as_of)) is not None
        ],
        code_of_ethics_signed=SignatureKind.CODE_OF_ETHICS in signed,
        agreement_signed=SignatureKind.AGREEMENT in signed,
        membership_expires_on=max((m.expires_on for m in memberships), default=None),
    )
