"""The references and payments pages on a phone (390 px): axe-core on each (WCAG 2.2 AA, the
'Name someone else' button's target size among them) and no page scrolls sideways, for the
applicant, the coordinator and a rater's end pages."""

import pytest

from payments.enums import FeeKind
from references import services as references
from references.enums import Score
from references.queries import areas_for
from tests.factories import references as rf
from tests.factories.accounts import staff, with_totp
from tests.factories.payments import CouponFactory, offline_payment, start_fee, wisconsin_fees

from .accessibility import Audit
from .support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """``phone()``: a page 390 px wide in a context of its own; every page it shows is checked
    by axe-core and for sideways scrolling when the test ends."""
    audits = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
        context.set_default_timeout(15_000)
        page = context.new_page()
        audit = Audit(page)
        audit.attach(context)
        audits.append((context, audit))
        return page

    yield open_page
    for context, audit in audits:
        audit.flush()
        context.close()
    violations = [v for _, audit in audits for v in audit.violations]
    assert not violations, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(
        audit.report() for _, audit in audits if audit.violations
    )
    sideways = [(url, over) for _, audit in audits for url, _w, over in audit.widths if over > 0]
    assert sideways == []
    assert {w for _, audit in audits for _u, w, _o in audit.widths} == {390}


def test_references_and_payments_pages_at_390_px(phone):
    rf.load_catalog()
    application = rf.ApplicationFactory()
    association = application.association
    applicant = application.applicant
    coordinator = staff(association, mfa=False, email="cora@example.org")
    secret = with_totp(coordinator)
    wisconsin_fees(association)
    CouponFactory(association=association, code="SPRING", fee_kind=FeeKind.PROCESSING)
    paid = offline_payment(applicant, association, coordinator)
    pending = start_fee(applicant, association, category_code="IFS", fee_kind=FeeKind.REGISTRATION)
    done = rf.ReferenceFactory(application=application, rater_name="Rita Rater")
    codes = [a.code for a in areas_for(application)]
    references.submit_rating(
        rf.invitation_for(done),
        {"rater_name": "Rita Rater", "answers": dict.fromkeys(codes, Score.SKILLED)},
        area_codes=codes,
    )
    waiting = rf.ReferenceFactory(application=application, rater_name="Olga Longname-Example")
    token = references.copy_link(rf.invitation_for(waiting), actor=applicant)

    page = phone()
    sign_in(page, applicant.email)
    page.goto(f"/references/{application.uuid}/")
    button = page.get_by_role("link", name="Name someone else instead of Olga Longname-Example")
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    button.click()
    page.get_by_role(
        "heading", name="Name someone else instead of Olga Longname-Example"
    ).wait_for()
    page.goto("/payments/mine/")
    page.get_by_role("link", name=paid.description).first.click()
    page.get_by_role("link", name="Download the receipt (PDF)").wait_for()
    page.goto(f"/payments/{pending.uuid}/test-checkout/")
    page.get_by_role("button", name="Cancel").wait_for()
    page.goto(f"/payments/{pending.uuid}/return/")
    page.get_by_role("heading", name="Your payment").wait_for()

    rater = phone()
    rater.goto(f"/references/r/{token}/decline/")
    rater.get_by_role("heading", name="You cannot give a rating").wait_for()
    rater.goto(f"/references/r/{token}x/")
    rater.get_by_role("heading", name="This link does not work").wait_for()

    desk = phone()
    sign_in(desk, coordinator.email, totp_secret=secret)
    code = association.code
    for path in (
        f"/references/{application.uuid}/staff/",
        f"/payments/staff/{code}/",
        f"/payments/{paid.uuid}/",
        f"/payments/staff/{code}/record/",
        f"/payments/staff/{code}/fees/",
        f"/payments/staff/{code}/coupons/",
    ):
        desk.goto(path)
        desk.get_by_role("heading", level=1).wait_for()
