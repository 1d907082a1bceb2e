"""A year of endorsees' lives in the browser: one renews IFS and IMHS with one fee after logging
the year's training and RS/C; one renews late in the grace period; one lapses and is
reinstated (three new ratings, the processing fee, this year's requirements, the coordinator's
decision). The renewal clock (``renewals.clock.today``) is frozen per scene; the fees are the
catalog's (``fixtures/catalog/``)."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from applications.models import Degree, Membership
from endorsements.enums import EndorsementStatus
from endorsements.models import RegistryListing
from renewals import clock, services
from renewals.enums import ReinstatementStatus, RenewalStatus
from renewals.models import Reinstatement, Renewal
from tests.e2e.support import sign_in, sign_out
from tests.e2e.test_applicant_journey import invite_and_rate
from tests.factories.accounts import UserFactory, staff, with_totp
from tests.factories.applications import PDF_BYTES
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
    return association


@pytest.fixture
def catalog_loaded(db):
    """The whole catalog, fees included (renewal $50, late $25, processing by category)."""
    call_command("load_catalog", verbosity=0)


def person(association, email, name, codes, *, member_until=dt.date(YEAR + 1, 6, 30), year=YEAR):
    user = UserFactory(email=email, full_name=name)
    Degree.objects.create(
        owner=user, level="master", name="MSW", institution="UW", completed_on=dt.date(2012, 5, 1)
    )
    Membership.objects.create(owner=user, association_name="WI-AIMH", expires_on=member_until)
    return user, [endorse(user, association, code, year=year) for code in codes]


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


def tick(scope, label) -> None:
    """Check a USWDS checkbox or radio the way a person does: by its label (the input itself
    is drawn by the label and kept out of view)."""
    found = scope.locator("label", has_text=label).first
    box = scope.page.locator(f"#{found.get_attribute('for')}") if hasattr(scope, "page") else None
    if box is None or not box.is_checked():
        found.click()


def verified_status(page, number: str) -> str:
    page.goto("/verify/")
    page.get_by_label("Endorsement number").fill(number)
    page.get_by_role("button", name="Verify").click()
    return page.locator("[data-status]").first.inner_text()


def test_lapsed_endorsee_is_reinstated(
    page, browser, live_server, settings, wisconsin, monkeypatch
):
    settings.SITE_URL = live_server.url  # links in emails point at this server
    # Lou held IMHS to 31 December last year, did not renew, and lapsed when grace ended; his
    # membership ran out with it. He is in the public registry (opted in).
    lou, (held,) = person(
        wisconsin, "lou@example.org", "Lou Lapsed", ["IMHS"],
        member_until=dt.date(YEAR, 1, 31), year=YEAR - 1,
    )  # fmt: skip
    RegistryListing.objects.create(user=lou, listed=True, city="Madison", state="Wisconsin")
    services.lapse_unrenewed(as_of=dt.date(YEAR, 2, 1))
    held.refresh_from_db()
    assert held.status == EndorsementStatus.LAPSED
    assert verified_status(page, held.number) == "Lapsed"
    page.goto("/registry/?name=Lou")
    assert page.get_by_role("row", name="Lou Lapsed").count() == 0
    freeze(monkeypatch, dt.date(YEAR, 11, 20))

    sign_in(page, "lou@example.org")
    page.goto("/renew/")
    page.get_by_role("button", name="Apply to reinstate").click()
    page.get_by_role("heading", name="Reinstating IMHS", exact=False).wait_for()
    needs = page.locator(".blockers li").all_inner_texts()
    assert needs[0] == "0 of 3 new reference ratings received."
    assert needs[1] == "Pay the processing fee."
    assert needs[2].startswith("This year's renewal requirements: Sign the Code of Ethics.")
    assert page.get_by_role("button", name="Submit my reinstatement").is_disabled()
    reinstatement = Reinstatement.objects.get()
    application = reinstatement.application
    assert (application.applicant, application.category_code) == (lou, "IMHS")
    here = page.url

    # Three new raters, invited; each answers on the form their emailed link opens.
    page.get_by_role("link", name="Name three reference raters").click()
    raters = {}
    for name, relationship, endorsement in (
        ("Morgan Supervisor", "current_supervisor", ""),
        ("Jordan Consultant", "rsc_provider", "IMHM-C"),
        ("Casey Colleague", "colleague", ""),
    ):
        raters[name] = f"{name.split()[0].lower()}@example.org"
        page.get_by_label("Rater's name").fill(name)
        page.get_by_label("Rater's email address").fill(raters[name])
        page.get_by_label("Relationship to you").select_option(relationship)
        page.get_by_label("Rater's endorsement").select_option(endorsement)
        tick(page, re.compile("I waive my right"))
        page.get_by_role("button", name="Save").click()
        expect(page.locator("#rows-reference tr[data-row]")).to_have_count(len(raters))
        expect(page.get_by_label("Rater's name")).to_have_value("")  # a fresh form swapped in
    invite_and_rate(page, browser, application, raters)

    # The processing fee for IMHS (the catalog's $200), in the test checkout.
    page.goto(here)
    pay_in_test_checkout(page, "Pay the processing fee")
    page.get_by_role("heading", name="Reinstating IMHS", exact=False).wait_for()
    assert list(lou.payments.values_list("fee_kind", "total_cents")) == [("processing", 20000)]

    # This year's requirements: 15 h of training and 12 h of RS/C in 2026, a current membership
    # and the Code of Ethics.
    page.get_by_role("link", name="Log this year's training").click()
    for n, (day, title, hours) in enumerate(
        (("2026-03-02", "Attachment", "8"), ("2026-09-07", "Trauma", "7"))
    ):
        page.get_by_label("Date").fill(day)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Provider").fill("WI-AIMH")
        page.get_by_label("Clock hours").fill(hours)
        page.get_by_role("button", name="Save").click()
        expect(page.locator("#rows-training tr[data-row]")).to_have_count(n + 1)
        expect(page.get_by_label("Title")).to_have_value("")
    page.goto(here)
    page.get_by_role("link", name="Log this year's RS/C").click()
    for n, day in enumerate(("2026-02-10", "2026-06-10")):
        form = page.get_by_role("region", name="Add a session")
        form.get_by_label("Date").fill(day)
        form.get_by_label("Hours", exact=True).fill("6")
        form.get_by_label("Format").select_option("individual")
        form.get_by_label("Provider", exact=True).fill("Jordan Consultant")
        form.get_by_label("Provider's endorsement").select_option("IMHM-C")
        form.get_by_role("button", name="Save").click()
        expect(page.locator("#rows-rsc tr[data-row]")).to_have_count(n + 1)
        expect(form.get_by_label("Date")).to_have_value("")
    page.goto(here)
    page.get_by_role("link", name="Update your membership").click()
    page.get_by_label("Association", exact=True).fill("WI-AIMH")
    page.get_by_label("Member number").fill("WI-3310")
    page.get_by_label("Membership expires on").fill("2027-10-31")
    page.get_by_label("Proof of membership (PDF, PNG or JPEG)").set_input_files(
        files=[{"name": "membership.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Membership saved.").wait_for()
    page.goto(here)
    page.get_by_role("link", name="Sign the Code of Ethics").click()
    panel = page.locator(
        "section.panel", has=page.get_by_role("heading", name=re.compile("Code of Ethics"))
    )
    panel.get_by_label("Type your full name to sign").fill("Lou Lapsed")
    tick(panel, "I have read this text and I agree to it.")
    panel.get_by_role("button", name="Sign the Code of Ethics").click()
    page.get_by_text("Signed: Code of Ethics.").wait_for()

    page.goto(here)
    page.get_by_text("Everything is in: submit your reinstatement to the coordinator.").wait_for()
    page.get_by_role("button", name="Submit my reinstatement").click()
    page.get_by_text("Submitted: the coordinator will decide", exact=False).first.wait_for()
    reinstatement.refresh_from_db()
    assert reinstatement.status == ReinstatementStatus.SUBMITTED
    sign_out(page)

    # The coordinator (second factor) decides from the renewal queue.
    coordinator = staff(wisconsin, email="coord@example.org", mfa=False)
    sign_in(page, "coord@example.org", totp_secret=with_totp(coordinator))
    page.goto("/renew/staff/WI-AIMH/")
    page.get_by_role("link", name=f"Lou Lapsed — IMHS ({held.number})").click()
    page.get_by_role("button", name="Reinstate").click()
    page.get_by_text(f"Reinstated: {held.number} is current again.").wait_for()
    held.refresh_from_db()
    assert (held.status, held.renews_on) == (EndorsementStatus.CURRENT, dt.date(YEAR + 1, 12, 31))
    reinstatement.refresh_from_db()
    assert (reinstatement.status, reinstatement.decided_by) == (
        ReinstatementStatus.APPROVED,
        coordinator,
    )
    sign_out(page)

    # Anyone can see it: the verification page and the registry say so.
    assert verified_status(page, held.number) == "Current"
    page.goto("/registry/?name=Lou")
    row = page.get_by_role("row", name="Lou Lapsed")
    row.wait_for()
    assert "IMHS" in row.inner_text()


def test_renewal_pages_at_390_px_never_scroll_sideways(page, wisconsin, monkeypatch):
    """The endorsee's renewal and the coordinator's queue and settings on a phone."""
    page.set_viewport_size({"width": 390, "height": 844})
    erin, _ = person(wisconsin, "erin@example.org", "Erin Endorsee", ["IFS", "IMHS"])
    log_year(erin)
    freeze(monkeypatch, dt.date(YEAR, 11, 20))
    sign_in(page, "erin@example.org")
    page.goto("/renew/")
    page.get_by_role("button", name="Open my renewal with", exact=False).click()
    page.get_by_role("heading", name=f"Renewal for {YEAR}", exact=False).wait_for()
    page.get_by_text("Log a training").click()
    page.context.clear_cookies()  # the menu (and "Sign out") is folded away at this width

    _lou, (held,) = person(wisconsin, "lou@example.org", "Lou Lapsed", ["IMHS"], year=YEAR - 1)
    services.lapse_unrenewed(as_of=dt.date(YEAR, 2, 1))
    sign_in(page, "lou@example.org")
    page.goto("/renew/")
    page.get_by_role("button", name="Apply to reinstate").click()
    page.get_by_role("heading", name="Reinstating IMHS", exact=False).wait_for()
    page.context.clear_cookies()

    coordinator = staff(wisconsin, email="coord@example.org", mfa=False)
    sign_in(page, "coord@example.org", totp_secret=with_totp(coordinator))
    page.goto("/renew/staff/WI-AIMH/")
    page.get_by_role("link", name="Renewal settings").click()
    page.get_by_role("heading", name="Renewal settings", exact=False).wait_for()
    page.get_by_label("Share of renewals drawn for the audit (%)").fill("120")
    page.get_by_role("button", name="Save the settings").click()
    page.get_by_text("Enter a share from 0 to 100 (per cent).").wait_for()
    page.goto("/renew/staff/WI-AIMH/")
    page.get_by_role("link", name=f"Lou Lapsed — IMHS ({held.number})").click()
    page.get_by_role("button", name="Decline").wait_for()
    page.audit.flush()

    widths = page.audit.widths
    assert {url.split("?")[0] for url, _w, _o in widths} >= {
        "/renew/",
        "/renew/staff/WI-AIMH/",
        "/renew/staff/WI-AIMH/settings/",
    }
    assert {w for _url, w, _o in widths} == {390}
    assert [(url, over) for url, _w, over in widths if over > 0] == []
