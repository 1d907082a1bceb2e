"""The written exam, in the browser: a Mentor candidate approved to sit registers for an exam
week, sits part 1 on a short clock (answers saved as given, a reload keeps every answer and the
time left, the clock runs out and the part is handed in by itself), writes part 2, two graders
grade it blind and disagree, a third grader settles it, the coordinator confirms, and the
endorsement is granted."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from applications.enums import ApplicationStatus
from easy.accounts.enums import Role
from endorsements.models import CompetencyArea, Endorsement
from exams.enums import ItemStatus, Part, SittingStatus
from exams.models import Answer, Blueprint, BlueprintRow, ExamSettings, Item, Sitting
from reviews.models import Review
from tests.e2e.support import sign_in
from tests.factories.accounts import UserFactory, with_role, with_totp
from tests.factories.exams import approved_candidate, exam_week, vignette
from tests.factories.reviews import load_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tick(page, box) -> None:
    """Choose a USWDS radio or checkbox as a person does: on its label (the box is drawn there)."""
    page.locator(f'label[for="{box.get_attribute("id")}"]').click()
    assert box.is_checked()


PART_SECONDS = 25
SECRETS = ("Carla Candidate", "carla@example.org")


def person(association, role, name, email):
    user = with_role(UserFactory(full_name=name, email=email), association, role)
    return user, with_totp(user)


@pytest.fixture
def signed_in(browser, live_server):
    contexts = []

    def open_page(email, secret=None):
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, email, totp_secret=secret)
        return page

    yield open_page
    for context in contexts:
        context.close()


def small_bank():
    """Three areas of the infant Mentor exam, one item each (keys B, C, D): a short form."""
    areas = list(CompetencyArea.objects.filter(family="infant", for_mentors=True))[:3]
    blueprint = Blueprint.objects.create(family="infant", for_mentors=True, name="Journey")
    for n, area in enumerate(areas, start=1):
        BlueprintRow.objects.create(blueprint=blueprint, area=area, count=1)
        Item.objects.create(
            family="infant",
            area=area,
            stem=f"Journey question about {area.name}?",
            option_a=f"Wrong answer A{n}",
            option_b=f"{'Right' if n == 1 else 'Wrong'} answer B{n}",
            option_c=f"{'Right' if n == 2 else 'Wrong'} answer C{n}",
            option_d=f"{'Right' if n == 3 else 'Wrong'} answer D{n}",
            key=n,
            status=ItemStatus.ACTIVE,
        )


def grader_page_is_blind(page):
    html = page.content()
    for secret in SECRETS:
        assert secret not in html, f"{secret!r} shown to a grader at {page.url}"


def grade(page, code, points, comment):
    page.goto("/exams/grading/")
    grader_page_is_blind(page)
    page.get_by_role("link", name=code).click()
    page.get_by_role("heading", name=f"Essay {code}").wait_for()
    grader_page_is_blind(page)
    assert page.get_by_text("I would begin by listening to the mother").is_visible()
    for label, value in zip(("Criterion 1", "Criterion 2"), points, strict=True):
        page.get_by_label(label, exact=False).fill(str(value))
    page.get_by_label("Your comment on the response").fill(comment)
    page.get_by_role("button", name="Submit the grading").click()
    page.get_by_text("Your grading is submitted.").wait_for()
    grader_page_is_blind(page)


def test_exam_from_approval_to_endorsement(page, signed_in, association):
    load_catalog()
    small_bank()
    vignette("infant", "C")
    ExamSettings.objects.create(association=association, part_seconds=PART_SECONDS)
    approval = approved_candidate(
        association, "IMHM-C", full_name="Carla Candidate", email="carla@example.org"
    )
    week = exam_week(association, starts_in=3, name="Winter exam week")
    _, cora = person(association, Role.COORDINATOR, "Cora Coordinator", "cora@example.org")
    gina, gina_secret = person(association, Role.EXAM_GRADER, "Gina Grader", "gina@example.org")
    _, gus = person(association, Role.EXAM_GRADER, "Gus Grader", "gus@example.org")
    _, gwen = person(association, Role.EXAM_GRADER, "Gwen Grader", "gwen@example.org")
    _, hal = person(association, Role.EXAM_GRADER, "Hal Grader", "hal@example.org")
    # Gina reviewed the application: she must never grade it.
    Review.objects.create(
        application=approval.application, version=1, reviewer=gina, due_on=timezone.localdate()
    )

    # The candidate registers for the exam week.
    sign_in(page, "carla@example.org")
    page.goto("/exams/")
    page.get_by_role("link", name="IMHM-C exam at").click()
    tick(page, page.get_by_label("Winter exam week", exact=False))
    page.get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Winter exam week").wait_for()
    assert page.get_by_text("Registered", exact=True).is_visible()

    # The week comes: it starts today.
    week.starts_on = timezone.localdate()
    week.ends_on = week.starts_on + dt.timedelta(days=4)
    week.save()

    # Part 1: answer as we go, by mouse and by keyboard.
    page.reload()
    page.get_by_role("link", name="Open").first.click()
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Question 1 of 3").wait_for()
    sitting = Sitting.objects.get(part=Part.MC)
    deadline = sitting.deadline
    status = page.locator("#save-status")
    items = {i.pk: i for i in Item.objects.all()}
    for number, item_id in enumerate(sitting.item_order, start=1):
        right = items[item_id].options[items[item_id].key]
        if number == 2:
            page.get_by_label(right).focus()
            page.keyboard.press("Space")
        else:
            tick(page, page.get_by_label(right))
        status.get_by_text("Saved.").wait_for()
        if number == 2:
            tick(page, page.get_by_label("Flag this question"))
            status.get_by_text("Saved.").wait_for()
        if number < 3:
            page.get_by_role("button", name="Save and go to the next question").click()
            page.get_by_text(f"Question {number + 1} of 3").wait_for()
    assert Answer.objects.filter(sitting=sitting, choice__isnull=False).count() == 3

    # A reload keeps every answer and the remaining time (the server's deadline).
    before = sitting.seconds_left()
    page.goto(f"/exams/s/{sitting.uuid}/?q=2")
    assert page.get_by_label(
        items[sitting.item_order[1]].options[items[sitting.item_order[1]].key]
    ).is_checked()
    assert page.get_by_label("Flag this question").is_checked()
    minutes, seconds = page.locator("#clock-ticks").inner_text().split(":")
    shown = int(minutes) * 60 + int(seconds)
    assert 0 < shown <= before
    sitting.refresh_from_db()
    assert sitting.deadline == deadline

    # The clock runs out: the page hands the part in by itself.
    page.get_by_text("The time ran out: your saved answers were handed in automatically.").wait_for(
        timeout=(PART_SECONDS + 15) * 1000
    )
    sitting.refresh_from_db()
    assert (sitting.status, sitting.auto_submitted, sitting.passed) == (
        SittingStatus.SCORED,
        True,
        True,
    )
    assert str(sitting.score_percent) == "100.0"

    # Part 2: the written response, saved as typed, handed in early.
    page.goto(f"/exams/r/{sitting.registration.uuid}/")
    page.get_by_role("link", name="Open").click()
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Your response to", exact=False).fill(
        "I would begin by listening to the mother, then..."
    )
    page.locator("#save-status").get_by_text("Saved.").wait_for()
    page.keyboard.press("Tab")  # leaving the text saves nothing new: it is saved already
    page.get_by_role("button", name="Hand in this part").click()
    page.get_by_text("Your answers are handed in.").first.wait_for()
    essay = Sitting.objects.get(part=Part.ESSAY)
    assert essay.status == SittingStatus.GRADING
    assert {g.grader.email for g in essay.gradings.all()} == {"gus@example.org", "gwen@example.org"}

    # Two graders grade blind and disagree (pass / fail): a third grader is called.
    grade(signed_in("gus@example.org", gus), essay.code, (5, 4), "Thorough and warm.")
    grade(signed_in("gwen@example.org", gwen), essay.code, (3, 2), "Too thin on the plan.")
    third = essay.gradings.get(is_third=True)
    assert third.grader.email == "hal@example.org"
    grade(signed_in("hal@example.org", hal), essay.code, (4, 4), "Meets the criteria.")

    # The coordinator confirms; the endorsement is granted and the candidate told.
    cora_page = signed_in("cora@example.org", cora)
    cora_page.goto(f"/exams/staff/{association.code}/")
    cora_page.get_by_role("button", name=f"Confirm the result of {essay.code}").click()
    cora_page.get_by_text("The result is confirmed and the candidate told.").wait_for()
    endorsement = Endorsement.objects.get(application=approval.application)
    approval.application.refresh_from_db()
    assert approval.application.status == ApplicationStatus.ENDORSED
    result = [m for m in mail.outbox if m.subject == "You passed the written exam"]
    assert len(result) == 1 and result[0].to == ["carla@example.org"]
    assert endorsement.number in result[0].body
    assert all(items[i].stem not in result[0].body for i in items)
    page.goto(f"/exams/a/{approval.uuid}/")
    assert page.get_by_text("You passed the written exam.").is_visible()
    assert not gina_secret or all(
        m.to != ["gina@example.org"] for m in mail.outbox if "Essay" in m.subject
    )
