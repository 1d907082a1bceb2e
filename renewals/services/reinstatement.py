"""Reinstatement after a lapse: three new reference ratings (the references machinery, on an
application opened for the purpose), the processing fee (payments) and this year's renewal
requirements from the person's log; the coordinator decides.

Inactive status (associations that offer it): up to ``inactive_max_years``, back with the
reactivation fee.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from applications import services as application_services
from applications.agreements import CURRENT
from applications.enums import SignatureKind
from easy.audit.services import record
from endorsements import services as endorsement_services
from endorsements.enums import EndorsementStatus
from endorsements.models import Category, Endorsement
from payments.enums import FeeKind, PaymentStatus
from payments.models import Payment
from references.enums import ReferenceStatus

from .. import emails
from ..dossier import judge, load_log
from ..enums import OPEN_REINSTATEMENT, Phase, ReinstatementStatus
from ..models import Reinstatement
from .cycle import _today, settings_for
from .status import RenewalError, transition

E = EndorsementStatus
REFERENCES_NEEDED = 3


@transaction.atomic
def request_reinstatement(endorsement: Endorsement, *, actor) -> Reinstatement:
    """Open (once) the reinstatement of a lapsed endorsement, with an application of the same
    category where the person names three reference raters. Idempotent while open.

    Side effects: one Reinstatement; one Application (opened for the references); audit rows.
    """
    if endorsement.status != E.LAPSED:
        raise RenewalError(_("Only a lapsed endorsement can be reinstated."))
    open_one = Reinstatement.objects.filter(
        endorsement=endorsement, status__in=OPEN_REINSTATEMENT
    ).first()
    if open_one is not None:
        return open_one
    application = application_services.start_registration(
        endorsement.user,
        endorsement.association,
        Category.objects.get(code=endorsement.category_code),
        {"work_summary": f"Reinstatement of {endorsement.number}."},
        actor=actor,
    )
    # No registration fee for a reinstatement: the workspace opens at once (references).
    application_services.transition(
        application, "registered", actor=None, actor_label="renewals",
        reason="reinstatement", notify=False,
    )  # fmt: skip
    application_services.transition(
        application, "in_progress", actor=None, actor_label="renewals",
        reason="reinstatement", notify=False,
    )  # fmt: skip
    reinstatement = Reinstatement.objects.create(endorsement=endorsement, application=application)
    record(actor, "reinstatement.requested", reinstatement, data={"number": endorsement.number})
    return reinstatement


def reinstatement_paid(reinstatement: Reinstatement) -> bool:
    """Is the processing fee (paid with the reinstatement as its purpose) in?"""
    return Payment.objects.filter(
        purpose_type=ContentType.objects.get_for_model(Reinstatement),
        purpose_id=str(reinstatement.uuid),
        fee_kind=FeeKind.PROCESSING,
        status=PaymentStatus.PAID,
    ).exists()


def reinstatement_missing(
    reinstatement: Reinstatement, *, as_of: dt.date | None = None
) -> list[str]:
    """What is still missing, in sentences (empty: the coordinator may approve)."""
    as_of = _today(as_of)
    endorsement, application = reinstatement.endorsement, reinstatement.application
    out = []
    ratings = application.references.filter(status=ReferenceStatus.SUBMITTED).count()
    if ratings < REFERENCES_NEEDED:
        out.append(
            _("%(have)s of %(need)s new reference ratings received.")
            % {"have": ratings, "need": REFERENCES_NEEDED}
        )
    if not reinstatement_paid(reinstatement):
        out.append(_("Pay the processing fee."))
    signed = application.signatures.filter(
        kind=SignatureKind.CODE_OF_ETHICS,
        document_version=CURRENT[SignatureKind.CODE_OF_ETHICS].version,
    ).exists()
    log = load_log(endorsement.user, settings_for(endorsement.association).year_for(as_of))
    verdict = judge(
        endorsement,
        log,
        as_of=as_of,
        provides_rsc=application.provides_rsc,
        ethics_signed=signed,
        membership_expires_on=log.membership_expires_on,
    )
    if verdict is None or not verdict.ready:
        missing = [] if verdict is None else [r.message for r in verdict.missing]
        out.append(
            _("This year's renewal requirements: %(m)s")
            % {"m": " ".join(missing) or _("cannot be judged.")}
        )
    return out


def _close_workspace(reinstatement: Reinstatement) -> None:
    """The application opened for the ratings has served once the coordinator decided: it
    leaves the person's open applications (withdrawn, without an email; its ratings stay)."""
    application = reinstatement.application
    if application is not None and application_services.can_transition(application, "withdrawn"):
        application_services.transition(
            application, "withdrawn", actor=None, actor_label="renewals",
            reason="reinstatement decided", notify=False,
        )  # fmt: skip


