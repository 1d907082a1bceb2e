"""Registering for an exam week (with the exam fee where the association charges one),
accommodations, start codes and the reminders before the week."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from easy.audit.services import record
from payments import queries as payment_queries
from payments.enums import FeeKind

from .. import emails
from ..enums import (
    AccommodationStatus,
    ApprovalStatus,
    Part,
    RegistrationStatus,
    RetakeStatus,
)
from ..models import Accommodation, ExamApproval, Registration, Sitting, WeekStartCode
from .common import ExamError, move, settings_for, today

R = RegistrationStatus
OPEN_REGISTRATION = frozenset({R.AWAITING_PAYMENT, R.REGISTERED})

#: Every allowed change of a registration's status.
REGISTRATION_TRANSITIONS: dict[str, frozenset[str]] = {
    R.AWAITING_PAYMENT: frozenset({R.REGISTERED, R.CANCELLED}),
    R.REGISTERED: frozenset({R.COMPLETED, R.CANCELLED}),
    R.CANCELLED: frozenset(),
    R.COMPLETED: frozenset(),
}

AC = AccommodationStatus
ACCOMMODATION_TRANSITIONS: dict[str, frozenset[str]] = {
    AC.REQUESTED: frozenset({AC.APPROVED, AC.DECLINED}),
    AC.APPROVED: frozenset(),
    AC.DECLINED: frozenset(),
}


def can_transition_registration(registration: Registration, to: str) -> bool:
    return to in REGISTRATION_TRANSITIONS[registration.status]


def transition_registration(registration: Registration, to: str, *, actor, reason: str = ""):
    """Side effects: saves the registration; one audit row; the candidate's email when the
    place is confirmed."""
    move(
        registration,
        to,
        REGISTRATION_TRANSITIONS,
        action=f"exam.registration_{to}",
        actor=actor,
        reason=reason,
    )
    if to == R.REGISTERED:
        emails.registered(registration, key=f"exam-registered:{registration.uuid}")
    return registration


def charges_fee(approval: ExamApproval, on: dt.date | None = None) -> bool:
    """Whether the association charges an exam fee for the candidate's category."""
    return (
        payment_queries.schedule_for(
            approval.association, FeeKind.EXAM, approval.application.category_code, on or today()
        )
        is not None
    )


def open_weeks(approval: ExamApproval, on: dt.date | None = None):
    """Exam weeks of the association the candidate may still register for: registration open,
    and over before the approval ends."""
    on = on or today()
    return [
        week
        for week in approval.association.exam_weeks.order_by("starts_on")
        if week.starts_on > on
        and (week.registration_closes_on is None or week.registration_closes_on >= on)
        and week.ends_on <= approval.valid_until
    ]


def parts_due(approval: ExamApproval) -> list[str]:
    """The parts the candidate has not passed yet (only a failed part is retaken)."""
    passed = set(
        Sitting.objects.filter(registration__approval=approval, passed=True).values_list(
            "part", flat=True
        )
    )
    return [p for p in (Part.MC, Part.ESSAY) if p not in passed]


@transaction.atomic
def register(approval: ExamApproval, exam_week, *, actor, on: dt.date | None = None):
    """Register the candidate for ``exam_week``: both parts the first time, only the failed
    part(s) on an approved retake. Refused outside the approval, a closed week or a second
    open registration.

    Side effects: one Registration (waiting for the fee where one is charged) and its
    sittings; one audit row; the confirmation email when no fee is due.
    """
    on = on or today()
    approval = ExamApproval.objects.select_for_update().get(pk=approval.pk)
    if approval.status != ApprovalStatus.ACTIVE or approval.valid_until < on:
        raise ExamError(_("Your approval to sit the exam is not in force."))
    if exam_week.association_id != approval.association_id or exam_week not in open_weeks(
        approval, on
    ):
        raise ExamError(_("Registration for this exam week is not open to you."))
    if approval.registrations.filter(status__in=OPEN_REGISTRATION).exists():
        raise ExamError(_("You are already registered for an exam week."))
    retake = None
    if approval.registrations.filter(status=R.COMPLETED).exists():
        retake = approval.retakes.filter(status=RetakeStatus.APPROVED).order_by("-pk").first()
        if (
            retake is None
            or approval.registrations.filter(is_retake=True, created_at__gt=retake.created_at)
            .exclude(status=R.CANCELLED)
            .exists()
        ):
            raise ExamError(_("A retake needs a written request the coordinator has approved."))
        if exam_week.starts_on < retake.earliest_on:
            raise ExamError(
                _("The waiting period before a retake ends on %(date)s.")
                % {"date": date_format(retake.earliest_on, "j F Y")}
            )
        notice = settings_for(approval.association).retake_notice_days
        if (exam_week.starts_on - retake.created_at.date()).days < notice:
            raise ExamError(
                _("A retake is asked at least %(n)d days before the exam week.") % {"n": notice}
            )
    parts = [p for p in parts_due(approval) if retake is None or p in retake.parts]
    if not parts:
        raise ExamError(_("There is no part left to sit."))
    fee = charges_fee(approval, on)
    registration = Registration.objects.create(
        approval=approval,
        exam_week=exam_week,
        parts=parts,
        is_retake=retake is not None,
        status=R.AWAITING_PAYMENT if fee else R.REGISTERED,
    )
    for part in parts:
        Sitting.objects.create(registration=registration, part=part)
    record(
        actor,
        "exam.registered",
        registration,
        data={"uuid": str(registration.uuid), "week": exam_week.name, "parts": parts},
    )
    if not fee:
        emails.registered(registration, key=f"exam-registered:{registration.uuid}")
    return registration


