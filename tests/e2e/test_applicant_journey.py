"""The applicant's journey in a browser: register for IFS, pay (test mode), fill every section,
watch the checklist go from unmet to met, pay the processing fee, be refused outside a
submission period, then submit inside one."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from applications import services
from applications.enums import ApplicationStatus as S
from applications.models import Application
from endorsements.models import SubmissionPeriod
from references.enums import ReferenceStatus
from tests.factories.accounts import PASSWORD, UserFactory, staff
from tests.factories.applications import PDF_BYTES

from .accessibility import Audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_role("heading", name=re.compile("^Hello")).wait_for()


def confirm_test_payment(page):
    page.get_by_role("heading", name="Test checkout — no card is charged").wait_for()
    page.get_by_role("button", name=re.compile("^Confirm test payment")).click()
    page.wait_for_load_state()


def checklist_status(page, code):
    return page.locator(f'.checklist li[data-code="{code}"]').get_attribute("class")


def invite_and_rate(page, browser, application, raters: dict) -> None:
    """From the application's References page: send each named rater their invitation, then
    each rater answers on the form the emailed link opens; every reference ends submitted."""
    page.get_by_role("link", name=re.compile("Send invitations")).click()
    for name in raters:
        page.get_by_role("button", name=f"Send invitation to {name}").click()
        page.get_by_text(f"The invitation to {name} is on its way.").wait_for()
    for name, email in raters.items():
        (invitation,) = [m for m in mail.outbox if m.to == [email]]
        link = re.search(r"http://\S+/references/r/[A-Za-z0-9_-]+/", invitation.body).group(0)
        rate(browser, link, rater_name=name)
    assert set(application.references.values_list("status", flat=True)) == {
        ReferenceStatus.SUBMITTED
    }


def rate(browser, link: str, *, rater_name: str) -> None:
    """A rater, in a browser of their own with no account and a phone's width (390 px), goes
    through the form one step at a time and submits; axe-core checks every page they see, and
    none scrolls sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    rater = context.new_page()
    rater.set_default_timeout(15_000)
    audit = Audit(rater)
    audit.attach(context)
    rater.goto(link)
    assert rater.get_by_label("Your full name").input_value() == rater_name
    rater.get_by_label("Your position or job title").fill("Programme supervisor")
    rater.get_by_role("button", name="Save and continue").click()
    for n in range(1, 9):
        area = rater.get_by_role("group", name=re.compile(rf"^Area {n} of 8: "))
        area.get_by_text("3 — Skilled: shows it reliably in daily work").click()
        rater.get_by_role("button", name="Save and continue").click()
    rater.get_by_label("Comments").wait_for()
    rater.get_by_role("button", name="Save and continue").click()
    rater.get_by_role("button", name="Submit the rating").click()
    rater.get_by_role("heading", name="Thank you: your rating was received").wait_for()
    audit.flush()
    context.close()
    assert not audit.violations, "axe-core on the rater's pages:\n" + audit.report()
    assert [(url, over) for url, _w, over in audit.widths if over > 0] == []


