"""The reviewer's workspace: one competency area at a time, its evidence beside its score; each
area saved on its own (the others stay as saved); after the last area, the recommendation and
submit. A fixed number of queries however large the application's log."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import CompetencyNarrative, Training, WorkPeriod
from endorsements.queries import competency_areas_for
from references.models import Rating
from reviews import services
from reviews.enums import ReviewStatus
from tests.factories.applications import TrainingFactory, WorkPeriodFactory
from tests.factories.references import invitation_for
from tests.factories.reviews import assign, fill


@pytest.fixture
def in_review(application, coordinator):
    services.accept_for_review(application, actor=coordinator)
    application.refresh_from_db()
    return application


@pytest.fixture
def areas(in_review):
    return list(competency_areas_for(in_review.category))


def url(review, area=None):
    base = reverse("reviews:review", kwargs={"uuid": review.uuid})
    return f"{base}?area={area}" if area else base


def area_post(area, action="save", score="met", comment="", note=""):
    return {
        "area": area.code,
        "action": action,
        f"score_{area.code}": score,
        f"comment_{area.code}": comment,
        f"note_{area.code}": note,
    }


def evidence_for(application, area, *, trainings=1, tagged=1):
    """A narrative for ``area`` with ``trainings`` ticked trainings and a work period, and
    ``tagged`` trainings whose log row names the area; logged before the submission."""
    before = application.submitted_at - dt.timedelta(minutes=1)
    narrative = CompetencyNarrative.objects.create(
        application=application, area_code=area.code, narrative=f"How I show {area.name}."
    )
    work = WorkPeriodFactory(application=application, title="Home visitor", employer="Kin Agency")
    ticked = [
        TrainingFactory(application=application, title=f"Ticked for {area.code} {i}")
        for i in range(trainings)
    ]
    for i in range(tagged):
        TrainingFactory(
            application=application,
            title=f"Tagged with {area.code} {i}",
            competency_areas=[area.code],
        )
    narrative.trainings.set(ticked)
    narrative.work_periods.set([work])
    Training.objects.filter(owner=application.applicant).update(created_at=before)
    WorkPeriod.objects.filter(owner=application.applicant).update(created_at=before)
    return narrative


def rated(application, answers):
    """A submitted rating by the application's first rater, with ``answers`` per area code."""
    reference = application.references.order_by("id").first()
    invitation = invitation_for(reference, status=reference.status)
    Rating.objects.create(
        invitation=invitation, answers=answers, submitted_at=timezone.now(), counts=True
    )
    return reference


def test_workspace_opens_at_the_first_area_with_only_its_evidence(
    in_review, areas, reviewers, client
):
    first, second = areas[0], areas[1]
    evidence_for(in_review, first)
    evidence_for(in_review, second)
    reference = rated(in_review, {first.code: "4", second.code: "2"})
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])

    response = client.get(url(review))

    assert response.status_code == 200
    assert response.context["step"] == first.code
    html = response.content.decode()
    assert f"How I show {first.name}." in html
    assert f"Ticked for {first.code} 0" in html
    assert f"Tagged with {first.code} 0" in html
    assert "Home visitor, Kin Agency" in html
    assert reference.rater_name in html and "4 — Exemplary" in html
    # The next area's evidence waits for its own page.
    assert f"How I show {second.name}." not in html
    assert f"Tagged with {second.code} 0" not in html
    assert "2 — Developing" not in html
    # Every area is listed, none scored; the whole packet is one click away.
    assert [s["scored"] for s in response.context["nav"]] == [False] * len(areas)
    assert html.count("Not scored") == len(areas)
    assert reverse("reviews:packet", kwargs={"uuid": review.uuid}) in html
    assert f'name="score_{first.code}"' in html
    assert f'name="score_{second.code}"' not in html


def test_training_logged_after_the_submission_is_not_evidence(in_review, areas, reviewers, client):
    area = areas[0]
    evidence_for(in_review, area, trainings=0, tagged=1)
    TrainingFactory(application=in_review, title="Logged later", competency_areas=[area.code])
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])

    html = client.get(url(review, area.code)).content.decode()

    assert f"Tagged with {area.code} 0" in html
    assert "Logged later" not in html


def test_saving_one_area_keeps_what_was_saved_in_the_others(in_review, areas, reviewers, client):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])
    first, second = areas[0], areas[1]

    saved = client.post(url(review), area_post(first, "next", "met", "Clear.", "Check dates."))
    assert saved.status_code == 302
    assert saved["Location"] == url(review, second.code)
    assert client.post(url(review), area_post(second, "save", "not_met")).status_code == 302
    # Saving the first area again, with another score, leaves the second as it was.
    client.post(url(review), area_post(first, "save", "partially_met", "Clearer."))

    scores = {s.area_code: s for s in review.scores.all()}
    assert (scores[first.code].score, scores[first.code].comment_for_applicant) == (
        "partially_met",
        "Clearer.",
    )
    assert scores[first.code].private_note == ""
    assert scores[second.code].score == "not_met"
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED

    page = client.get(url(review, first.code))
    assert page.context["form"][f"score_{first.code}"].value() == "partially_met"
    assert [s["scored"] for s in page.context["nav"]][:3] == [True, True, False]
    # Opening the workspace again resumes at the first area not scored.
    assert client.get(url(review)).context["step"] == areas[2].code


