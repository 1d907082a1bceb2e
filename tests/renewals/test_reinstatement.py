"""Lapse and reinstatement: three new ratings, the processing fee and this year's renewal
requirements; the coordinator decides. Inactive status where the association offers it."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Membership
from easy.notifications.models import OutboundEmail
from endorsements.enums import EndorsementStatus
from payments import services as payments
from payments.enums import FeeKind, PaymentStatus
from references.enums import ReferenceStatus
from renewals import services
from renewals.enums import ReinstatementStatus
from tests.factories.applications import ReferenceFactory, sign_all

from .conftest import YEAR, log_year

pytestmark = pytest.mark.django_db
LATER = dt.date(YEAR + 1, 11, 1)


@pytest.fixture
def lapsed(endorsee):
    services.lapse_unrenewed(as_of=dt.date(YEAR + 1, 2, 1))
    held = endorsee.endorsements.get(category_code="IMHS")
    assert held.status == EndorsementStatus.LAPSED
    return held


def test_reinstatement_lists_what_is_missing_then_the_coordinator_reinstates(
    lapsed, endorsee, coordinator, fees
):
    found = services.request_reinstatement(lapsed, actor=endorsee)
    assert services.request_reinstatement(lapsed, actor=endorsee).pk == found.pk
    missing = services.reinstatement_missing(found, as_of=LATER)
    assert missing[:2] == ["0 of 3 new reference ratings received.", "Pay the processing fee."]
    assert missing[2] == (
        "This year's renewal requirements: Sign the Code of Ethics. Your membership expired on "
        "2027-06-30: renew it. 0 of 15 hours of training in 2027. 0 of 12 hours of RS/C in 2027 "
        "count."
    )
    with pytest.raises(services.RenewalError):
        services.decide_reinstatement(found, approve=True, actor=coordinator, as_of=LATER)
    with pytest.raises(services.RenewalError, match="3 new reference ratings"):
        services.submit_reinstatement(found, actor=endorsee, as_of=LATER)

    for _ in range(3):
        ReferenceFactory(
            application=found.application,
            status=ReferenceStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
    started = payments.start_payment(
        payer=endorsee, association=lapsed.association, fee_kind=FeeKind.PROCESSING,
        category_code="IMHS", purpose=found, success_url="/", cancel_url="/", actor=endorsee,
    )  # fmt: skip
    payments.transition(started.payment, PaymentStatus.PAID, actor=None)
    sign_all(found.application)
    log_year(endorsee, year=YEAR + 1)
    Membership.objects.create(
        owner=endorsee, association_name="WI-AIMH", expires_on=dt.date(YEAR + 2, 6, 30)
    )
    assert services.reinstatement_missing(found, as_of=LATER) == []
    with pytest.raises(services.RenewalError, match="not submitted"):
        services.decide_reinstatement(found, approve=True, actor=coordinator, as_of=LATER)

    services.submit_reinstatement(found, actor=endorsee, as_of=LATER)
    assert services.request_reinstatement(lapsed, actor=endorsee).pk == found.pk
    services.decide_reinstatement(found, approve=True, actor=coordinator, as_of=LATER)
    lapsed.refresh_from_db()
    found.refresh_from_db()
    assert (lapsed.status, lapsed.renews_on) == (
        EndorsementStatus.CURRENT,
        dt.date(YEAR + 2, 12, 31),
    )
    assert (found.status, found.decided_by) == (ReinstatementStatus.APPROVED, coordinator)
    told = OutboundEmail.objects.get(key__startswith="renewal-reinstatement:")
    assert (told.to, told.subject) == ("erin@example.org", "Your IMHS endorsement is reinstated")
    assert f"reinstated your endorsement {lapsed.number}" in told.body_text
    assert "current until" in told.body_text
    # The workspace opened for the ratings is closed; the ratings stay with it.
    found.application.refresh_from_db()
    assert found.application.status == "withdrawn"
    assert found.application.references.filter(status=ReferenceStatus.SUBMITTED).count() == 3
    assert started.payment.total_cents == 20000


def test_only_a_lapsed_endorsement_can_be_reinstated(endorsee):
    with pytest.raises(services.RenewalError, match="Only a lapsed endorsement"):
        services.request_reinstatement(endorsee.endorsements.first(), actor=endorsee)


def test_declined_reinstatement_leaves_it_lapsed(lapsed, endorsee, coordinator):
    found = services.request_reinstatement(lapsed, actor=endorsee)
    services.decide_reinstatement(
        found, approve=False, actor=coordinator, reason="No ratings.", as_of=LATER
    )
    lapsed.refresh_from_db()
    assert lapsed.status == EndorsementStatus.LAPSED
    found.refresh_from_db()
    assert (found.status, found.reason) == (ReinstatementStatus.DECLINED, "No ratings.")
    told = OutboundEmail.objects.get(key__startswith="renewal-reinstatement:")
    assert told.subject == "Your request to reinstate IMHS was declined"
    assert "No ratings." in told.body_text


def test_inactive_only_where_offered_and_back_with_the_fee(endorsee, association):
    held = endorsee.endorsements.get(category_code="IFS")
    with pytest.raises(services.RenewalError, match="does not offer an inactive status"):
        services.go_inactive(held, actor=endorsee)
    cycle = services.settings_for(association)
    cycle.inactive_allowed = True
    cycle.save()
    services.go_inactive(held, actor=endorsee, as_of=dt.date(YEAR, 3, 1))
    assert held.status == EndorsementStatus.INACTIVE
    with pytest.raises(services.RenewalError, match="Pay the reactivation fee first"):
        services.reactivate_inactive(held, actor=endorsee, as_of=dt.date(YEAR + 1, 3, 1))
    with pytest.raises(services.RenewalError, match="more than 2 years"):
        services.reactivate_inactive(held, actor=endorsee, as_of=dt.date(YEAR + 3, 3, 2))


def test_reinstatement_status_changes_only_as_the_table_allows(lapsed, endorsee, coordinator):
    found = services.request_reinstatement(lapsed, actor=endorsee)
    assert services.can_transition(found, ReinstatementStatus.SUBMITTED)
    assert not services.can_transition(found, ReinstatementStatus.APPROVED)
    with pytest.raises(services.RenewalError, match="cannot become approved"):
        services.transition(found, ReinstatementStatus.APPROVED, actor=coordinator)
    services.decide_reinstatement(found, approve=False, actor=coordinator, reason="Withdrawn.")
    found.refresh_from_db()
    assert found.status == ReinstatementStatus.DECLINED
    assert not services.can_transition(found, ReinstatementStatus.SUBMITTED)
    with pytest.raises(services.RenewalError, match="already decided"):
        services.decide_reinstatement(found, approve=True, actor=coordinator)
    # Declined: the endorsee may ask again (one open request at a time).
    again = services.request_reinstatement(lapsed, actor=endorsee)
    assert again.pk != found.pk


def test_the_workflow_filter_asks_renewals(lapsed, endorsee):
    from easy.lib import workflows

    found = services.request_reinstatement(lapsed, actor=endorsee)
    assert workflows.can_transition(found, ReinstatementStatus.SUBMITTED)
    assert not workflows.can_transition(found, ReinstatementStatus.APPROVED)


def test_reinstatement_pages_owner_submits_coordinator_decides(
    client, lapsed, endorsee, coordinator, other_person, fees
):
    from django.urls import reverse

    found = services.request_reinstatement(lapsed, actor=endorsee)
    page = reverse("renewals:reinstatement", kwargs={"uuid": found.uuid})
    submit = reverse("renewals:reinstatement_submit", kwargs={"uuid": found.uuid})
    decide = reverse(
        "renewals:reinstatement_decide", kwargs={"uuid": found.uuid, "action": "decline"}
    )

    client.force_login(other_person)
    assert client.get(page).status_code == 404
    assert client.post(submit).status_code == 404

    client.force_login(endorsee)
    html = client.get(page).content.decode()
    assert "Submit my reinstatement" in html and "disabled" in html
    client.post(submit)  # refused: ratings, fee and requirements missing
    found.refresh_from_db()
    assert found.status == ReinstatementStatus.REQUESTED
    assert client.post(decide, {"reason": "No."}).status_code == 403

    client.force_login(coordinator)
    assert client.post(submit).status_code == 403
    response = client.post(decide, {"reason": ""})
    assert response.status_code == 400  # declining needs a reason
    assert client.post(decide, {"reason": "Abandoned: no ratings after a year."}).status_code == 302
    found.refresh_from_db()
    assert (found.status, found.reason) == (
        ReinstatementStatus.DECLINED,
        "Abandoned: no ratings after a year.",
    )