def on_payment_completed(sender, payment, **kwargs) -> None:
    """The exam fee of a registration is paid: the place is confirmed."""
    if payment.fee_kind != FeeKind.EXAM or not payment.purpose_id:
        return
    registration = Registration.objects.filter(uuid=payment.purpose_id).first()
    if registration is None or registration.status != R.AWAITING_PAYMENT:
        return
    with transaction.atomic():
        transition_registration(
            registration, R.REGISTERED, actor=payment.payer, reason="Exam fee paid."
        )


@transaction.atomic
def cancel_registration(registration: Registration, *, actor, reason: str = ""):
    if registration.sittings.exclude(status="not_started").exists():
        raise ExamError(_("A part has been started: the registration cannot be cancelled."))
    return transition_registration(registration, R.CANCELLED, actor=actor, reason=reason)


# --- Accommodations ----------------------------------------------------------------------------


def can_transition_accommodation(accommodation: Accommodation, to: str) -> bool:
    return to in ACCOMMODATION_TRANSITIONS[accommodation.status]


def transition_accommodation(accommodation: Accommodation, to: str, *, actor, reason: str = ""):
    """Side effects: saves it; one audit row; the candidate's email."""
    move(
        accommodation,
        to,
        ACCOMMODATION_TRANSITIONS,
        action=f"exam.accommodation_{to}",
        actor=actor,
        reason=reason,
        fields={"reason": reason, "decided_by": actor if getattr(actor, "pk", None) else None},
    )
    emails.accommodation_decided(accommodation, key=f"exam-accommodation:{accommodation.uuid}")
    return accommodation


@transaction.atomic
def request_accommodation(
    registration: Registration,
    *,
    extra_time_percent: int,
    breaks: str = "",
    explanation: str = "",
    actor,
    on: dt.date | None = None,
) -> Accommodation:
    """Ask for extra time and/or breaks, at least the association's notice before the week.
    Side effects: one Accommodation; one audit row; an email to the coordinators."""
    on = on or today()
    notice = settings_for(registration.association).accommodation_notice_days
    if (registration.exam_week.starts_on - on).days < notice:
        raise ExamError(
            _("Accommodations are asked at least %(n)d days before the exam week.") % {"n": notice}
        )
    if registration.status not in OPEN_REGISTRATION:
        raise ExamError(_("This registration is closed."))
    if not 0 <= extra_time_percent <= 100:
        raise ExamError(_("Extra time is between 0 and 100 percent."))
    if not extra_time_percent and not breaks.strip():
        raise ExamError(_("Say what you need: extra time, breaks or both."))
    if registration.accommodations.filter(status=AC.REQUESTED).exists():
        raise ExamError(_("Your earlier request is still waiting for the coordinator."))
    accommodation = Accommodation.objects.create(
        registration=registration,
        extra_time_percent=extra_time_percent,
        breaks=breaks.strip(),
        explanation=explanation.strip(),
    )
    record(
        actor,
        "exam.accommodation_requested",
        accommodation,
        data={"uuid": str(accommodation.uuid), "extra_time_percent": extra_time_percent},
    )
    emails.to_coordinators(
        registration.association,
        "exam-accommodation-requested",
        {"accommodation": accommodation},
        key=f"exam-accommodation-requested:{accommodation.uuid}",
    )
    return accommodation


@transaction.atomic
def decide_accommodation(accommodation: Accommodation, *, approve: bool, actor, reason: str):
    if not reason.strip():
        raise ExamError(_("Write the reason for the candidate."))
    to = AC.APPROVED if approve else AC.DECLINED
    return transition_accommodation(accommodation, to, actor=actor, reason=reason.strip())


def extra_time_percent(registration: Registration) -> int:
    found = registration.accommodations.filter(status=AC.APPROVED).order_by("-pk").first()
    return found.extra_time_percent if found else 0


@transaction.atomic
def set_start_code(exam_week, code: str, *, actor) -> None:
    """Ask candidates of the week for ``code`` before they start (empty: no code)."""
    code = code.strip().upper()
    if code:
        WeekStartCode.objects.update_or_create(exam_week=exam_week, defaults={"code": code})
    else:
        WeekStartCode.objects.filter(exam_week=exam_week).delete()
    record(actor, "exam.start_code_set", exam_week, data={"set": bool(code)})


def send_reminders(on: dt.date | None = None) -> int:
    """Remind registered candidates a week and a day before their exam week (each once)."""
    on = on or today()
    sent = 0
    for days, kind in ((7, "week"), (1, "day")):
        for registration in Registration.objects.filter(
            status=R.REGISTERED, exam_week__starts_on=on + dt.timedelta(days=days)
        ).select_related("exam_week", "approval__candidate"):
            if kind in registration.reminders_sent:
                continue
            with transaction.atomic():
                emails.reminder(registration, kind, key=f"exam-reminder:{registration.uuid}:{kind}")
                registration.reminders_sent = [*registration.reminders_sent, kind]
                registration.save(update_fields=["reminders_sent"])
                record(
                    None,
                    "exam.reminder_sent",
                    registration,
                    actor_label="reminders",
                    data={"kind": kind},
                )
                sent += 1
    return sent
