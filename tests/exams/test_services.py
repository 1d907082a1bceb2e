import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from easy.audit.models import AuditEvent
from endorsements.models import Endorsement
from exams import services
from exams.enums import (
    AccommodationStatus,
    ApprovalStatus,
    ItemStatus,
    Part,
    RegistrationStatus,
    SittingStatus,
)
from exams.models import Answer, ExamForm, Item, ItemVersion
from reviews.models import Review
from tests.factories.exams import approved_candidate, bank, exam_week, grader, registered

pytestmark = pytest.mark.django_db


def sittings_of(registration):
    return {s.part: s for s in registration.sittings.all()}


def answer_all(sitting, *, right: int, actor):
    """Answer the first ``right`` questions correctly and the rest wrongly."""
    items = {i.pk: i for i in Item.objects.filter(pk__in=sitting.item_order)}
    for position, item_id in enumerate(sitting.item_order, start=1):
        key = items[item_id].key
        shown = sitting.option_orders[str(item_id)].index(key)
        choice = shown if position <= right else (shown + 1) % 4
        services.save_answer(sitting, position, choice=choice, actor=actor)


# --- Approval -----------------------------------------------------------------------------


def test_approval_lasts_the_associations_days_from_the_decision(approval):
    assert approval.status == ApprovalStatus.ACTIVE
    assert approval.valid_until == approval.approved_on + dt.timedelta(days=365)
    assert approval.candidate.email == "carla@example.org"


def test_extend_approval_needs_a_reason_and_is_audited(outbox, approval, coordinator):
    later = approval.valid_until + dt.timedelta(days=60)
    with pytest.raises(services.ExamError):
        services.extend_approval(approval, later, actor=coordinator, reason=" ")
    services.extend_approval(approval, later, actor=coordinator, reason="Illness in family")
    approval.refresh_from_db()
    assert approval.valid_until == later
    event = AuditEvent.objects.get(action="exam.approval_extended")
    assert event.reason == "Illness in family"
    assert outbox()[-1].to == ["carla@example.org"]
    assert "Illness in family" in outbox()[-1].body


def test_expired_approval_closes_and_candidate_can_ask_anew(outbox, approval, coordinator):
    assert services.expire_due_approvals(on=approval.valid_until + dt.timedelta(days=1)) == 1
    assert services.expire_due_approvals(on=approval.valid_until + dt.timedelta(days=1)) == 0
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.EXPIRED
    assert "ask the coordinator for a new approval" in outbox()[-1].body
    services.request_new_approval(
        approval, "I was ill; may I sit in spring?", actor=approval.candidate
    )
    assert approval.status == ApprovalStatus.RENEWAL_REQUESTED
    services.decide_new_approval(approval, grant=True, actor=coordinator)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.ACTIVE
    assert approval.valid_until == timezone.localdate() + dt.timedelta(days=365)


def test_transition_map_refuses_a_jump(approval):
    assert services.can_transition_approval(approval, ApprovalStatus.RENEWAL_REQUESTED) is False
    with pytest.raises(services.ExamError):
        services.transition_approval(approval, ApprovalStatus.RENEWAL_REQUESTED, actor=None)


# --- Question bank ------------------------------------------------------------------------


def test_a_used_item_is_never_edited_only_retired_and_replaced(catalog, exam_bank, week):
    item = Item.objects.filter(family="infant", area__for_mentors=True).first()
    data = services.ItemData(
        family="infant", area=item.area, stem="Changed?", options=["a", "b", "c", "d"], key=2
    )
    services.save_item(item, data, actor=None)
    item.refresh_from_db()
    assert (item.stem, item.version) == ("Changed?", 2)
    assert list(item.versions.values_list("version", flat=True)) == [2]
    form = services.form_for(week, "infant", True)
    used = form.items.first()
    with pytest.raises(services.ExamError, match="retire it"):
        services.save_item(used, data, actor=None)
    new = services.replace_item(used, data, actor=None)
    used.refresh_from_db()
    assert used.status == ItemStatus.RETIRED
    assert (new.replaces_id, new.version, new.status) == (used.pk, used.version + 1, "draft")
    assert ItemVersion.objects.filter(item=new).get().version == new.version


def test_item_needs_four_distinct_options(catalog):
    from endorsements.models import CompetencyArea

    area = CompetencyArea.objects.filter(family="infant").first()
    data = services.ItemData(
        family="infant", area=area, stem="Q?", options=["a", "a", "c", "d"], key=0
    )
    with pytest.raises(services.ExamError, match="Two options are the same"):
        services.save_item(None, data, actor=None)


