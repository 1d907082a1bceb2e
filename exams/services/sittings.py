"""Sitting a part in the browser. The server keeps the clock: the deadline is stored on the
sitting when the part starts (once — a second tab or device gets the same one) and every save
checks ``now < deadline`` under a row lock. A part past its deadline is submitted on the next
request or by the beat task, whichever comes first."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from easy.audit.services import record

from .. import emails
from ..enums import ApprovalStatus, ItemStatus, Part, RegistrationStatus, SittingStatus
from ..models import Answer, EssayResponse, Item, Sitting, Vignette, WeekStartCode
from .bank import form_for
from .common import ExamError, move, settings_for
from .registration import extra_time_percent

St = SittingStatus

#: Every allowed change of a sitting's status. Part 1 is scored at submission; part 2 waits for
#: its graders and the coordinator.
SITTING_TRANSITIONS: dict[str, frozenset[str]] = {
    St.NOT_STARTED: frozenset({St.IN_PROGRESS}),
    St.IN_PROGRESS: frozenset({St.SUBMITTED}),
    St.SUBMITTED: frozenset({St.GRADING, St.SCORED}),
    St.GRADING: frozenset({St.SCORED}),
    St.SCORED: frozenset(),
}


def can_transition(sitting: Sitting, to: str) -> bool:
    return to in SITTING_TRANSITIONS[sitting.status]


def transition(sitting: Sitting, to: str, *, actor, reason: str = "", fields=None) -> Sitting:
    """Move ``sitting`` to ``to``. Side effects: saves it; one audit row; on submission, the
    candidate's receipt email."""
    move(
        sitting,
        to,
        SITTING_TRANSITIONS,
        action=f"exam.sitting_{to}",
        actor=actor,
        reason=reason,
        fields=fields,
        data={"part": sitting.part},
    )
    if to == St.SUBMITTED:
        emails.part_submitted(sitting, key=f"exam-submitted:{sitting.uuid}")
    return sitting


def _candidate_check(sitting: Sitting, actor) -> None:
    if getattr(actor, "pk", None) != sitting.registration.approval.candidate_id:
        raise ExamError(_("Only the candidate sits this part."))


def _new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "E-" + "".join(secrets.choice(alphabet) for _n in range(6))
        if not Sitting.objects.filter(code=code).exists():
            return code


@transaction.atomic
def start(sitting: Sitting, *, actor, code: str = "", now: dt.datetime | None = None) -> Sitting:
    """Begin the part (or return it as it is when already begun: a reload, another tab or
    device keeps the deadline set the first time).

    Refused outside the exam week, without the week's start code, or without an approval in
    force. Side effects: the candidate's item and option order, or the vignettes; the deadline
    (the association's time plus approved extra time); status in progress; one audit row.
    """
    now = now or timezone.now()
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    _candidate_check(sitting, actor)
    if sitting.status != St.NOT_STARTED:
        return sitting
    registration = sitting.registration
    approval = registration.approval
    week = registration.exam_week
    day = timezone.localdate(now)
    if registration.status != RegistrationStatus.REGISTERED:
        raise ExamError(_("Your registration is not confirmed."))
    if approval.status != ApprovalStatus.ACTIVE:
        raise ExamError(_("Your approval to sit the exam is not in force."))
    if not week.starts_on <= day <= week.ends_on:
        raise ExamError(_("The exam can be sat only during your exam week."))
    expected = WeekStartCode.objects.filter(exam_week=week).values_list("code", flat=True).first()
    if expected and code.strip().upper() != expected:
        raise ExamError(_("The start code is not right. Ask the person running the sitting."))
    category = approval.category
    fields: dict = {}
    if sitting.part == Part.MC:
        form = form_for(week, category.family, bool(category.is_mentor), actor=actor)
        ids = list(form.form_items.order_by("position").values_list("item_id", flat=True))
        # Seeded by the sitting: the candidate's own order, the same after a reload (not a secret).
        rng = random.Random(str(sitting.uuid))  # noqa: S311 - an order, not a secret
        rng.shuffle(ids)
        orders = {}
        for item_id in ids:
            order = [0, 1, 2, 3]
            rng.shuffle(order)
            orders[str(item_id)] = order
        fields.update(form=form, item_order=ids, option_orders=orders)
    else:
        vignettes = list(
            Vignette.objects.filter(
                family=category.family,
                designation=category.designation or "",
                status=ItemStatus.ACTIVE,
            )
        )
        if not vignettes:
            raise ExamError(_("The exam is not ready: no vignette for your designation."))
        fields["code"] = _new_code()
    seconds = settings_for(approval.association).part_seconds
    seconds = seconds * (100 + extra_time_percent(registration)) / 100
    fields.update(started_at=now, deadline=now + dt.timedelta(seconds=seconds))
    transition(sitting, St.IN_PROGRESS, actor=actor, fields=fields)
    if sitting.part == Part.ESSAY:
        sitting.vignettes.set(vignettes)
    return sitting


