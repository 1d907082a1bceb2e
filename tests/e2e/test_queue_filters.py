"""The coordinator's queue in the browser: with JavaScript, choosing a filter or a sort answers
in place (the results only, the address follows); without JavaScript the same form reloads the
page. Every page (the queue, an application, the reviewer pool, the reports, the staff list) is
checked by axe-core, and at 390 px nothing scrolls sideways."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from easy.accounts.enums import Role
from tests.e2e.accessibility import Audit
from tests.e2e.support import sign_in
from tests.factories.accounts import UserFactory, with_role, with_totp
from tests.factories.applications import ApplicationFactory
from tests.factories.reviews import load_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue_data(association):
    load_catalog()
    for i, (name, code) in enumerate(
        [("Ada Applicant", "IFS"), ("Bo Applicant", "IFS"), ("Cy Applicant", "IMHS")]
    ):
        ApplicationFactory(
            association=association,
            applicant=UserFactory(full_name=name),
            category_code=code,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=timezone.now() - dt.timedelta(days=10 + i),
        )
    coordinator = with_role(
        UserFactory(full_name="Cora Coordinator", email="cora@example.org"),
        association,
        Role.COORDINATOR,
    )
    return with_totp(coordinator)


def _page(browser, live_server, audits, *, javascript=True, width=1280, state=None):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
        storage_state=state,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    audit = Audit(page)
    if javascript:  # axe-core runs in the page: the pages without JavaScript are the same HTML
        audit.attach(context)
    audits.append((context, audit))
    return page


def test_queue_filters_answer_in_place_and_work_without_javascript(
    browser, live_server, association, queue_data
):
    audits = []
    try:
        page = _page(browser, live_server, audits, width=390)
        sign_in(page, "cora@example.org", totp_secret=queue_data)
        page.goto(f"/review/queue/{association.code}/")
        page.get_by_text("3 applications").first.wait_for()
        page.evaluate("window.stillHere = true")

        page.get_by_text("Filters", exact=True).click()
        page.get_by_label("Category").select_option("IMHS")
        page.get_by_text("1 application", exact=True).first.wait_for()
        assert page.evaluate("window.stillHere === true")  # answered in place
        assert "category=IMHS" in page.url
        assert page.get_by_role("link", name="Cy Applicant").is_visible()
        assert page.get_by_role("link", name="Ada Applicant").count() == 0

        page.get_by_role("link", name="Clear").click()
        page.get_by_text("3 applications").first.wait_for()
        # On a phone the stacked table hides its header: the sort links stand above it.
        page.get_by_role("link", name="Sort by Applicant").click()
        page.wait_for_url("**sort=applicant**")
        names = page.locator("table.queue tbody tr td:first-child a").all_inner_texts()
        assert names == ["Ada Applicant", "Bo Applicant", "Cy Applicant"]
        assert page.evaluate("window.stillHere === true")

        # The coordinator's other pages on the phone, checked the same way.
        page.get_by_role("link", name="Ada Applicant").click()
        page.get_by_role("heading", name="Ada Applicant's application").wait_for()
        page.goto(f"/review/reviewers/{association.code}/")
        page.get_by_role("heading", name="Reviewer pool").wait_for()
        page.goto(f"/review/reports/{association.code}/")
        page.get_by_role("heading", name="Reports", exact=True).wait_for()
        page.goto(f"/apply/staff/{association.code}/")
        page.get_by_role("heading", name="Applications at", exact=False).wait_for()

        # The same person's session (an authenticator code cannot be used twice).
        state = page.context.storage_state()
        plain = _page(browser, live_server, audits, javascript=False, state=state)
        plain.goto(f"/review/queue/{association.code}/?category=IMHS")
        plain.get_by_label("Category").select_option("IFS")
        plain.get_by_role("button", name="Apply filters").click()
        plain.get_by_text("2 applications", exact=True).first.wait_for()
        assert "category=IFS" in plain.url
    finally:
        for context, audit in audits:
            audit.flush()
            context.close()
    violations = [v for _, audit in audits for v in audit.violations]
    assert not violations, "\n".join(audit.report() for _, audit in audits if audit.violations)
    sideways = [(url, w, o) for _, audit in audits for url, w, o in audit.widths if o > 0]
    assert not sideways, f"pages that scroll sideways: {sideways}"
