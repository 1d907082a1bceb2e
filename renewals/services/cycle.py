"""The renewal workflow: start, answer, sign, pay, submit, audit, return, approve; archive and
reactivate a category. Every function takes ``as_of`` (the day it acts on) so that the
deadline, grace period and lapse are testable without waiting for December."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from easy.audit.services import record
from endorsements import services as endorsement_services
from endorsements.enums import EndorsementStatus
from endorsements.models import Endorsement
from payments.enums import FeeKind, PaymentStatus
from payments.models import Payment

from .. import clock
from ..dossier import judge, load_log, progress_of
from ..enums import EDITABLE, Phase, RenewalStatus
from ..models import AttendanceProof, Renewal, RenewalItem, RenewalSettings
from .status import RenewalError, transition

S = RenewalStatus
E = EndorsementStatus
#: Endorsements a renewal covers: held, or overdue in the grace period.
RENEWABLE = (E.CURRENT, E.EXPIRED)


def settings_for(association) -> RenewalSettings:
    """The association's renewal settings (the domain's defaults until someone changes them)."""
    found, _created = RenewalSettings.objects.get_or_create(association=association)
    return found


def _today(as_of: dt.date | None) -> dt.date:
    return as_of or clock.today()


def renewable(person, association) -> list[Endorsement]:
    return list(
        Endorsement.objects.filter(
            user=person, association=association, status__in=RENEWABLE
        ).select_related("association")
    )


# -- the endorsee's form ------------------------------------------------------------------


@transaction.atomic
def start_renewal(person, association, *, actor, as_of: dt.date | None = None) -> Renewal:
    """This cycle's renewal of ``person`` at ``association`` (made once; later calls return it),
    covering every endorsement they hold there. Raises ``RenewalError`` when there is nothing to
    renew. Side effects: the renewal and its items; one audit row when made."""
    as_of = _today(as_of)
    year = settings_for(association).year_for(as_of)
    # Granted in the renewal season: first renewed the next year.
    held = [e for e in renewable(person, association) if e.renews_on.year <= year]
    renewal = Renewal.objects.filter(person=person, association=association, year=year).first()
    if renewal is None:
        if not held:
            raise RenewalError(_("You hold no endorsement to renew at %(a)s.") % {"a": association})
        renewal, created = Renewal.objects.get_or_create(
            person=person, association=association, year=year
        )
        if created:
            record(actor, "renewal.started", renewal, data={"year": year})
    if renewal.status in EDITABLE:
        have = set(renewal.items.values_list("endorsement_id", flat=True))
        RenewalItem.objects.bulk_create(
            RenewalItem(renewal=renewal, endorsement=e) for e in held if e.pk not in have
        )
        # An endorsement archived since it was added leaves the renewal.
        renewal.items.exclude(endorsement__status__in=RENEWABLE).delete()
    return renewal


def _require_editable(renewal: Renewal) -> None:
    if renewal.status not in EDITABLE:
        raise RenewalError(
            _("This renewal cannot be changed now: it is %(s)s.")
            % {"s": S(renewal.status).label.lower()}
        )


@transaction.atomic
def save_answers(
    renewal: Renewal,
    *,
    provides_rsc: bool,
    membership_expires_on: dt.date | None,
    membership_number: str = "",
    membership_proof=None,
    actor,
) -> Renewal:
    """The form's answers. Side effects: the row; one audit row."""
    _require_editable(renewal)
    renewal.provides_rsc = provides_rsc
    renewal.membership_expires_on = membership_expires_on
    renewal.membership_number = membership_number
    fields = ["provides_rsc", "membership_expires_on", "membership_number"]
    if membership_proof is not None:
        renewal.membership_proof = membership_proof
        fields.append("membership_proof")
    renewal.save(update_fields=fields)
    record(actor, "renewal.answers_saved", renewal)
    return renewal


@transaction.atomic
def sign_code_of_ethics(renewal: Renewal, *, typed_name: str, actor) -> Renewal:
    """One Code of Ethics signature for the year, whatever the number of categories.
    Side effects: the row; one audit row."""
    _require_editable(renewal)
    expected = " ".join(renewal.person.full_name.split()).casefold()
    if not expected or " ".join(typed_name.split()).casefold() != expected:
        raise RenewalError(_("Type your full name exactly as in your profile to sign."))
    renewal.ethics_signed_at, renewal.ethics_typed_name = timezone.now(), typed_name.strip()
    renewal.save(update_fields=["ethics_signed_at", "ethics_typed_name"])
    record(actor, "renewal.ethics_signed", renewal)
    return renewal


# -- verdicts and fees ----------------------------------------------------------------------