def _open_for_saving(sitting: Sitting, actor, now: dt.datetime) -> Sitting:
    # One row lock per save, the candidate's approval read in the same query: the answer path
    # is the hot one (every candidate, every few seconds).
    locked = (
        Sitting.objects.select_for_update(of=("self",))
        .select_related("registration__approval")
        .get(pk=sitting.pk)
    )
    _candidate_check(locked, actor)
    if locked.status != St.IN_PROGRESS:
        raise ExamError(_("This part is over: your answers were submitted."), ExamError.CLOSED)
    if now >= locked.deadline:
        raise ExamError(
            _("Time is up: this answer arrived after the end of the part."), ExamError.CLOSED
        )
    return locked


def save_answer(
    sitting: Sitting,
    position: int,
    *,
    choice: int | None = None,
    flagged: bool | None = None,
    actor,
    now: dt.datetime | None = None,
) -> Sitting:
    """Keep the answer to the question at ``position`` (1-based, the candidate's order):
    ``choice`` is the option as shown (0-3), mapped to the bank's option here; ``flagged``
    marks it for review. Refused (``ExamError``, ``CLOSED``) once the deadline has passed — then the part
    is submitted. Side effects: one Answer row written. Returns the sitting as locked (its
    deadline current)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = _open_for_saving(sitting, actor, now)
            if not 1 <= position <= len(locked.item_order):
                raise ExamError(_("There is no such question."))
            item_id = locked.item_order[position - 1]
            changes: dict = {"saved_at": now}
            if choice is not None:
                if choice not in (0, 1, 2, 3):
                    raise ExamError(_("Choose one of the four options."))
                changes["choice"] = locked.option_orders[str(item_id)][choice]
            if flagged is not None:
                changes["flagged"] = flagged
            if not Answer.objects.filter(sitting=locked, item_id=item_id).update(**changes):
                Answer.objects.create(sitting=locked, item_id=item_id, **changes)
            return locked
    except ExamError as exc:
        if exc.code == ExamError.CLOSED:
            submit_if_due(sitting, now=now)
        raise


def save_response(
    sitting: Sitting, vignette: Vignette, text: str, *, actor, now: dt.datetime | None = None
) -> EssayResponse:
    """Keep the written response to ``vignette`` (same deadline rule as ``save_answer``)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = _open_for_saving(sitting, actor, now)
            if not locked.vignettes.filter(pk=vignette.pk).exists():
                raise ExamError(_("This vignette is not part of your exam."))
            response, _created = EssayResponse.objects.update_or_create(
                sitting=locked, vignette=vignette, defaults={"text": text, "saved_at": now}
            )
            return response
    except ExamError as exc:
        if exc.code == ExamError.CLOSED:
            submit_if_due(sitting, now=now)
        raise


@transaction.atomic
def submit(sitting: Sitting, *, actor, auto: bool = False, now=None) -> Sitting:
    """Hand the part in (early, or automatically at the deadline). Part 1 is scored at once;
    part 2 goes to two graders. Idempotent. Side effects: status, score or graders, audit,
    the candidate's receipt."""
    now = now or timezone.now()
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status != St.IN_PROGRESS:
        return sitting
    if not auto:
        _candidate_check(sitting, actor)
    transition(
        sitting,
        St.SUBMITTED,
        actor=actor,
        reason="Time ran out." if auto else "",
        fields={"submitted_at": min(now, sitting.deadline), "auto_submitted": auto},
    )
    if sitting.part == Part.MC:
        score_mc(sitting, actor=actor)
    else:
        from .grading import assign_graders

        transition(sitting, St.GRADING, actor=actor)
        assign_graders(sitting, actor=None)
    return sitting


def submit_if_due(sitting: Sitting, *, now: dt.datetime | None = None) -> bool:
    """Submit the part if its deadline has passed (any request, or the beat task)."""
    now = now or timezone.now()
    if sitting.status == St.IN_PROGRESS and sitting.deadline and now >= sitting.deadline:
        submit(sitting, actor=None, auto=True, now=now)
        sitting.refresh_from_db()
        return True
    return False


def submit_expired(now: dt.datetime | None = None) -> int:
    """Submit every part whose time is up. Safe to run twice. Returns how many."""
    now = now or timezone.now()
    count = 0
    for sitting in Sitting.objects.filter(status=St.IN_PROGRESS, deadline__lte=now):
        count += submit_if_due(sitting, now=now)
    return count


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def score_mc(sitting: Sitting, *, actor) -> Sitting:
    """Score part 1: the percentage right and the percentage per competency area."""
    items = Item.objects.filter(pk__in=sitting.item_order).select_related("area")
    answers = {a.item_id: a.choice for a in sitting.answers.all()}
    areas: dict[str, dict] = {}
    right = 0
    for item in sorted(items, key=lambda i: (i.area.position, i.pk)):
        row = areas.setdefault(
            item.area.code, {"area": item.area.code, "name": item.area.name, "right": 0, "of": 0}
        )
        row["of"] += 1
        if answers.get(item.pk) == item.key:
            row["right"] += 1
            right += 1
    for row in areas.values():
        row["percent"] = str(percent(row["right"], row["of"]))
    score = percent(right, len(sitting.item_order))
    passed = score >= settings_for(sitting.association).mc_pass_percent
    transition(
        sitting,
        St.SCORED,
        actor=actor,
        fields={"score_percent": score, "passed": passed, "area_scores": list(areas.values())},
    )
    record(actor, "exam.mc_scored", sitting, data={"score": str(score), "passed": passed})
    from .outcome import settle

    settle(sitting.registration, actor=actor)
    return sitting
