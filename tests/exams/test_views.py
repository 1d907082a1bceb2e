import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from easy.accounts.enums import Role
from exams import services
from exams.enums import Part, SittingStatus
from exams.models import Answer, Item, Sitting
from tests.factories.accounts import UserFactory, staff
from tests.factories.exams import approved_candidate, registered

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"exams:{name}", kwargs=kwargs)


@pytest.fixture
def mc(approval, week, exam_bank):
    registration = registered(approval, week)
    return registration.sittings.get(part=Part.MC)


@pytest.fixture
def started(mc, approval):
    services.start(mc, actor=approval.candidate)
    mc.refresh_from_db()
    return mc


def login(client, user):
    client.force_login(user)
    return client


# --- Candidate pages ----------------------------------------------------------------------


def test_candidate_sees_own_approval_stranger_404_manager_reads_but_cannot_post(
    client, approval, coordinator
):
    page = login(client, approval.candidate).get(url("approval", uuid=approval.uuid))
    assert page.status_code == 200
    assert "Written exam for the IMHM-C endorsement" in page.content.decode()
    assert login(client, UserFactory()).get(url("approval", uuid=approval.uuid)).status_code == 404
    login(client, coordinator)
    assert client.get(url("approval", uuid=approval.uuid)).status_code == 200
    assert client.post(url("approval", uuid=approval.uuid), {"action": "retake"}).status_code == 403
    assert client.put(url("approval", uuid=approval.uuid)).status_code == 405


def test_register_through_the_page(client, approval, association):
    from tests.factories.exams import exam_week

    week = exam_week(association, starts_in=30, name="Spring")
    response = login(client, approval.candidate).post(
        url("approval", uuid=approval.uuid), {"action": "register", "week": week.pk}
    )
    registration = approval.registrations.get()
    assert response["Location"] == url("registration", uuid=registration.uuid)
    assert sorted(registration.sittings.values_list("part", flat=True)) == ["essay", "mc"]


def test_sitting_page_shows_one_question_never_the_key(client, started, approval):
    page = login(client, approval.candidate).get(url("sitting", uuid=started.uuid) + "?q=1")
    html = page.content.decode()
    first = Item.objects.get(pk=started.item_order[0])
    second = Item.objects.get(pk=started.item_order[1])
    assert first.stem in html
    assert second.stem not in html
    assert all(option in html for option in first.options)
    assert 'value="0"' in html and "key" not in html.lower().replace("keyboard", "")
    assert 'aria-live="polite"' in html


def test_candidate_cannot_read_another_sitting_and_staff_cannot_open_one(
    client, started, association, coordinator
):
    other = approved_candidate(association, "IMHM-P")
    assert login(client, other.candidate).get(url("sitting", uuid=started.uuid)).status_code == 404
    assert login(client, coordinator).get(url("sitting", uuid=started.uuid)).status_code == 404
    assert (
        login(client, other.candidate)
        .post(url("answer", uuid=started.uuid), {"q": 1, "choice": 0})
        .status_code
        == 404
    )


def test_questions_are_not_shown_before_start_or_after_submission(client, mc, approval):
    login(client, approval.candidate)
    html = client.get(url("sitting", uuid=mc.uuid)).content.decode()
    assert "Start" in html and "question 0?" not in html
    services.start(mc, actor=approval.candidate)
    services.submit(mc, actor=approval.candidate)
    html = client.get(url("sitting", uuid=mc.uuid)).content.decode()
    assert "Your answers are handed in." in html
    assert not any(i.stem in html for i in Item.objects.all())


