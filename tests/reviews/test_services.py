import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from applications import services as application_services
from applications.enums import ApplicationStatus
from easy.audit.models import AuditEvent
from endorsements.models import Endorsement
from endorsements.services import renewal_date
from reviews import services
from reviews.enums import Recommendation, ReviewStatus, Score
from reviews.models import Decision, Review
from reviews.services import AreaAnswer, ReviewError
from tests.factories.applications import RSCSessionFactory, WorkPeriodFactory
from tests.factories.reviews import assign, fill, submitted_application

S = ApplicationStatus
R = Recommendation


def actions(application) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(application.uuid))
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def in_review(application, coordinator):
    services.accept_for_review(application, actor=coordinator)
    application.refresh_from_db()
    return application


# --- Completeness check -------------------------------------------------------------------


def test_accept_for_review_moves_to_in_review_and_tells_the_applicant(
    application, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_for_review(application, actor=coordinator)

    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert "now with the reviewers" in mail.outbox[0].body
    assert actions(application)[-1] == "application.transition"


def test_return_to_applicant_unlocks_with_the_reasons(
    application, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_to_applicant(
            application, actor=coordinator, reason="Attach your BA transcript."
        )

    application.refresh_from_db()
    assert application.status == S.RETURNED
    assert application.is_editable
    assert "Attach your BA transcript." in mail.outbox[0].body


def test_return_without_reason_is_refused(application, coordinator):
    with pytest.raises(ReviewError, match="Say what the applicant should change"):
        services.return_to_applicant(application, actor=coordinator, reason="  ")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_accept_refused_unless_submitted(application, coordinator):
    services.accept_for_review(application, actor=coordinator)
    with pytest.raises(ReviewError, match="Only a submitted application"):
        services.accept_for_review(application, actor=coordinator)


# --- Assigning ------------------------------------------------------------------------------


def test_assign_two_reviewers_due_after_28_days_with_email(
    in_review, reviewers, coordinator, django_capture_on_commit_callbacks
):
    today = dt.date(2026, 3, 2)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.assign_reviewer(
            in_review, reviewers["rosa"], actor=coordinator, today=today
        )
        second = services.assign_reviewer(
            in_review, reviewers["sam"], actor=coordinator, today=today
        )

    assert (first.due_on, second.due_on) == (dt.date(2026, 3, 30), dt.date(2026, 3, 30))
    assert (first.is_third, second.is_third) == (False, False)
    assert [m.to for m in mail.outbox] == [[reviewers["rosa"].email], [reviewers["sam"].email]]
    assert mail.outbox[0].subject == "Review assigned: IFS application, due 30 March 2026"
    assert f"/review/r/{first.uuid}/" in mail.outbox[0].body
    assert actions(in_review).count("review.assigned") == 2


def test_assign_uses_the_association_setting(in_review, reviewers, coordinator):
    services.save_settings(
        in_review.association, review_days=14, reminder_days=3, actor=coordinator
    )
    review = services.assign_reviewer(
        in_review, reviewers["rosa"], actor=coordinator, today=dt.date(2026, 3, 2)
    )
    assert review.due_on == dt.date(2026, 3, 16)


def test_a_third_primary_reviewer_is_refused(in_review, reviewers, coordinator):
    services.assign_reviewer(in_review, reviewers["rosa"], actor=coordinator)
    services.assign_reviewer(in_review, reviewers["sam"], actor=coordinator)
    with pytest.raises(ReviewError, match="has its reviewers"):
        services.assign_reviewer(in_review, reviewers["tess"], actor=coordinator)


def test_reviewer_below_the_category_is_refused(in_review, reviewers, coordinator):
    with pytest.raises(ReviewError, match="Endorsed as IFA: not at the applicant's category"):
        services.assign_reviewer(in_review, reviewers["ivy"], actor=coordinator)
    assert not Review.objects.exists()


def test_mentor_application_needs_a_mentor_reviewer(catalog, association, reviewers, coordinator):
    application = submitted_application(association, category="IMHM-C")
    services.accept_for_review(application, actor=coordinator)
    with pytest.raises(ReviewError, match="Endorsed as IMHS"):
        services.assign_reviewer(application, reviewers["rosa"], actor=coordinator)
    review = services.assign_reviewer(application, reviewers["sam"], actor=coordinator)
    assert review.reviewer == reviewers["sam"]


@pytest.mark.parametrize(
    ("arrange", "reason"),
    [
        (
            lambda app, user: app.references.update(email=user.email.upper()),
            "Is one of the applicant's reference raters.",
        ),
        (
            lambda app, user: RSCSessionFactory(
                application=app, provider_name="Dr. Rosa M. Reviewer, LMSW"
            ),
            "Provided reflective supervision/consultation to the applicant "
            "(Dr. Rosa M. Reviewer, LMSW).",
        ),
        (
            lambda app, user: type(app).objects.filter(pk=app.pk).update(advisor=user),
            "Is the applicant's advisor.",
        ),
        (
            lambda app, user: WorkPeriodFactory(application=app, employer="north  clinic"),
            "Works for the same employer as the applicant (North Clinic).",
        ),
        (
            lambda app, user: user.reviewer_profiles.update(
                declared_conflicts="someone@else.org\nADA applicant"
            ),
            "Declared a conflict of interest with this applicant.",
        ),
    ],
    ids=["rater", "rsc-provider", "advisor", "employer", "declared"],
)
def test_conflict_of_interest_refuses_with_the_reason(
    in_review, reviewers, coordinator, arrange, reason
):
    rosa = reviewers["rosa"]
    arrange(in_review, rosa)
    with pytest.raises(ReviewError) as error:
        services.assign_reviewer(in_review, rosa, actor=coordinator)
    assert str(error.value) == reason
    assert not Review.objects.exists()


def test_assign_refused_before_acceptance(application, reviewers, coordinator):
    with pytest.raises(ReviewError, match="once the application is accepted"):
        services.assign_reviewer(application, reviewers["rosa"], actor=coordinator)


def test_decline_frees_the_slot_and_the_decliner_cannot_be_reassigned(
    in_review, reviewers, coordinator
):
    review = services.assign_reviewer(in_review, reviewers["rosa"], actor=coordinator)
    services.assign_reviewer(in_review, reviewers["sam"], actor=coordinator)

    services.decline_review(review, actor=reviewers["rosa"], reason="I supervised her in 2019.")

    review.refresh_from_db()
    assert review.status == ReviewStatus.DECLINED
    assert review.decline_reason == "I supervised her in 2019."
    with pytest.raises(ReviewError, match=r"Declined this application: I supervised her in 2019\."):
        services.assign_reviewer(in_review, reviewers["rosa"], actor=coordinator)
    third = services.assign_reviewer(in_review, reviewers["tess"], actor=coordinator)
    assert third.is_third is False
    assert "review.declined" in actions(in_review)


def test_decline_needs_a_reason(in_review, reviewers, coordinator):
    review = services.assign_reviewer(in_review, reviewers["rosa"], actor=coordinator)
    with pytest.raises(ReviewError, match="Say why you decline"):
        services.decline_review(review, actor=reviewers["rosa"], reason="")


# --- Scoring --------------------------------------------------------------------------------


def answers(score: str = Score.MET, skip: int = 0) -> list[AreaAnswer]:
    from endorsements.models import Category
    from endorsements.queries import competency_areas_for

    areas = competency_areas_for(Category.objects.get(code="IFS"))
    return [
        AreaAnswer(a.code, score, f"Good work on {a.name}", f"note {a.code}") for a in areas[skip:]
    ]


def test_draft_persists_and_submit_locks(in_review, reviewers, coordinator):
    rosa = reviewers["rosa"]
    review = services.assign_reviewer(in_review, rosa, actor=coordinator)

    services.save_draft(review, answers(skip=3), recommendation="", actor=rosa)
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED
    assert review.scores.count() == 5

    with pytest.raises(ReviewError, match="Score every competency area"):
        services.submit_review(review, [], recommendation=R.ENDORSE, actor=rosa)
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED
    assert review.scores.count() == 5

    services.submit_review(review, answers(), recommendation=R.ENDORSE, actor=rosa)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.scores.filter(score=Score.MET).count() == 8
    with pytest.raises(ReviewError, match="can no longer change"):
        services.save_draft(review, answers(Score.NOT_MET), actor=rosa)
    assert review.scores.filter(score=Score.MET).count() == 8


def test_only_the_assigned_reviewer_writes(in_review, reviewers, coordinator):
    review = services.assign_reviewer(in_review, reviewers["rosa"], actor=coordinator)
    with pytest.raises(ReviewError, match="Only the assigned reviewer"):
        services.save_draft(review, answers(), actor=reviewers["sam"])


def test_exam_category_cannot_be_endorsed_directly(catalog, association, reviewers, coordinator):
    application = submitted_application(association, category="IMHM-C")
    services.accept_for_review(application, actor=coordinator)
    review = services.assign_reviewer(application, reviewers["sam"], actor=coordinator)
    from endorsements.models import Category
    from endorsements.queries import competency_areas_for

    mentor_answers = [
        AreaAnswer(a.code, Score.MET)
        for a in competency_areas_for(Category.objects.get(code="IMHM-C"))
    ]
    with pytest.raises(ReviewError, match="Choose one of the recommendations"):
        services.submit_review(
            review, mentor_answers, recommendation=R.ENDORSE, actor=reviewers["sam"]
        )
    services.submit_review(
        review, mentor_answers, recommendation=R.APPROVE_TO_SIT_EXAM, actor=reviewers["sam"]
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert len(mentor_answers) == 11


def test_imhs_needs_no_exam_from_2025(catalog, association, reviewers, coordinator):
    from reviews.eligibility import exam_applies

    application = submitted_application(association, category="IMHS")
    assert exam_applies(application, on=dt.date(2024, 12, 31)) is True
    assert exam_applies(application, on=dt.date(2025, 1, 1)) is False


# --- Reconciling and deciding ---------------------------------------------------------------


def two_reviews(application, reviewers, first=R.ENDORSE, second=R.ENDORSE):
    return (
        fill(assign(application, reviewers["rosa"]), first),
        fill(assign(application, reviewers["sam"]), second),
    )


def test_decision_waits_for_both_reviews(in_review, reviewers, coordinator):
    fill(assign(in_review, reviewers["rosa"]))
    assign(in_review, reviewers["sam"])
    with pytest.raises(ReviewError, match="Every reviewer asked must submit"):
        services.decide(in_review, R.ENDORSE, actor=coordinator)


def test_agreeing_reviews_confirmed_endorse_creates_the_endorsement(
    in_review, reviewers, coordinator, django_capture_on_commit_callbacks
):
    two_reviews(in_review, reviewers)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(
            in_review, R.ENDORSE, actor=coordinator, message="Welcome aboard."
        )

    in_review.refresh_from_db()
    assert in_review.status == S.ENDORSED
    assert decision.follows_reviewers is True
    endorsement = Endorsement.objects.get(application=in_review)
    today = timezone.localdate()
    assert endorsement.number == "WI-IFS-000001"
    assert endorsement.category_code == "IFS"
    assert endorsement.user == in_review.applicant
    assert endorsement.granted_on == today
    assert endorsement.renews_on == renewal_date(today)
    decision_mail = [m for m in mail.outbox if m.subject.startswith("Decision on")]
    assert len(decision_mail) == 1
    body, html = decision_mail[0].body, decision_mail[0].alternatives[0][0]
    assert decision_mail[0].subject == "Decision on your IFS application: Endorse"
    assert "Welcome aboard." in body
    assert "Reviewer 1" in body and "Reviewer 2" in body
    assert "Comment on Theoretical Foundations" in body
    for text in (body, html):
        assert "for the applicant" in text
        assert "Secret note" not in text
        assert "Private note" not in text
        assert "Rosa Reviewer" not in text
        assert "Sam Second" not in text
    assert {"review.decided", "application.transition"} <= set(actions(in_review))


@pytest.mark.parametrize(
    ("outcome", "subject"),
    [
        (R.ENDORSE, "Decision on your IFS application: Endorse"),
        (R.REVISE_RESUBMIT, "Decision on your IFS application: Revise and resubmit"),
        (R.NOT_ENDORSE, "Decision on your IFS application: Not endorse"),
    ],
)
def test_decision_sends_the_applicant_one_email(
    in_review, reviewers, coordinator, outcome, subject, django_capture_on_commit_callbacks
):
    two_reviews(in_review, reviewers, outcome, outcome)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(in_review, outcome, actor=coordinator)

    decision_mail = [
        m for m in mail.outbox if not m.subject.endswith("certificate (WI-IFS-000001) is ready")
    ]
    assert [(m.to, m.subject) for m in decision_mail] == [(["ada@example.org"], subject)]
    # Endorsing also grants the endorsement, whose certificate comes in an email of its own.
    assert len(mail.outbox) - len(decision_mail) == (1 if outcome == R.ENDORSE else 0)
    assert "application.transition" in actions(in_review)


def test_disagreement_needs_a_reason_or_a_third_reviewer(in_review, reviewers, coordinator):
    two_reviews(in_review, reviewers, R.ENDORSE, R.REVISE_RESUBMIT)
    with pytest.raises(ReviewError, match="write the reason"):
        services.decide(in_review, R.ENDORSE, actor=coordinator)

    third = services.assign_reviewer(in_review, reviewers["tess"], actor=coordinator)
    assert third.is_third is True
    with pytest.raises(ReviewError, match="Every reviewer asked must submit"):
        services.decide(in_review, R.REVISE_RESUBMIT, actor=coordinator, reason="Committee.")

    fill(third, R.REVISE_RESUBMIT)
    decision = services.decide(in_review, R.REVISE_RESUBMIT, actor=coordinator)
    assert decision.follows_reviewers is True
    in_review.refresh_from_db()
    assert in_review.status == S.REVISE_RESUBMIT


def test_coordinator_may_decide_a_disagreement_with_a_written_reason(
    in_review, reviewers, coordinator
):
    two_reviews(in_review, reviewers, R.ENDORSE, R.NOT_ENDORSE)
    decision = services.decide(
        in_review, R.NOT_ENDORSE, actor=coordinator, reason="Work is promotion, not prevention."
    )
    assert decision.follows_reviewers is False
    assert decision.reason == "Work is promotion, not prevention."
    event = AuditEvent.objects.get(action="review.decided")
    assert event.reason == "Work is promotion, not prevention."
    assert event.data["recommendations"] == ["endorse", "not_endorse"]
    assert not Endorsement.objects.exists()


def test_no_third_reviewer_when_the_two_agree(in_review, reviewers, coordinator):
    two_reviews(in_review, reviewers)
    with pytest.raises(ReviewError, match="only when the first two disagree"):
        services.assign_reviewer(in_review, reviewers["tess"], actor=coordinator)


def test_revise_and_resubmit_keeps_the_earlier_version_and_reviews(
    in_review, reviewers, coordinator
):
    first, second = two_reviews(in_review, reviewers, R.REVISE_RESUBMIT, R.REVISE_RESUBMIT)
    services.decide(in_review, R.REVISE_RESUBMIT, actor=coordinator)

    application_services.start_revision(in_review, actor=in_review.applicant)
    in_review.refresh_from_db()
    assert (in_review.status, in_review.version) == (S.IN_PROGRESS, 2)
    assert set(Review.objects.filter(version=1)) == {first, second}
    assert Decision.objects.get().version == 1
    assert in_review.versions.get().number == 1


# --- Deadlines ------------------------------------------------------------------------------


def test_reminders_go_once_due_soon_then_once_overdue(
    in_review, reviewers, coordinator, django_capture_on_commit_callbacks
):
    review = services.assign_reviewer(
        in_review, reviewers["rosa"], actor=coordinator, today=dt.date(2026, 3, 2)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(dt.date(2026, 3, 22)) == 0
        assert services.send_due_reminders(dt.date(2026, 3, 23)) == 1
        assert services.send_due_reminders(dt.date(2026, 3, 24)) == 0
        assert services.send_due_reminders(dt.date(2026, 3, 31)) == 1
        assert services.send_due_reminders(dt.date(2026, 4, 5)) == 0

    assert [m.subject for m in mail.outbox] == [
        "Reminder: your review of the IFS application is due on 30 March 2026",
        "Overdue review: the IFS application was due on 30 March 2026",
    ]
    review.refresh_from_db()
    assert review.reminders_sent == ["due_soon", "overdue"]


def test_changing_the_due_date_restarts_reminders(in_review, reviewers, coordinator):
    review = services.assign_reviewer(
        in_review, reviewers["rosa"], actor=coordinator, today=dt.date(2026, 3, 2)
    )
    services.send_due_reminders(dt.date(2026, 3, 31))
    services.change_due_date(review, dt.date(2026, 4, 20), actor=coordinator)
    review.refresh_from_db()
    assert review.reminders_sent == []
    assert services.send_due_reminders(dt.date(2026, 4, 14)) == 1


def test_submitted_reviews_get_no_reminder(in_review, reviewers):
    fill(assign(in_review, reviewers["rosa"], due_on=dt.date(2026, 1, 1)))
    assert services.send_due_reminders(dt.date(2026, 3, 1)) == 0


def test_reminder_task_runs_the_service(in_review, reviewers):
    from reviews.tasks import task_send_review_reminders

    assign(in_review, reviewers["rosa"], due_on=timezone.localdate() - dt.timedelta(days=1))
    assert task_send_review_reminders.delay().get() == 1
    assert task_send_review_reminders.delay().get() == 0
