"""The renewal cycle: one renewal for every category, one fee, the rules per category, late
fee in grace, audit, return, archive and reactivate."""

import datetime as dt

import pytest
from django.core import mail

from endorsements.enums import EndorsementStatus
from payments.enums import FeeKind
from renewals import services
from renewals.enums import Phase, RenewalStatus
from renewals.models import RenewalSettings

from .conftest import IN_GRACE, IN_WINDOW, YEAR, log_year, pay

pytestmark = pytest.mark.django_db


def test_settings_default_to_the_domain_cycle(association):
    cycle = services.settings_for(association)
    assert (cycle.opens_on(YEAR), cycle.deadline(YEAR), cycle.grace_ends_on(YEAR)) == (
        dt.date(YEAR, 10, 1),
        dt.date(YEAR, 12, 31),
        dt.date(YEAR + 1, 1, 31),
    )
    assert [cycle.phase(YEAR, d) for d in (dt.date(YEAR, 9, 30), IN_WINDOW, IN_GRACE)] == [
        Phase.BEFORE,
        Phase.OPEN,
        Phase.GRACE,
    ]
    assert cycle.phase(YEAR, dt.date(YEAR + 1, 2, 1)) == Phase.CLOSED
    # January belongs to last year's cycle until its grace ends.
    assert cycle.year_for(dt.date(YEAR + 1, 1, 31)) == YEAR
    assert cycle.year_for(dt.date(YEAR + 1, 2, 1)) == YEAR + 1


def test_one_renewal_covers_every_category(endorsee, association):
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    again = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    assert again.pk == renewal.pk and renewal.year == YEAR
    assert sorted(i.endorsement.category_code for i in renewal.items.all()) == ["IFS", "IMHS"]


def test_blockers_name_what_is_missing_in_sentences(endorsee, association, fees):
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    missing = services.blockers(renewal, as_of=IN_WINDOW)
    assert missing[0] == "Sign the Code of Ethics for this year."
    assert missing[1].startswith("IFS: Still missing: 0 of 15 hours of training in 2026")
    assert missing[-1] == "Pay the renewal fee."


def test_renewing_both_categories_with_one_fee_approves_both(
    endorsee, association, fees, no_audit, django_capture_on_commit_callbacks
):
    log_year(endorsee)
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    services.sign_code_of_ethics(renewal, typed_name="erin  endorsee", actor=endorsee)
    payment = pay(renewal)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_renewal(renewal, actor=endorsee, as_of=IN_WINDOW)
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.APPROVED and not renewal.late
    assert payment.total_cents == 5000
    assert services.fees_due(renewal, as_of=IN_WINDOW) == [FeeKind.RENEWAL]
    held = {e.category_code: e for e in endorsee.endorsements.all()}
    assert {c: (e.renews_on, e.status) for c, e in held.items()} == {
        "IFS": (dt.date(YEAR + 1, 12, 31), EndorsementStatus.CURRENT),
        "IMHS": (dt.date(YEAR + 1, 12, 31), EndorsementStatus.CURRENT),
    }
    assert sorted(renewal.snapshot["categories"]) == ["IFS", "IMHS"]
    assert sum(t["hours"] for t in renewal.snapshot["trainings"]) == 15
    assert sum(s["hours"] for s in renewal.snapshot["rsc"]) == 12
    subjects = [m.subject for m in mail.outbox]
    assert f"Your {YEAR} renewal: Approved" in subjects


def test_snapshot_is_frozen_when_the_log_changes_later(endorsee, association, fees, no_audit):
    log_year(endorsee)
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    services.sign_code_of_ethics(renewal, typed_name="Erin Endorsee", actor=endorsee)
    pay(renewal)
    services.submit_renewal(renewal, actor=endorsee, as_of=IN_WINDOW)
    endorsee.trainings.update(hours=1)
    renewal.refresh_from_db()
    assert sum(t["hours"] for t in renewal.snapshot["trainings"]) == 15
    assert renewal.items.get(endorsement__category_code="IFS").evaluation["ready"] is True


def test_submit_refuses_until_each_category_meets_the_rules(endorsee, association, fees):
    log_year(endorsee, training_hours=(6, 6))
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    services.sign_code_of_ethics(renewal, typed_name="Erin Endorsee", actor=endorsee)
    pay(renewal)
    with pytest.raises(services.RenewalError, match="12 of 15 hours of training in 2026"):
        services.submit_renewal(renewal, actor=endorsee, as_of=IN_WINDOW)
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.IN_PROGRESS


def test_rsc_provision_training_only_when_providing_rsc(endorsee, association, fees):
    log_year(endorsee)
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    services.save_answers(renewal, provides_rsc=True, membership_expires_on=None, actor=endorsee)
    imhs = next(p for p in services.evaluate_renewal(renewal, as_of=IN_WINDOW)
                if p.endorsement.category_code == "IMHS")  # fmt: skip
    rule = imhs.evaluation.get("renewal_rsc_training_hours")
    assert (rule.status, rule.have, rule.need) == ("unmet", 0, 3)