def test_autosave_answer_json_then_refused_after_the_deadline(client, started, approval):
    login(client, approval.candidate)
    headers = {"HTTP_X_EXAM_AUTOSAVE": "1"}
    ok = client.post(url("answer", uuid=started.uuid), {"q": 2, "choice": 3}, **headers)
    assert ok.status_code == 200
    assert ok.json()["saved"] is True
    assert 0 < ok.json()["seconds_left"] <= 90 * 60
    Sitting.objects.filter(pk=started.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    late = client.post(url("answer", uuid=started.uuid), {"q": 3, "choice": 1}, **headers)
    assert late.status_code == 409
    assert late.json() == {
        "saved": False,
        "error": "Time is up: this answer arrived after the end of the part.",
        "closed": True,
    }
    assert Answer.objects.filter(sitting=started).count() == 1
    started.refresh_from_db()
    assert started.status == SittingStatus.SCORED and started.auto_submitted


def test_no_js_form_saves_and_moves_to_the_next_question(client, started, approval):
    login(client, approval.candidate)
    response = client.post(
        url("answer", uuid=started.uuid), {"q": 1, "choice": 2, "flagged": "1", "go": "2"}
    )
    assert response["Location"] == url("sitting", uuid=started.uuid) + "?q=2"
    answer = Answer.objects.get(sitting=started)
    assert answer.flagged is True
    assert answer.choice == started.option_orders[str(started.item_order[0])][2]


def test_second_tab_start_keeps_the_deadline(client, mc, approval):
    login(client, approval.candidate)
    client.post(url("start", uuid=mc.uuid))
    mc.refresh_from_db()
    first = mc.deadline
    client.post(url("start", uuid=mc.uuid))
    mc.refresh_from_db()
    assert mc.deadline == first
    clock = client.get(url("clock", uuid=mc.uuid)).json()
    assert clock["status"] == "in_progress"
    assert abs(clock["seconds_left"] - mc.seconds_left()) <= 1


# --- Bank: exam administrators only ---------------------------------------------------------


@pytest.fixture
def exam_admin(association):
    return staff(association, Role.EXAM_ADMINISTRATOR)


def test_bank_and_items_only_for_exam_administrators(
    client, exam_bank, exam_admin, coordinator, approval
):
    item = Item.objects.first()
    for user in (approval.candidate, coordinator, staff(approval.association, Role.EXAM_GRADER)):
        login(client, user)
        assert client.get(url("bank")).status_code == 404
        assert client.get(url("item", uuid=item.uuid)).status_code == 404
        assert client.get(url("export", fmt="json")).status_code == 404
    login(client, exam_admin)
    assert item.stem in client.get(url("bank")).content.decode()
    exported = json.loads(client.get(url("export", fmt="json")).content)
    assert len(exported) == Item.objects.count()
    assert {"uuid", "stem", "key", "status", "version"} <= set(exported[0])


def test_import_preview_lists_row_errors_then_imports_drafts(client, catalog, exam_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_text = (
        "family,area,stem,option_a,option_b,option_c,option_d,key\n"
        "infant,reflection,What helps?,One,Two,Three,Four,B\n"
        "infant,nowhere,Bad area?,One,Two,Three,Four,E\n"
    )
    login(client, exam_admin)
    page = client.post(
        url("import"),
        {"action": "preview", "file": SimpleUploadedFile("items.csv", csv_text.encode())},
    )
    html = page.content.decode()
    assert "Unknown competency area “nowhere” for this family." in html
    assert "The key must be A, B, C or D." in html
    assert "Import these items" not in html
    good = csv_text.rsplit("infant,nowhere", 1)[0]
    client.post(
        url("import"),
        {"action": "preview", "file": SimpleUploadedFile("items.csv", good.encode())},
    )
    response = client.post(url("import"), {"action": "import", "text": good, "fmt": "csv"})
    assert response["Location"] == url("bank")
    item = Item.objects.get(stem="What helps?")
    assert (item.status, item.key, item.area.code) == ("draft", 1, "reflection")


# --- Graders -------------------------------------------------------------------------------


@pytest.fixture
def graded_essay(approval, week, exam_bank, graders):
    registration = registered(approval, week)
    essay = registration.sittings.get(part=Part.ESSAY)
    services.start(essay, actor=approval.candidate)
    essay.refresh_from_db()
    services.save_response(
        essay,
        essay.vignettes.get(),
        "The response text by the candidate.",
        actor=approval.candidate,
    )
    services.submit(essay, actor=approval.candidate)
    essay.refresh_from_db()
    return essay


def test_grader_sees_only_the_anonymous_response(client, graded_essay, graders, approval):
    grading = graded_essay.gradings.order_by("pk").first()
    login(client, grading.grader)
    for page in (url("gradings"), url("grade", uuid=grading.uuid)):
        html = client.get(page).content.decode()
        assert graded_essay.code in html
        for secret in ("Carla Candidate", "carla@example.org", "WI-AIMH", "Wisconsin"):
            assert secret not in html
    assert (
        "The response text by the candidate."
        in client.get(url("grade", uuid=grading.uuid)).content.decode()
    )
    other = graded_essay.gradings.exclude(pk=grading.pk).first()
    assert client.get(url("grade", uuid=other.uuid)).status_code == 404
    login(client, approval.candidate)
    assert client.get(url("grade", uuid=grading.uuid)).status_code == 404


def test_grader_does_not_see_the_other_graders_scores(client, graded_essay):
    first, second = graded_essay.gradings.order_by("pk")
    criteria = services.grading.rubric(graded_essay)
    login(client, first.grader)
    data = {f"points-{c.pk}": "5" for c in criteria} | {"comment": "Strong."}
    assert client.post(url("grade", uuid=first.uuid), data)["Location"] == url("gradings")
    login(client, second.grader)
    html = client.get(url("grade", uuid=second.uuid)).content.decode()
    assert "Strong." not in html and 'value="5"' not in html


def test_staff_exam_page_404_for_another_associations_coordinator(
    client, approval, other_association
):
    login(client, staff(other_association))
    assert client.get(url("staff", code=approval.association.code)).status_code == 404


def test_staff_page_queries_do_not_grow(
    client, association, coordinator, catalog, django_assert_max_num_queries
):
    approved_candidate(association)
    login(client, coordinator)
    with django_assert_max_num_queries(30) as one:
        client.get(url("staff", code=association.code))
    for _ in range(5):
        approved_candidate(association)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url("staff", code=association.code))
    assert page.content.decode().count("Extend") == 6