def test_form_draws_60_items_by_blueprint_same_for_every_mentor_designation(catalog, association):
    from endorsements.models import CompetencyArea

    areas = list(CompetencyArea.objects.filter(family="infant", for_mentors=True))
    assert len(areas) == 11
    bank("infant", per_area=6, spare=1)  # 66 drawn by the blueprint…
    blueprint = services.save_blueprint(
        "infant",
        True,
        "Infant Mentor 2026",
        {a: (6 if i < 5 else 5) for i, a in enumerate(areas)},
        actor=None,
    )
    assert blueprint.total == 60
    week = exam_week(association)
    form = services.form_for(week, "infant", True)
    assert form.items.count() == 60
    assert services.form_for(week, "infant", True) == form
    assert ExamForm.objects.count() == 1
    assert Item.objects.filter(used_at__isnull=False).count() == 60


# --- Registration and accommodations --------------------------------------------------------


def test_register_without_fee_confirms_both_parts(outbox, approval, week):
    registration = registered(approval, week)
    assert registration.status == RegistrationStatus.REGISTERED
    assert sorted(sittings_of(registration)) == [Part.ESSAY, Part.MC]
    assert "You are registered for the exam: This week" in outbox()[-1].subject


def test_register_waits_for_the_exam_fee_where_charged(approval, week, association):
    from payments.enums import FeeKind
    from payments.models import FeeSchedule

    FeeSchedule.objects.create(
        association=association,
        fee_kind=FeeKind.EXAM,
        amount_cents=15000,
        effective_from=dt.date(2020, 1, 1),
    )
    registration = registered(approval, week)
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT


def test_register_refuses_a_week_after_the_approval(approval, association):
    late = exam_week(association, starts_in=400, name="Too late")
    with pytest.raises(services.ExamError, match="not open to you"):
        services.register(approval, late, actor=approval.candidate)


def test_accommodation_two_weeks_ahead_decided_with_reason(
    outbox, approval, association, coordinator
):
    week = exam_week(association, starts_in=20, name="Later")
    registration = services.register(approval, week, actor=approval.candidate)
    with pytest.raises(services.ExamError, match="at least 14 days"):
        services.request_accommodation(
            registration,
            extra_time_percent=50,
            actor=approval.candidate,
            on=week.starts_on - dt.timedelta(days=13),
        )
    acc = services.request_accommodation(
        registration, extra_time_percent=50, breaks="Two 10-minute breaks", actor=approval.candidate
    )
    with pytest.raises(services.ExamError):
        services.decide_accommodation(acc, approve=True, actor=coordinator, reason="")
    services.decide_accommodation(acc, approve=True, actor=coordinator, reason="Documented need")
    acc.refresh_from_db()
    assert acc.status == AccommodationStatus.APPROVED
    assert "50% extra time" in outbox()[-1].body


# --- Sitting and timing ---------------------------------------------------------------------


def test_start_sets_the_deadline_once_two_tabs_cannot_extend(
    approval, week, exam_bank, exam_settings
):
    registration = registered(approval, week)
    mc = sittings_of(registration)[Part.MC]
    t0 = timezone.now()
    services.start(mc, actor=approval.candidate, now=t0)
    again = services.start(mc, actor=approval.candidate, now=t0 + dt.timedelta(seconds=30))
    mc.refresh_from_db()
    assert mc.deadline == t0 + dt.timedelta(seconds=60)
    assert again.deadline == mc.deadline
    assert len(mc.item_order) == 11


def test_extra_time_lengthens_the_deadline(
    approval, association, exam_bank, exam_settings, coordinator
):
    week = exam_week(association, starts_in=20, name="Later")
    registration = services.register(approval, week, actor=approval.candidate)
    acc = services.request_accommodation(
        registration, extra_time_percent=50, actor=approval.candidate
    )
    services.decide_accommodation(acc, approve=True, actor=coordinator, reason="ok")
    week.starts_on = timezone.localdate()
    week.save()
    mc = sittings_of(registration)[Part.MC]
    t0 = timezone.now()
    services.start(mc, actor=approval.candidate, now=t0)
    mc.refresh_from_db()
    assert mc.deadline == t0 + dt.timedelta(seconds=90)


def test_an_answer_after_the_deadline_is_refused_and_the_part_submitted(
    approval, week, exam_bank, exam_settings
):
    registration = registered(approval, week)
    mc = sittings_of(registration)[Part.MC]
    t0 = timezone.now()
    services.start(mc, actor=approval.candidate, now=t0)
    mc.refresh_from_db()
    services.save_answer(
        mc, 1, choice=2, actor=approval.candidate, now=t0 + dt.timedelta(seconds=59)
    )
    with pytest.raises(services.ExamError) as info:
        services.save_answer(
            mc, 2, choice=1, actor=approval.candidate, now=t0 + dt.timedelta(seconds=60)
        )
    assert info.value.code == services.ExamError.CLOSED
    mc.refresh_from_db()
    assert mc.status == SittingStatus.SCORED
    assert mc.auto_submitted is True
    assert Answer.objects.filter(sitting=mc).count() == 1


