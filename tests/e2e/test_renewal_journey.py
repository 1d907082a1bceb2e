"""A year of endorsees' lives in the browser: one renews IFS and IMHS with one fee after logging
the year's training and RS/C; one renews late in the grace period; one lapses and applies to
reinstate. The renewal clock (``renewals.clock.today``) is frozen per scene."""

import datetime as dt

import pytest

from applications.models import Degree, Membership
from endorsements.enums import EndorsementStatus
from renewals import clock, services
from renewals.enums import RenewalStatus
from renewals.models import Reinstatement, Renewal
from tests.e2e.support import sign_in, sign_out
from tests.factories.accounts import UserFactory, staff, with_totp
from tests.renewals.conftest import endorse, log_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026


@pytest.fixture
def wisconsin(catalog_loaded):
    from endorsements.models import Association

    association = Association.objects.get(code="WI-AIMH")
    cycle = services.settings_for(association)
    cycle.audit_percent = 0
    cycle.save()
    from payments.enums import FeeKind
    from tests.factories.payments import FeeScheduleFactory

    FeeScheduleFactory(association=association, fee_kind=FeeKind.RENEWAL, amount_cents=5000)
    FeeScheduleFactory(association=association, fee_kind=FeeKind.LATE_RENEWAL, amount_cents=2500)
    return association


@pytest.fixture
def catalog_loaded(db):
    from tests.factories.reviews import load_catalog

    load_catalog()


def person(association, email, name, codes):
    user = UserFactory(email=email, full_name=name)
    Degree.objects.create(
        owner=user, level="master", name="MSW", institution="UW", completed_on=dt.date(2012, 5, 1)
    )
    Membership.objects.create(
        owner=user, association_name="WI-AIMH", expires_on=dt.date(YEAR + 1, 6, 30)
    )
    return user, [endorse(user, association, code) for code in codes]


def freeze(monkeypatch, day):
    monkeypatch.setattr(clock, "today", lambda: day)


def pay_in_test_checkout(page, button_name):
    page.get_by_role("button", name=button_name).click()
    page.get_by_role("button", name="Confirm test payment", exact=False).click()
    page.get_by_role("link", name="Continue").click()


def test_endorsee_renews_both_categories_with_one_fee(page, wisconsin, monkeypatch):
    erin, _ = person(wisconsin, "erin@example.org", "Erin Endorsee", ["IFS", "IMHS"])
    freeze(monkeypatch, dt.date(YEAR, 11, 20))

    sign_in(page, "erin@example.org")
    page.locator("progress").nth(1).wait_for()
    assert page.locator("progress").count() == 2
    page.goto("/renew/")
    page.get_by_role("heading", name="Keep your endorsement").wait_for()
    page.get_by_role("button", name="Open my renewal with", exact=False).click()
    page.get_by_role("heading", name=f"Renewal for {YEAR}", exact=False).wait_for()

    # The year's training (15 h) and RS/C (12 h), logged on the renewal form.
    for n, (day, hours) in enumerate(
        [("2026-03-02", "6"), ("2026-05-04", "6"), ("2026-09-07", "3")]
    ):
        page.get_by_text("Log a training").click()
        form = page.locator("#add-training")
        form.get_by_label("Date").fill(day)
        form.get_by_label("Title").fill(f"Attachment, part {n + 1}")
        form.get_by_label("Provider").fill("WI-AIMH")
        form.get_by_label("Clock hours").fill(hours)
        form.get_by_role("button", name="Add the training").click()
        page.get_by_text("Added to your log.").first.wait_for()
    for day in ("2026-02-10", "2026-06-10"):
        page.get_by_text("Log an RS/C session").click()
        form = page.locator("#add-rsc")
        form.get_by_label("Date").fill(day)
        form.get_by_label("Hours").fill("6")
        form.get_by_label("Format").select_option("individual")
        form.get_by_label("Provider", exact=True).fill("Pat Provider")
        form.get_by_label("Provider's endorsement").select_option("IMHS")
        form.get_by_role("button", name="Add the session").click()
        page.get_by_text("Added to your log.").first.wait_for()

    page.goto("/renew/")
    percents = page.locator(".renewal-progress .percent").all_inner_texts()
    assert percents == ["100 %", "100 %"]
    page.goto("/dashboard/")
    assert page.locator("progress").evaluate_all("els => els.map(e => e.value)") == [100, 100]

    page.goto(f"/renew/r/{Renewal.objects.get(person=erin).uuid}/")
    page.get_by_label("Type your full name", exact=False).fill("Erin Endorsee")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("You signed the Code of Ethics for 2026.").wait_for()
    pay_in_test_checkout(page, "Pay the Renewal fee")
    page.get_by_role("button", name="Submit my renewal").click()
    page.get_by_text("Approved").first.wait_for()
    renewal = Renewal.objects.get(person=erin)
    assert renewal.status == RenewalStatus.APPROVED
    assert sorted(erin.endorsements.values_list("category_code", "renews_on")) == [
        ("IFS", dt.date(YEAR + 1, 12, 31)),
        ("IMHS", dt.date(YEAR + 1, 12, 31)),
    ]
    assert list(erin.payments.values_list("fee_kind", "total_cents")) == [("renewal", 5000)]
    sign_out(page)

    coordinator = staff(wisconsin, email="coord@example.org", mfa=False)
    secret = with_totp(coordinator)
    sign_in(page, "coord@example.org", totp_secret=secret)
    page.goto("/renew/staff/WI-AIMH/?status=approved")
    row = page.get_by_role("row", name="Erin Endorsee")
    assert "IFS, IMHS" in row.inner_text()