def test_in_grace_the_late_fee_is_due_too(endorsee, association, fees, no_audit):
    log_year(endorsee)
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_GRACE)
    assert renewal.year == YEAR
    services.sign_code_of_ethics(renewal, typed_name="Erin Endorsee", actor=endorsee)
    pay(renewal)
    assert services.blockers(renewal, as_of=IN_GRACE) == ["Pay the late renewal fee."]
    late = pay(renewal, FeeKind.LATE_RENEWAL)
    services.submit_renewal(renewal, actor=endorsee, as_of=IN_GRACE)
    renewal.refresh_from_db()
    assert (renewal.status, renewal.late, late.total_cents) == (RenewalStatus.APPROVED, True, 2500)


def test_before_the_window_and_after_grace_no_submission(endorsee, association, fees):
    renewal = services.start_renewal(
        endorsee, association, actor=endorsee, as_of=dt.date(YEAR, 9, 1)
    )
    assert services.blockers(renewal, as_of=dt.date(YEAR, 9, 1))[0] == (
        "Renewals open on 2026-10-01."
    )
    assert services.blockers(renewal, as_of=dt.date(YEAR + 1, 2, 1))[0] == (
        "The grace period has ended: apply to reinstate instead."
    )


def test_audit_draw_waits_for_proof_then_the_coordinator_approves(
    endorsee, association, fees, coordinator
):
    cycle = services.settings_for(association)
    cycle.audit_percent = 100
    cycle.save()
    log_year(endorsee)
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    services.sign_code_of_ethics(renewal, typed_name="Erin Endorsee", actor=endorsee)
    pay(renewal)
    services.submit_renewal(renewal, actor=endorsee, as_of=IN_WINDOW)
    renewal.refresh_from_db()
    assert (renewal.status, renewal.audited) == (RenewalStatus.WAITING, True)
    assert endorsee.endorsements.filter(renews_on=dt.date(YEAR, 12, 31)).count() == 2
    from django.core.files.uploadedfile import SimpleUploadedFile

    from easy.lib.uploads import check_document
    from tests.factories.applications import PDF_BYTES

    checked = check_document(SimpleUploadedFile("cert.pdf", PDF_BYTES, "application/pdf"))
    proof = services.add_proof(renewal, checked, entry=endorsee.trainings.first(), actor=endorsee)
    assert proof.training_id == endorsee.trainings.first().pk
    services.approve_renewal(renewal, actor=coordinator, as_of=IN_WINDOW)
    assert endorsee.endorsements.filter(renews_on=dt.date(YEAR + 1, 12, 31)).count() == 2


def test_return_needs_reasons_and_the_endorsee_resubmits(
    endorsee, association, fees, coordinator, django_capture_on_commit_callbacks
):
    cycle = services.settings_for(association)
    cycle.audit_percent, cycle.auto_approve = 0, False
    cycle.save()
    log_year(endorsee)
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    services.sign_code_of_ethics(renewal, typed_name="Erin Endorsee", actor=endorsee)
    pay(renewal)
    services.submit_renewal(renewal, actor=endorsee, as_of=IN_WINDOW)
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.SUBMITTED
    with pytest.raises(services.RenewalError):
        services.return_renewal(renewal, actor=coordinator, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_renewal(renewal, actor=coordinator, reason="Add the provider of March.")
    renewal.refresh_from_db()
    assert (renewal.status, renewal.return_reason) == (
        RenewalStatus.RETURNED,
        "Add the provider of March.",
    )
    assert "Add the provider of March." in mail.outbox[-1].body
    services.submit_renewal(renewal, actor=endorsee, as_of=IN_WINDOW)
    renewal.refresh_from_db()
    assert (renewal.status, renewal.return_reason) == (RenewalStatus.SUBMITTED, "")


def test_archive_one_category_and_reactivate_it(endorsee, association, fees, no_audit):
    renewal = services.start_renewal(endorsee, association, actor=endorsee, as_of=IN_WINDOW)
    ifs = endorsee.endorsements.get(category_code="IFS")
    services.archive_category(ifs, actor=endorsee, as_of=IN_WINDOW)
    assert [i.endorsement.category_code for i in renewal.items.all()] == ["IMHS"]
    ifs.refresh_from_db()
    assert ifs.status == EndorsementStatus.ARCHIVED
    with pytest.raises(services.RenewalError, match="more than 2 years ago"):
        services.reactivate_category(ifs, actor=endorsee, as_of=dt.date(YEAR + 3, 1, 1))
    services.reactivate_category(ifs, actor=endorsee, as_of=dt.date(YEAR + 1, 3, 1))
    ifs.refresh_from_db()
    assert ifs.status == EndorsementStatus.CURRENT


def test_settings_are_per_association(association):
    cycle = services.settings_for(association)
    cycle.deadline_month, cycle.deadline_day, cycle.grace_days = 11, 30, 15
    cycle.save()
    fresh = RenewalSettings.objects.get(association=association)
    assert fresh.grace_ends_on(YEAR) == dt.date(YEAR, 12, 15)