def membership_expiry(renewal: Renewal, log) -> dt.date | None:
    dates = [d for d in (renewal.membership_expires_on, log.membership_expires_on) if d]
    return max(dates, default=None)


def evaluate_renewal(renewal: Renewal, *, as_of: dt.date | None = None) -> list:
    """One ``Progress`` (verdict, share done, what is missing) per category covered."""
    as_of = _today(as_of)
    log = load_log(renewal.person, renewal.year)
    answers = {
        "provides_rsc": renewal.provides_rsc,
        "ethics_signed": renewal.ethics_signed_at is not None,
        "membership_expires_on": membership_expiry(renewal, log),
    }
    items = list(renewal.items.select_related("endorsement__association"))
    return [
        progress_of(item.endorsement, judge(item.endorsement, log, as_of=as_of, **answers))
        for item in items
    ]


def fees_due(renewal: Renewal, *, as_of: dt.date | None = None) -> list[str]:
    """The renewal fee, once whatever the number of categories; plus the late fee when the
    renewal is submitted after the deadline (in the grace period)."""
    as_of = _today(as_of)
    kinds = [FeeKind.RENEWAL]
    cycle = settings_for(renewal.association)
    if renewal.late or cycle.phase(renewal.year, as_of) == Phase.GRACE:
        kinds.append(FeeKind.LATE_RENEWAL)
    return kinds


def fees_paid(renewal: Renewal) -> set[str]:
    return set(
        Payment.objects.filter(
            purpose_type=ContentType.objects.get_for_model(Renewal),
            purpose_id=str(renewal.uuid),
            status=PaymentStatus.PAID,
        ).values_list("fee_kind", flat=True)
    )


def blockers(renewal: Renewal, *, as_of: dt.date | None = None) -> list[str]:
    """What still stops the endorsee from submitting, in plain sentences (empty: ready)."""
    as_of = _today(as_of)
    cycle = settings_for(renewal.association)
    phase = cycle.phase(renewal.year, as_of)
    out = []
    if phase == Phase.BEFORE:
        out.append(_("Renewals open on %(d)s.") % {"d": cycle.opens_on(renewal.year).isoformat()})
    elif phase == Phase.CLOSED:
        out.append(_("The grace period has ended: apply to reinstate instead."))
    if renewal.ethics_signed_at is None:
        out.append(_("Sign the Code of Ethics for this year."))
    for p in evaluate_renewal(renewal, as_of=as_of):
        if p.evaluation is None or not p.evaluation.ready:
            out.append(f"{p.endorsement.category_code}: {p.missing}")
    paid = fees_paid(renewal)
    for kind in fees_due(renewal, as_of=as_of):
        if kind not in paid:
            out.append(_("Pay the %(fee)s.") % {"fee": FeeKind(kind).label.lower()})
    return out


def _snapshot(renewal: Renewal, progress: list, *, as_of: dt.date) -> dict[str, Any]:
    """The frozen copy: the log entries counted and each category's verdict."""
    log = load_log(renewal.person, renewal.year)
    return {
        "as_of": as_of.isoformat(),
        "year": renewal.year,
        "provides_rsc": renewal.provides_rsc,
        "membership_expires_on": (
            d.isoformat() if (d := membership_expiry(renewal, log)) else None
        ),
        "trainings": [
            {
                "date": t.date.isoformat(),
                "title": t.title,
                "provider": t.provider,
                "hours": float(t.hours),
                "topics": list(t.topics),
                "uuid": str(t.uuid),
            }
            for t in log.trainings
            if t.date <= as_of
        ],
        "rsc": [
            {
                "date": s.date.isoformat(),
                "provider": s.provider_name,
                "provider_endorsement": s.provider_endorsement,
                "format": s.format,
                "hours": float(s.hours),
                "uuid": str(s.uuid),
            }
            for s in log.rsc_sessions
            if s.date <= as_of
        ],
        "categories": {
            p.endorsement.category_code: p.evaluation.to_dict() if p.evaluation else None
            for p in progress
        },
    }


def _draw_for_audit(cycle: RenewalSettings) -> bool:
    return secrets.randbelow(100) < cycle.audit_percent