def test_late_endorsee_pays_the_late_fee_in_grace(page, wisconsin, monkeypatch):
    lee, _ = person(wisconsin, "lee@example.org", "Lee Late", ["IFS"])
    log_year(lee)
    freeze(monkeypatch, dt.date(YEAR + 1, 1, 12))
    services.expire_overdue(as_of=dt.date(YEAR + 1, 1, 12))
    assert lee.endorsements.get().status == EndorsementStatus.EXPIRED

    sign_in(page, "lee@example.org")
    page.goto("/renew/")
    page.get_by_role("button", name="Open my renewal with", exact=False).click()
    page.get_by_label("Type your full name", exact=False).fill("Lee Late")
    page.get_by_role("button", name="Sign", exact=True).click()
    pay_in_test_checkout(page, "Pay the Renewal fee")
    assert page.get_by_role("button", name="Submit my renewal").is_disabled()
    pay_in_test_checkout(page, "Pay the Late renewal fee")
    page.get_by_role("button", name="Submit my renewal").click()
    page.get_by_text("submitted late").wait_for()
    renewal = Renewal.objects.get(person=lee)
    assert (renewal.year, renewal.status, renewal.late) == (YEAR, RenewalStatus.APPROVED, True)
    assert sorted(lee.payments.values_list("fee_kind", "total_cents")) == [
        ("late_renewal", 2500),
        ("renewal", 5000),
    ]
    assert lee.endorsements.get().status == EndorsementStatus.CURRENT


def test_lapsed_endorsee_applies_to_reinstate(page, wisconsin, monkeypatch):
    lou, (held,) = person(wisconsin, "lou@example.org", "Lou Lapsed", ["IMHS"])
    services.lapse_unrenewed(as_of=dt.date(YEAR + 1, 2, 1))
    held.refresh_from_db()
    assert held.status == EndorsementStatus.LAPSED
    freeze(monkeypatch, dt.date(YEAR + 1, 3, 1))

    sign_in(page, "lou@example.org")
    page.goto("/renew/")
    page.get_by_role("button", name="Apply to reinstate").click()
    page.get_by_role("heading", name="Reinstating IMHS", exact=False).wait_for()
    needs = page.locator(".blockers li").all_inner_texts()
    assert needs[0] == "0 of 3 new reference ratings received."
    assert needs[1] == "Pay the processing fee."
    reinstatement = Reinstatement.objects.get()
    assert reinstatement.application.applicant == lou
    assert reinstatement.application.category_code == "IMHS"