def test_applicant_registers_fills_the_application_and_submits(
    page, browser, live_server, settings, tmp_path
):
    call_command("load_catalog", verbosity=0)
    settings.SITE_URL = live_server.url  # links in emails point at this server
    user = UserFactory(email="nia@example.org", full_name="Nia Newcomer")
    coordinator = staff(
        Application._meta.apps.get_model("endorsements", "Association").objects.get(code="WI-AIMH")
    )
    pdf = tmp_path / "transcript.pdf"
    pdf.write_bytes(PDF_BYTES)
    today = timezone.localdate()

    # Register for IFS and pay the registration fee.
    sign_in(page, user.email)
    page.get_by_role("link", name="Apply for an endorsement").click()
    page.get_by_role("link", name="Wisconsin Alliance for Infant Mental Health").click()
    page.get_by_label("Endorsement category").select_option("IFS")
    page.get_by_label("Your work").fill("Home visitor with families of infants since 2019.")
    page.get_by_label("Your education").fill("BA Human Development, 2018.")
    page.get_by_label("Your reflective supervision/consultation").fill("Monthly, since 2024.")
    page.get_by_label(re.compile("agree to the association's membership terms")).check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Your IFS registration").wait_for()
    assert page.get_by_text("The registration fee is $20.00.").is_visible()
    page.get_by_role("button", name="Pay the registration fee").click()
    confirm_test_payment(page)
    application = Application.objects.get(applicant=user)
    assert application.status == S.REGISTERED

    # The coordinator approves the registration (their pages are covered by view tests).
    services.approve_registration(application, actor=coordinator)

    page.goto(f"/apply/{application.uuid}/")
    page.get_by_role("heading", name="IFS application").wait_for()
    assert checklist_status(page, "rsc_hours") == "check-unmet"
    assert checklist_status(page, "education") == "check-unmet"
    assert page.get_by_text("Every required item is met").count() == 0

    # Education: a degree with its transcript.
    page.locator('.checklist li[data-code="education"] a').click()
    degree = page.get_by_role("region", name="Add a degree")
    degree.get_by_label("Level").select_option("bachelor")
    degree.get_by_label("Degree", exact=True).fill("BA Human Development")
    degree.get_by_label("College or university").fill("University of Wisconsin")
    degree.get_by_label("Date completed").fill("2018-05-20")
    degree.get_by_label("Transcript (PDF, PNG or JPEG)").set_input_files(str(pdf))
    degree.get_by_role("button", name="Save").click()
    page.get_by_text("Degree saved.").wait_for()

    # Work.
    page.get_by_role("link", name="Work", exact=True).click()
    page.get_by_label("Role or job title").fill("Home visitor")
    page.get_by_label("Employer or programme").fill("Healthy Families")
    page.get_by_label("Start date").fill("2019-01-07")
    page.get_by_label("Age group served").select_option("infant")
    page.get_by_label("Kind of service").select_option("prevention")
    page.get_by_label("Families served").fill("35")
    page.get_by_label("What you did").fill(
        "Weekly home visits focused on the parent-infant relationship."
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Work period saved.").wait_for()

    # Training: one by hand with a bad value first (kept, and explained), then a CSV import.
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_label("Date").fill((today - dt.timedelta(days=300)).isoformat())
    page.get_by_label("Title").fill("Infant mental health foundations")
    page.get_by_label("Provider").fill("WI-AIMH")
    page.get_by_label("Clock hours").fill("0")
    page.get_by_label("Reflection").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Enter the clock hours: more than 0.").wait_for()
    assert page.get_by_label("Title").input_value() == "Infant mental health foundations"
    page.get_by_label("Clock hours").fill("30")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Training saved.").wait_for()
    csv_file = tmp_path / "training.csv"
    csv_file.write_text(
        "date,title,provider,hours,topics,competency_areas\n"
        f"{(today - dt.timedelta(days=200)).isoformat()},Attachment and relationships,WI-AIMH,20,dei,Reflection\n"
    )
    page.get_by_role("link", name="Import training from a CSV file").click()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 1 training").click()
    page.get_by_text("1 training imported.").wait_for()

    # RS/C: three long sessions spanning a little over a year (24 hours).
    page.get_by_role("link", name="RS/C", exact=True).click()
    page.wait_for_load_state("load")  # the page's scripts in place: saves go in place
    for n, days in enumerate((400, 200, 10), start=1):
        form = page.get_by_role("region", name="Add a session")
        form.get_by_label("Date").fill((today - dt.timedelta(days=days)).isoformat())
        form.get_by_label("Hours", exact=True).fill("8")
        form.get_by_label("Format").select_option("group")
        form.get_by_label("Provider", exact=True).fill("Jordan Supervisor")
        form.get_by_label("Provider's endorsement").select_option("IMHS")
        form.get_by_role("button", name="Save").click()
        page.get_by_text("Session saved.").wait_for()
        # Saved in place (htmx): the new row, and a fresh form for the next one.
        expect(page.locator('tr[data-row="rsc"]')).to_have_count(n)

    # Leadership (optional for IFS) and one competency area.
    page.get_by_role("link", name="Leadership", exact=True).click()
    page.get_by_label("Activity", exact=True).fill("County early childhood council")
    page.get_by_label("Level", exact=True).select_option("regional")
    page.get_by_label("Start date").fill("2022-01-01")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Activity saved.").wait_for()
    page.get_by_role("link", name="Competencies", exact=True).click()
    area = page.locator("#area-reflection")
    area.get_by_label("How your work and training show this area").fill(
        "Monthly reflective supervision shapes my visits."
    )
    area.get_by_label("Attachment and relationships").check()
    area.get_by_role("button", name="Save Reflection").click()
    page.get_by_text("Reflection saved.").wait_for()

    # Membership with proof, three raters, both signatures.
    page.get_by_role("link", name="Membership", exact=True).click()
    page.get_by_label("Association", exact=True).fill("WI-AIMH")
    page.get_by_label("Member number").fill("WI-2041")
    page.get_by_label("Membership expires on").fill((today + dt.timedelta(days=300)).isoformat())
    page.get_by_label("Proof of membership (PDF, PNG or JPEG)").set_input_files(str(pdf))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Membership saved.").wait_for()
    page.get_by_role("link", name="References", exact=True).click()
    raters = {}
    for n, (name, relationship, endorsement) in enumerate(
        (
            ("Morgan Supervisor", "current_supervisor", ""),
            ("Jordan Supervisor", "rsc_provider", "IMHS"),
            ("Casey Colleague", "colleague", ""),
        ),
        start=1,
    ):
        raters[name] = f"{name.split()[0].lower()}@example.org"
        page.get_by_label("Rater's name").fill(name)
        page.get_by_label("Rater's email address").fill(raters[name])
        page.get_by_label("Relationship to you").select_option(relationship)
        page.get_by_label("Rater's endorsement").select_option(endorsement)
        page.get_by_label(re.compile("I waive my right")).check()
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Reference rater named.").wait_for()
        expect(page.locator('tr[data-row="reference"]')).to_have_count(n)
    page.get_by_role("link", name="Signatures", exact=True).click()
    for title in ("Code of Ethics", "Endorsement Agreement"):
        panel = page.locator(
            "section.panel", has=page.get_by_role("heading", name=re.compile(title))
        )
        panel.get_by_label("Type your full name to sign").fill("Nia Newcomer")
        panel.get_by_label("I have read this text and I agree to it.").check()
        panel.get_by_role("button", name=f"Sign the {title}").click()
        page.get_by_text(f"Signed: {title}.").wait_for()

    # Invite the three raters; each answers on the form their emailed link opens.
    page.get_by_role("link", name="References", exact=True).click()
    invite_and_rate(page, browser, application, raters)

    page.goto(f"/apply/{application.uuid}/")
    page.get_by_text("Every required item is met: your application is ready to submit.").wait_for()
    assert checklist_status(page, "rsc_hours") == "check-met"
    assert checklist_status(page, "education") == "check-met"

    # Pay the processing fee.
    page.get_by_role("link", name="Review and submit").click()
    page.get_by_text("The processing fee is $50.00.").wait_for()
    page.get_by_role("button", name="Pay the processing fee").click()
    confirm_test_payment(page)

    # Outside a submission period: refused.
    periods_file = (
        Path(settings.BASE_DIR) / "fixtures" / "catalog" / "40_periods_and_exam_weeks.json"
    )
    SubmissionPeriod.objects.filter(association__code="WI-AIMH").delete()
    page.goto(f"/apply/{application.uuid}/submit/")
    page.get_by_text("No submission period is open for IFS applications today.").first.wait_for()
    assert page.get_by_role("button", name="Submit my application").is_disabled()

    # Inside one: submitted and locked.
    call_command("loaddata", str(periods_file), verbosity=0)
    page.reload()
    page.get_by_label(re.compile("I have checked this summary")).check()
    page.get_by_role("button", name="Submit my application").click()
    page.get_by_role("heading", name="Status and timeline").wait_for()
    assert page.get_by_text("Your application is: Submitted.").is_visible()
    timeline = page.get_by_role("table", name="Timeline")
    assert timeline.get_by_role("rowheader", name="Submitted").is_visible()
    assert timeline.get_by_role("rowheader", name="In progress").is_visible()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    page.get_by_role("link", name="RS/C", exact=True).click()
    assert page.get_by_text("This application is locked").is_visible()
    assert page.get_by_role("button", name="Save").count() == 0