def test_start_code_is_required_when_the_week_has_one(approval, week, exam_bank, coordinator):
    services.set_start_code(week, "mint42", actor=coordinator)
    mc = sittings_of(registered(approval, week))[Part.MC]
    with pytest.raises(services.ExamError, match="start code"):
        services.start(mc, actor=approval.candidate, code="wrong")
    services.start(mc, actor=approval.candidate, code="MINT42")
    mc.refresh_from_db()
    assert mc.status == SittingStatus.IN_PROGRESS


def test_option_order_is_shuffled_per_candidate_and_mapped_back(
    association, approval, week, exam_bank
):
    other = approved_candidate(association, "IMHM-P")
    mine = sittings_of(registered(approval, week))[Part.MC]
    theirs = sittings_of(registered(other, week))[Part.MC]
    services.start(mine, actor=approval.candidate)
    services.start(theirs, actor=other.candidate)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.form_id == theirs.form_id  # Clinical and Policy share the family's form
    assert sorted(mine.item_order) == sorted(theirs.item_order)
    assert (mine.item_order, mine.option_orders) != (theirs.item_order, theirs.option_orders)
    item_id = mine.item_order[0]
    services.save_answer(mine, 1, choice=0, actor=approval.candidate)
    assert (
        Answer.objects.get(sitting=mine, item_id=item_id).choice
        == mine.option_orders[str(item_id)][0]
    )


def test_mc_scored_at_submission_with_area_scores(approval, week, exam_bank):
    mc = sittings_of(registered(approval, week))[Part.MC]
    services.start(mc, actor=approval.candidate)
    mc.refresh_from_db()
    answer_all(mc, right=9, actor=approval.candidate)
    services.submit(mc, actor=approval.candidate)
    mc.refresh_from_db()
    assert mc.status == SittingStatus.SCORED
    assert mc.score_percent == Decimal("81.8")
    assert mc.passed is True
    assert len(mc.area_scores) == 11
    assert sorted({a["percent"] for a in mc.area_scores}) == ["0.0", "100.0"]


# --- Grading and outcome --------------------------------------------------------------------


def sit_essay(approval, registration, text="My answer"):
    essay = sittings_of(registration)[Part.ESSAY]
    services.start(essay, actor=approval.candidate)
    essay.refresh_from_db()
    for v in essay.vignettes.all():
        services.save_response(essay, v, text, actor=approval.candidate)
    services.submit(essay, actor=approval.candidate)
    essay.refresh_from_db()
    return essay


def grade(essay, grading, points):
    criteria = services.grading.rubric(essay)
    services.submit_grading(
        grading,
        dict(zip([c.pk for c in criteria], points, strict=True)),
        {},
        comment="Clear.",
        actor=grading.grader,
    )


def test_two_graders_never_one_with_a_conflict(outbox, approval, week, exam_bank, graders):
    Review.objects.create(
        application=approval.application,
        version=1,
        reviewer=graders[0],
        due_on=timezone.localdate(),
    )
    essay = sit_essay(approval, registered(approval, week))
    assigned = {g.grader for g in essay.gradings.all()}
    assert assigned == {graders[1], graders[2]}
    assert essay.code.startswith("E-")
    grader_mail = [m for m in outbox() if m.to[0] in ("gus@example.org", "gwen@example.org")]
    assert len(grader_mail) == 2
    for message in grader_mail:
        assert essay.code in message.subject
        for secret in ("Carla", "carla@example.org", "WI-AIMH", "Wisconsin"):
            assert secret not in message.body
            assert secret not in message.alternatives[0][0]


def test_disagreement_calls_a_third_grader_then_both_parts_passed_grants(
    outbox, approval, week, exam_bank, graders, coordinator
):
    registration = registered(approval, week)
    mc = sittings_of(registration)[Part.MC]
    services.start(mc, actor=approval.candidate)
    mc.refresh_from_db()
    answer_all(mc, right=11, actor=approval.candidate)
    services.submit(mc, actor=approval.candidate)
    essay = sit_essay(approval, registration)
    first, second = essay.gradings.order_by("pk")
    grade(essay, first, [5, 4])  # 90 %: pass
    grade(essay, second, [3, 3])  # 60 %: fail
    third = essay.gradings.get(is_third=True)
    assert third.grader == graders[2]
    with pytest.raises(services.ExamError):
        services.confirm_essay(essay, actor=coordinator)
    grade(essay, third, [4, 4])
    services.confirm_essay(essay, actor=coordinator)
    essay.refresh_from_db()
    assert (essay.score_percent, essay.passed) == (Decimal("80.0"), True)
    approval.refresh_from_db()
    approval.application.refresh_from_db()
    assert approval.status == ApprovalStatus.PASSED
    assert approval.application.status == ApplicationStatus.ENDORSED
    endorsement = Endorsement.objects.get(application=approval.application)
    (result,) = [m for m in outbox() if m.subject == "You passed the written exam"]
    assert endorsement.number in result.body
    assert "Theoretical Foundations: 100.0%" in result.body
    assert "question" not in result.body  # never the items