@transaction.atomic
def submit_reinstatement(
    reinstatement: Reinstatement, *, actor, as_of: dt.date | None = None
) -> Reinstatement:
    """The endorsee hands the reinstatement to the coordinator once nothing is missing. Raises
    ``RenewalError`` listing what is. Side effects: the status (``transition``)."""
    missing = reinstatement_missing(reinstatement, as_of=as_of)
    if missing:
        raise RenewalError(" ".join(missing))
    return transition(reinstatement, ReinstatementStatus.SUBMITTED, actor=actor)


@transaction.atomic
def decide_reinstatement(
    reinstatement: Reinstatement,
    *,
    approve: bool,
    actor,
    reason: str = "",
    as_of: dt.date | None = None,
) -> Reinstatement:
    """The coordinator's decision. Approving needs a submitted reinstatement with nothing
    missing; the endorsement is current again to the end of the renewal year (next year's,
    once this year's window is open). Declining needs no submission (an abandoned request).

    Side effects: the status (``transition``: decision, reason, who and when, audit row); the
    application opened for the ratings is withdrawn (no email); on approval the endorsement
    (``endorsements.services.renew_endorsement``); the endorsee's email about the decision.
    """
    as_of = _today(as_of)
    to = ReinstatementStatus.APPROVED if approve else ReinstatementStatus.DECLINED
    locked = Reinstatement.objects.select_for_update().get(pk=reinstatement.pk)
    if locked.status not in OPEN_REINSTATEMENT:
        raise RenewalError(_("This reinstatement was already decided."))
    if approve:
        if locked.status != ReinstatementStatus.SUBMITTED:
            raise RenewalError(_("The endorsee has not submitted this reinstatement yet."))
        missing = reinstatement_missing(reinstatement, as_of=as_of)
        if missing:
            raise RenewalError(" ".join(missing))
    transition(locked, to, actor=actor, reason=reason)
    _close_workspace(reinstatement)
    if approve:
        cycle = settings_for(reinstatement.endorsement.association)
        year = cycle.year_for(as_of)
        until = year + (0 if cycle.phase(year, as_of) == Phase.BEFORE else 1)
        endorsement_services.renew_endorsement(
            reinstatement.endorsement, actor=actor, renews_on=dt.date(until, 12, 31)
        )
    reinstatement.refresh_from_db()
    emails.reinstatement_decided(reinstatement)
    return reinstatement


# -- inactive status -----------------------------------------------------------------------


def go_inactive(endorsement: Endorsement, *, actor, as_of: dt.date | None = None) -> Endorsement:
    """Pause an endorsement (associations that offer it). Raises ``RenewalError`` otherwise."""
    if not settings_for(endorsement.association).inactive_allowed:
        raise RenewalError(
            _("%(a)s does not offer an inactive status.") % {"a": endorsement.association}
        )
    return endorsement_services.transition(
        endorsement, E.INACTIVE, actor=actor, reason="inactive at the holder's request",
        on=_today(as_of),
    )  # fmt: skip


def reactivate_inactive(
    endorsement: Endorsement, *, actor, as_of: dt.date | None = None
) -> Endorsement:
    """Back from inactive within the association's limit, once the reactivation fee (paid with
    the endorsement as its purpose) is in. Side effects: see ``renew_endorsement``."""
    as_of = _today(as_of)
    cycle = settings_for(endorsement.association)
    since = endorsement.status_changed_on or as_of
    if endorsement.status != E.INACTIVE:
        raise RenewalError(_("Only an inactive endorsement can be reactivated."))
    if (as_of - since).days > 366 * cycle.inactive_max_years:
        raise RenewalError(
            _("Inactive for more than %(n)s years: apply to reinstate instead.")
            % {"n": cycle.inactive_max_years}
        )
    paid = Payment.objects.filter(
        purpose_type=ContentType.objects.get_for_model(Endorsement),
        purpose_id=str(endorsement.uuid),
        fee_kind=FeeKind.REACTIVATION,
        status=PaymentStatus.PAID,
    ).exists()
    if not paid:
        raise RenewalError(_("Pay the reactivation fee first."))
    year = cycle.year_for(as_of)
    until = year + (0 if cycle.phase(year, as_of) == Phase.BEFORE else 1)
    return endorsement_services.renew_endorsement(
        endorsement, actor=actor, renews_on=dt.date(until, 12, 31)
    )
