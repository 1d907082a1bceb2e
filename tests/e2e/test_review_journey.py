"""The review, in the browser: the coordinator accepts a submitted application, assigns two
reviewers (a third is refused for a conflict of interest), both review and disagree, a third
reviewer settles it, and the decision is mailed to the applicant."""

import pytest
from django.core import mail

from applications.enums import ApplicationStatus
from easy.accounts.enums import Role
from reviews.models import ReviewerProfile
from tests.e2e.accessibility import Audit
from tests.e2e.support import sign_in
from tests.factories.accounts import UserFactory, with_role, with_totp
from tests.factories.reviews import load_catalog, submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(association, role, name, email, category=None, employer=""):
    user = with_role(UserFactory(full_name=name, email=email), association, role)
    secret = with_totp(user)
    if category:
        ReviewerProfile.objects.create(
            user=user, association=association, category_code=category, employer=employer
        )
    return secret


@pytest.fixture
def signed_in(browser, live_server):
    """``signed_in(email, secret, width=1280)``: a page in a browser context of its own, signed
    in (each person signs in once: an authenticator code cannot be used twice), every page it
    shows checked by axe-core and for sideways scrolling. Closed before the live server
    stops."""
    audits = []

    def open_page(email, secret=None, width=1280):
        context = browser.new_context(
            base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        audit = Audit(page)
        audit.attach(context)
        audits.append((context, audit))
        sign_in(page, email, totp_secret=secret)
        return page

    yield open_page
    for context, audit in audits:
        audit.flush()
        context.close()
    violations = [v for _, audit in audits for v in audit.violations]
    assert not violations, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(
        audit.report() for _, audit in audits if audit.violations
    )
    sideways = [(url, w, o) for _, audit in audits for url, w, o in audit.widths if o > 0]
    assert not sideways, f"pages that scroll sideways: {sideways}"


def review(page, applicant_name, recommendation, comment):
    """The reviewer's workspace: one competency area a page (its evidence beside its score),
    the list of areas showing which are scored, then the recommendation and submit."""
    page.get_by_role("link", name=f"Review {applicant_name}'s IFS application", exact=False).click()
    page.get_by_role("heading", name=f"Review of {applicant_name}'s application").wait_for()
    areas = page.get_by_role("navigation", name="Competency areas")
    assert areas.get_by_text("Not scored").count() == 8
    for number in range(1, 9):
        page.get_by_text(f"Area {number} of 8").wait_for()
        assert page.get_by_role("group", name="Score for", exact=False).count() == 1
        assert page.get_by_role("heading", name="What the raters said about this area").is_visible()
        score = page.get_by_role("group", name="Score for", exact=False)
        # USWDS draws its own radio button over the input: the person clicks the label.
        score.get_by_text("Met", exact=True).click()
        assert score.get_by_label("Met", exact=True).is_checked()
        if number == 1:
            page.get_by_label("Comment for the applicant").fill(comment)
            page.get_by_label("Private note").fill("Only for the coordinator.")
        last = number == 8
        page.get_by_role(
            "button",
            name="Save and go to the recommendation" if last else "Save and go to the next area",
        ).click()
    page.get_by_role("heading", name="Your recommendation").wait_for()
    assert areas.get_by_text("Not scored").count() == 0
    page.get_by_role("group", name="Your recommendation").get_by_text(
        recommendation, exact=True
    ).click()
    page.get_by_role("button", name="Submit the review").click()
    page.get_by_text("Your review is submitted. Thank you.").wait_for()


def test_review_from_acceptance_to_a_mailed_decision(page, signed_in, association):
    load_catalog()
    applicant = UserFactory(full_name="Ada Applicant", email="ada@example.org")
    application = submitted_application(association, applicant=applicant)
    coordinator = person(association, Role.COORDINATOR, "Cora Coordinator", "cora@example.org")
    rosa = person(association, Role.REVIEWER, "Rosa Reviewer", "rosa@example.org", "IMHS")
    sam = person(association, Role.REVIEWER, "Sam Second", "sam@example.org", "IMHM-C")
    tess = person(association, Role.REVIEWER, "Tess Third", "tess@example.org", "IMHS")
    person(association, Role.REVIEWER, "Connie Rater", "connie@example.org", "IMHS")
    application.references.filter(relationship="colleague").update(email="connie@example.org")

    # The coordinator checks completeness and accepts.
    sign_in(page, "cora@example.org", totp_secret=coordinator)
    page.goto(f"/review/queue/{association.code}/")
    page.get_by_role("link", name="Ada Applicant").click()
    page.get_by_role("heading", name="Eligibility (the rules, as of today)").wait_for()
    assert page.get_by_text("Every required item is met.").is_visible()
    page.get_by_role("button", name="Accept for review").click()
    page.get_by_text("Accepted for review. Now assign two reviewers.").wait_for()

    # Connie is one of the applicant's raters: no button, and the reason is shown.
    connie_row = page.locator("tr", has_text="Connie Rater")
    assert "Is one of the applicant's reference raters." in connie_row.inner_text()
    assert connie_row.get_by_role("button").count() == 0
    page.get_by_role("button", name="Assign Rosa Reviewer").click()
    page.get_by_text("Rosa Reviewer is assigned and was told by email.").wait_for()
    page.get_by_role("button", name="Assign Sam Second").click()
    page.get_by_text("Sam Second is assigned and was told by email.").wait_for()
    assert page.get_by_role("button", name="Assign Tess Third").count() == 0
    assigned = [m for m in mail.outbox if m.subject.startswith("Review assigned")]
    assert sorted(m.to[0] for m in assigned) == ["rosa@example.org", "sam@example.org"]

    # The two reviewers disagree.
    # Rosa reviews on a phone: the list of areas sits at the top, nothing scrolls sideways.
    rosa_page = signed_in("rosa@example.org", rosa, width=390)
    review(rosa_page, "Ada Applicant", "Endorse", "Your RS/C log is exemplary.")
    assert rosa_page.get_by_text("once both reviewers have submitted", exact=False).is_visible()
    sam_page = signed_in("sam@example.org", sam)
    review(sam_page, "Ada Applicant", "Revise and resubmit", "Say more about systems work.")
    assert sam_page.get_by_role("heading", name="Rosa Reviewer").is_visible()

    # The coordinator asks a third reviewer.
    page.reload()
    page.get_by_text("The reviewers disagree.", exact=False).first.wait_for()
    page.get_by_role("button", name="Assign Tess Third").click()
    page.get_by_text("Tess Third is assigned and was told by email.").wait_for()

    tess_page = signed_in("tess@example.org", tess)
    review(tess_page, "Ada Applicant", "Revise and resubmit", "Add training on systems.")

    # Two of three settle on "revise and resubmit": the coordinator confirms it.
    page.reload()
    page.get_by_text("The reviewers recommend: Revise and resubmit.").wait_for()
    decision = page.get_by_role("group", name="Decision")
    assert decision.get_by_label("Revise and resubmit", exact=True).is_checked()
    page.get_by_label("Message for the applicant").fill("Resubmit by 15 June.")
    page.get_by_role("button", name="Record the decision and tell the applicant").click()
    page.get_by_text("Decision recorded. The applicant was told by email.").wait_for()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVISE_RESUBMIT
    decided = [m for m in mail.outbox if m.subject.startswith("Decision on")]
    assert len(decided) == 1
    assert decided[0].to == ["ada@example.org"]
    assert decided[0].subject == "Decision on your IFS application: Revise and resubmit"
    # The decision email is the only one about it (no status email besides).
    assert [m.subject for m in mail.outbox if "Revise and resubmit" in m.subject] == [
        decided[0].subject
    ]
    body = decided[0].body
    for text in ("Resubmit by 15 June.", "Say more about systems work.", "Reviewer 3"):
        assert text in body
    for hidden in ("Rosa Reviewer", "Sam Second", "Tess Third", "Only for the coordinator."):
        assert hidden not in body

    # The applicant reads the decision, reached from the dashboard, without names or private
    # notes.
    ada_page = signed_in("ada@example.org")
    ada_page.goto("/dashboard/")
    ada_page.get_by_role("link", name="Revise your IFS application and submit it again").click()
    ada_page.get_by_role("heading", name="Version 1: Revise and resubmit").wait_for()
    content = ada_page.content()
    assert "Your RS/C log is exemplary." in content
    for hidden in ("Rosa Reviewer", "Sam Second", "Tess Third", "Only for the coordinator."):
        assert hidden not in content