def test_failed_part_retaken_only_after_request_and_wait(
    outbox, approval, week, exam_bank, graders, coordinator, association
):
    registration = registered(approval, week)
    mc = sittings_of(registration)[Part.MC]
    services.start(mc, actor=approval.candidate)
    mc.refresh_from_db()
    answer_all(mc, right=3, actor=approval.candidate)
    services.submit(mc, actor=approval.candidate)
    essay = sit_essay(approval, registration)
    a, b = essay.gradings.order_by("pk")
    grade(essay, a, [4, 4])
    grade(essay, b, [4, 3])
    services.confirm_essay(essay, actor=coordinator)
    (result,) = [m for m in outbox() if m.subject == "Your written exam result"]
    assert "Part 1: multiple choice" in result.body
    later = exam_week(association, starts_in=200, name="Autumn")
    with pytest.raises(services.ExamError, match="written request"):
        services.register(approval, later, actor=approval.candidate)
    request = services.request_retake(
        approval, "Please let me retake part 1.", actor=approval.candidate
    )
    assert request.parts == [Part.MC]
    assert request.earliest_on == timezone.localdate() + dt.timedelta(days=365)
    services.decide_retake(request, approve=True, actor=coordinator)
    with pytest.raises(services.ExamError, match="waiting period"):
        services.register(approval, later, actor=approval.candidate)
    services.settings_for(association).__class__.objects.create(
        association=association, retake_wait_days=56, retake_notice_days=250
    )
    request.earliest_on = timezone.localdate() + dt.timedelta(days=56)
    request.save()
    with pytest.raises(services.ExamError, match="at least 250 days before"):
        services.register(approval, later, actor=approval.candidate)
    services.save_settings(association, {"retake_notice_days": 56}, actor=coordinator)
    retake = services.register(approval, later, actor=approval.candidate)
    assert retake.parts == [Part.MC] and retake.is_retake


def test_graders_missing_tell_the_coordinator(outbox, approval, week, exam_bank, coordinator):
    essay = sit_essay(approval, registered(approval, week))
    assert essay.gradings.count() == 0
    assert any("needs a grader" in m.subject for m in outbox() if m.to == [coordinator.email])
    grader(approval.association)
    grader(approval.association)
    services.assign_graders(essay, actor=coordinator)
    assert essay.gradings.count() == 2


def test_new_approval_refused_with_reason_tells_the_candidate(outbox, approval, coordinator):
    services.expire_due_approvals(on=approval.valid_until + dt.timedelta(days=1))
    services.request_new_approval(approval, "Please.", actor=approval.candidate)
    with pytest.raises(services.ExamError):
        services.decide_new_approval(approval, grant=False, actor=coordinator)
    services.decide_new_approval(approval, grant=False, actor=coordinator, reason="Apply anew.")
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.EXPIRED
    message = outbox()[-1]
    assert message.subject == "Your request for a new exam approval was declined"
    assert "Apply anew." in message.body and "Apply anew." in message.alternatives[0][0]


def test_a_coordinator_who_also_grades_is_never_assigned(approval, week, exam_bank, graders):
    from easy.accounts.enums import Role
    from tests.factories.accounts import with_role

    with_role(graders[0], approval.association, Role.COORDINATOR)
    reasons = services.grader_conflicts(
        graders[0], sittings_of(registered(approval, week))[Part.ESSAY]
    )
    assert reasons == ["Runs the association's exam and knows who the candidates are."]


def test_every_exam_workflow_answers_the_platforms_can_transition(approval, week, exam_bank):
    from easy.lib import workflows

    sitting = sittings_of(registered(approval, week))[Part.MC]
    assert workflows.can_transition(sitting, SittingStatus.IN_PROGRESS) is True
    assert workflows.can_transition(sitting, SittingStatus.SCORED) is False
    assert workflows.can_transition(approval, ApprovalStatus.EXPIRED) is True
    item = Item.objects.first()
    assert workflows.can_transition(item, ItemStatus.DRAFT) is False