@transaction.atomic
def submit_renewal(renewal: Renewal, *, actor, as_of: dt.date | None = None) -> Renewal:
    """Submit the renewal: every category meets the rules, the Code of Ethics is signed and the
    fees are paid. Freezes the log entries and verdicts (``snapshot``); draws the audit; approves
    at once when the association approves automatically and it was not drawn.

    Raises ``RenewalError`` listing what is missing. Side effects: items' verdicts, the
    snapshot, the status (``transition``) and what approval does.
    """
    as_of = _today(as_of)
    renewal = Renewal.objects.select_for_update().get(pk=renewal.pk)
    _require_editable(renewal)
    missing = blockers(renewal, as_of=as_of)
    if missing:
        raise RenewalError(" ".join(missing))
    cycle = settings_for(renewal.association)
    progress = evaluate_renewal(renewal, as_of=as_of)
    for item, p in zip(renewal.items.order_by("id"), progress, strict=True):
        item.ready, item.evaluation = True, p.evaluation.to_dict()
        item.save(update_fields=["ready", "evaluation"])
    first_time = renewal.submitted_at is None
    renewal.snapshot = _snapshot(renewal, progress, as_of=as_of)
    renewal.late = cycle.phase(renewal.year, as_of) == Phase.GRACE
    if first_time:
        renewal.audited = _draw_for_audit(cycle)
    renewal.save(update_fields=["snapshot", "late", "audited"])
    transition(renewal, S.SUBMITTED, actor=actor)
    if renewal.audited:
        transition(renewal, S.WAITING, actor=None, reason="drawn for the yearly audit")
    elif cycle.auto_approve:
        approve_renewal(renewal, actor=None, reason="meets the rules", as_of=as_of)
    return renewal


@transaction.atomic
def approve_renewal(
    renewal: Renewal, *, actor, reason: str = "", as_of: dt.date | None = None
) -> Renewal:
    """Approve: every covered endorsement runs to 31 December of the next year (and is current
    again if it had expired in the grace period). Side effects: the status; each endorsement
    (``endorsements.services.renew_endorsement``)."""
    transition(renewal, S.APPROVED, actor=actor, reason=reason)
    for item in renewal.items.select_related("endorsement"):
        endorsement_services.renew_endorsement(
            item.endorsement, actor=actor, renews_on=dt.date(renewal.year + 1, 12, 31)
        )
    return renewal


def return_renewal(renewal: Renewal, *, actor, reason: str) -> Renewal:
    """Back to the endorsee with the coordinator's reasons (required)."""
    if not reason.strip():
        raise RenewalError(_("Say what the endorsee must change."))
    return transition(renewal, S.RETURNED, actor=actor, reason=reason.strip())


@transaction.atomic
def add_proof(renewal: Renewal, checked, *, entry, actor) -> AttendanceProof:
    """An audited endorsee's proof of attendance for one training or RS/C entry of their log.
    Side effects: one stored file; one row; one audit row."""
    from django.core.files.storage import default_storage

    from applications.models import RSCSession, Training
    from easy.lib.tokens import random_key

    if renewal.status not in (S.WAITING, S.RETURNED) or not renewal.audited:
        raise RenewalError(_("Proof of attendance is asked only of renewals drawn for the audit."))
    if entry.owner_id != renewal.person_id:
        raise RenewalError(_("That entry is not in your log."))
    name = default_storage.save(
        f"renewals/{renewal.uuid}/{random_key(18)}/{checked.safe_name}", checked.file
    )
    proof = AttendanceProof.objects.create(
        renewal=renewal,
        training=entry if isinstance(entry, Training) else None,
        rsc_session=entry if isinstance(entry, RSCSession) else None,
        name=name,
        original_name=checked.safe_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    record(actor, "renewal.proof_added", renewal, data={"entry": str(entry.uuid)})
    return proof


# -- categories: archive and reactivate ----------------------------------------------------------


def archive_category(endorsement: Endorsement, *, actor, as_of: dt.date | None = None):
    """Stop renewing one category and keep the others. Side effects: the endorsement's status
    (``endorsements.services.transition``); it leaves this year's open renewal."""
    endorsement_services.transition(
        endorsement, E.ARCHIVED, actor=actor, reason="archived by the holder", on=_today(as_of)
    )
    RenewalItem.objects.filter(endorsement=endorsement, renewal__status__in=list(EDITABLE)).delete()
    return endorsement


def reactivate_category(endorsement: Endorsement, *, actor, as_of: dt.date | None = None):
    """Take an archived category back, within the years the association allows; it is renewed
    with the others from this year's renewal on. Raises ``RenewalError`` when too late."""
    as_of = _today(as_of)
    cycle = settings_for(endorsement.association)
    since = endorsement.status_changed_on or as_of
    if endorsement.status != E.ARCHIVED:
        raise RenewalError(_("Only an archived category can be reactivated."))
    if (as_of - since).days > 366 * cycle.archive_reactivation_years:
        raise RenewalError(
            _("%(code)s was archived more than %(n)s years ago: apply for it again.")
            % {"code": endorsement.category_code, "n": cycle.archive_reactivation_years}
        )
    endorsement_services.transition(
        endorsement, E.CURRENT, actor=actor, reason="reactivated by the holder", on=as_of
    )
    return endorsement