def test_last_area_leads_to_the_recommendation_then_submit(in_review, areas, reviewers, client):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])
    last = areas[-1]

    response = client.post(url(review), area_post(last, "next"))
    assert response["Location"] == url(review, "recommendation")

    page = client.get(url(review, "recommendation")).content.decode()
    assert "Your recommendation" in page
    assert "Submit the review" in page
    assert "Eligibility (the rules, as of today)" in page
    assert f"{len(areas) - 1} areas are not scored yet" in page

    too_soon = client.post(
        url(review),
        {"area": "recommendation", "action": "submit", "recommendation": "endorse"},
    )
    assert too_soon.status_code == 422
    assert "Score every competency area before you submit" in too_soon.content.decode()
    review.refresh_from_db()
    # The recommendation is kept as a draft.
    assert (review.status, review.recommendation) == (ReviewStatus.ASSIGNED, "endorse")

    for area in areas[:-1]:
        client.post(url(review), area_post(area, "save"))
    done = client.post(
        url(review),
        {
            "area": "recommendation",
            "action": "submit",
            "recommendation": "endorse",
            "comments_for_applicant": "Well documented.",
        },
    )
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.comments_for_applicant == "Well documented."
    after = client.get(url(review))
    assert after.context["step"] == "recommendation"
    assert "once both reviewers have submitted" in after.content.decode()
    assert client.post(url(review), area_post(areas[0])).status_code == 403


def test_a_bad_score_is_reported_at_its_field(in_review, areas, reviewers, client):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])

    response = client.post(url(review), area_post(areas[0], score="brilliant", comment="Kept."))

    assert response.status_code == 422
    assert response.context["step"] == areas[0].code
    assert "Kept." in response.content.decode()
    assert not review.scores.exists()


def test_submitted_review_shows_the_other_scores_for_the_area(in_review, areas, reviewers, client):
    rosa = fill(assign(in_review, reviewers["rosa"]))
    fill(assign(in_review, reviewers["sam"]), score="not_met")
    client.force_login(reviewers["rosa"])

    response = client.get(url(rosa, areas[0].code))

    assert response.context["form"] is None
    html = response.content.decode()
    assert "Sam Second" in html and "Not met" in html
    assert f"Comment on {areas[0].name}" in html


def test_packet_page_shows_the_whole_application(in_review, reviewers, client):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])

    response = client.get(reverse("reviews:packet", kwargs={"uuid": review.uuid}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Healthy Families" in html
    assert "Pat Provider (IMHS)" in html
    assert "Theoretical Foundations" in html
    assert "transcript.pdf" in html
    client.force_login(reviewers["sam"])
    assert client.get(reverse("reviews:packet", kwargs={"uuid": review.uuid})).status_code == 404


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_workspace_runs_a_fixed_number_of_queries(in_review, areas, reviewers, client):
    area = areas[0]
    evidence_for(in_review, area, trainings=1, tagged=1)
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])
    one = _count(client, url(review, area.code))

    for i in range(40):
        TrainingFactory(application=in_review, title=f"More {i}", competency_areas=[area.code])
    extra = [TrainingFactory(application=in_review, title=f"Ticked more {i}") for i in range(20)]
    in_review.narratives.get(area_code=area.code).trainings.add(*extra)
    Training.objects.filter(owner=in_review.applicant).update(
        created_at=in_review.submitted_at - dt.timedelta(minutes=1)
    )
    for a in areas[1:]:
        client.post(url(review), area_post(a, "save", comment="Noted."))
    many = _count(client, url(review, area.code))

    assert one == many


def test_a_refused_decline_keeps_the_workspace_forms_on_the_review(
    in_review, areas, reviewers, client
):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])

    response = client.post(reverse("reviews:decline", kwargs={"uuid": review.uuid}), {})

    assert response.status_code == 422
    html = response.content.decode()
    assert f'action="{url(review)}"' in html
    assert f'href="{url(review, areas[0].code)}"' in html


def test_saving_an_area_is_only_for_the_assigned_reviewer_while_open(in_review, areas, reviewers):
    review = assign(in_review, reviewers["rosa"])
    answer = services.AreaAnswer(area_code=areas[0].code, score="met", comment_for_applicant=" Ok ")

    with pytest.raises(services.ReviewError):
        services.save_area(review, answer, actor=reviewers["sam"])
    with pytest.raises(services.ReviewError):
        services.save_area(
            review, services.AreaAnswer(area_code="not-an-area"), actor=reviewers["rosa"]
        )
    services.save_area(review, answer, actor=reviewers["rosa"])
    assert review.scores.get().comment_for_applicant == "Ok"

    fill(review)
    with pytest.raises(services.ReviewError):
        services.save_area(review, answer, actor=reviewers["rosa"])
