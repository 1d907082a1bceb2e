import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.enums import ApplicationStatus
from easy.accounts.enums import Role
from endorsements.models import SubmissionPeriod
from references.enums import ReferenceStatus
from reviews import services
from reviews.enums import Recommendation
from reviews.models import Decision, Review, SavedFilter
from tests.factories.accounts import UserFactory, staff
from tests.factories.applications import ApplicationFactory, ReferenceFactory
from tests.factories.reviews import assign, fill, reviewer
from tests.jobs.files import ask_for_file, download

S = ApplicationStatus
R = Recommendation


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def in_review(application, coordinator):
    services.accept_for_review(application, actor=coordinator)
    application.refresh_from_db()
    return application


def url(name, **kwargs):
    return reverse(f"reviews:{name}", kwargs=kwargs)


# --- The queue --------------------------------------------------------------------------------


def queue_rows(association, n, reviewer_user):
    """``n`` submitted applications, each with two ratings in and one review."""
    for i in range(n):
        a = ApplicationFactory(
            association=association,
            status=S.IN_REVIEW if i % 2 else S.SUBMITTED,
            submitted_at=timezone.now() - dt.timedelta(days=i),
            category_code="IFS" if i % 3 else "IMHS",
        )
        for _ in range(2):
            ReferenceFactory(application=a, status=ReferenceStatus.SUBMITTED)
        assign(a, reviewer_user)


def count_queue_queries(client, association) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url("queue", code=association.code), {"sort": "-waiting"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queue_runs_a_fixed_number_of_queries(catalog, association, coordinator_client):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    queue_rows(association, 1, rosa)
    one = count_queue_queries(coordinator_client, association)
    queue_rows(association, 49, rosa)
    fifty = count_queue_queries(coordinator_client, association)
    assert one == fifty
    # Nothing changed since: the results (counts, rows, reviews, the filters' choices) are kept.
    assert count_queue_queries(coordinator_client, association) == fifty - 7


def test_queue_shows_counts_rows_and_overdue(catalog, association, coordinator_client, application):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    other = ApplicationFactory(association=association, status=S.IN_REVIEW)
    assign(other, rosa, due_on=timezone.localdate() - dt.timedelta(days=2))

    response = coordinator_client.get(url("queue", code=association.code))

    html = response.content.decode()
    counts = {(c["label"], c["n"]) for c in response.context["counts"]}
    assert counts == {("Submitted", 1), ("In review", 1)}
    assert response.context["total"] == 2
    assert "Ada Applicant" in html
    assert 'Rosa Reviewer (assigned, <strong class="status-unmet">overdue</strong>)' in html
    assert "3 / 3" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "submitted"}, ["Old IFS", "New IFS"]),
        ({"category": "IMHS"}, ["Old IMHS"]),
        ({"waiting": "28"}, ["Old IFS", "Old IMHS"]),
        ({"references": "complete"}, ["Old IFS"]),
        ({"references": "incomplete"}, ["Old IMHS", "New IFS", "Never"]),
        ({"sort": "-applicant"}, ["Old IMHS", "Old IFS", "New IFS", "Never"]),
        ({"sort": "applicant"}, ["Never", "New IFS", "Old IFS", "Old IMHS"]),
    ],
)
def test_queue_filters_and_sorts(catalog, association, coordinator_client, params, expected):
    now = timezone.now()
    rows = [
        ("Old IFS", "IFS", S.SUBMITTED, now - dt.timedelta(days=40), 3),
        ("Old IMHS", "IMHS", S.IN_REVIEW, now - dt.timedelta(days=30), 1),
        ("New IFS", "IFS", S.SUBMITTED, now - dt.timedelta(days=2), 0),
        ("Never", "IFS", S.IN_PROGRESS, None, 0),
    ]
    for name, code, status, submitted_at, ratings in rows:
        a = ApplicationFactory(
            association=association,
            applicant=UserFactory(full_name=name),
            category_code=code,
            status=status,
            submitted_at=submitted_at,
        )
        for _ in range(ratings):
            ReferenceFactory(application=a, status=ReferenceStatus.SUBMITTED)

    response = coordinator_client.get(url("queue", code=association.code), params)

    names = [r["name"] for r in response.context["rows"]]
    assert names == expected


def test_queue_filters_by_reviewer_and_period(catalog, association, coordinator_client):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    period = SubmissionPeriod.objects.create(
        association=association,
        name="Test period",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 15),
    )
    inside = ApplicationFactory(
        association=association,
        applicant=UserFactory(full_name="Inside"),
        status=S.IN_REVIEW,
        submitted_at=timezone.make_aware(dt.datetime(2026, 3, 15, 23, 30)),
    )
    ApplicationFactory(
        association=association,
        applicant=UserFactory(full_name="Outside"),
        status=S.IN_REVIEW,
        submitted_at=timezone.make_aware(dt.datetime(2026, 3, 16, 0, 30)),
    )
    assign(inside, rosa)

    by_period = coordinator_client.get(url("queue", code=association.code), {"period": period.pk})
    by_reviewer = coordinator_client.get(
        url("queue", code=association.code), {"reviewer": str(rosa.uuid)}
    )

    assert [r["uuid"] for r in by_period.context["rows"]] == [inside.uuid]
    assert [r["uuid"] for r in by_reviewer.context["rows"]] == [inside.uuid]


def test_queue_bad_filter_is_reported_and_ignored(catalog, association, coordinator_client):
    ApplicationFactory(association=association, status=S.SUBMITTED)
    response = coordinator_client.get(url("queue", code=association.code), {"status": "nope"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(response.context["rows"]) == 1


def test_queue_paginates_50_per_page(catalog, association, coordinator_client):
    for _ in range(51):
        ApplicationFactory(association=association, status=S.SUBMITTED)
    first = coordinator_client.get(url("queue", code=association.code))
    second = coordinator_client.get(url("queue", code=association.code), {"page": 2})
    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 1)
    assert "Page 1 of 2" in first.content.decode()


def test_queue_csv_exports_the_filtered_list(
    catalog, association, coordinator_client, django_capture_on_commit_callbacks
):
    rosa = reviewer(association, full_name="Rosa Reviewer")
    a = ApplicationFactory(
        association=association,
        applicant=UserFactory(full_name="Ada Applicant", email="ada@example.org"),
        status=S.IN_REVIEW,
        submitted_at=timezone.now() - dt.timedelta(days=10),
    )
    assign(a, rosa)
    ApplicationFactory(association=association, status=S.SUBMITTED)

    job, progress = ask_for_file(
        coordinator_client,
        django_capture_on_commit_callbacks,
        url("export", code=association.code),
        {"status": "in_review"},
    )

    assert (job.status, job.content_type) == ("done", "text/csv; charset=utf-8")
    assert "Your file is ready" in progress.content.decode()
    content = download(coordinator_client, job)
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert rows[0][:4] == ["applicant", "email", "category", "status"]
    assert rows[1] == [
        "Ada Applicant",
        "ada@example.org",
        "IFS",
        "In review",
        "1",
        timezone.localdate(a.submitted_at).isoformat(),
        "10",
        "0",
        "Rosa Reviewer (Assigned)",
        "0",
    ]
    assert len(rows) == 2


def test_saved_filters_are_per_user(catalog, association, coordinator_client, coordinator):
    response = coordinator_client.post(
        url("save_filter", code=association.code),
        {"name": "Long waits", "query": "category=IFS&waiting=28"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?category=IFS&waiting=28")
    saved = SavedFilter.objects.get()
    assert (saved.user, saved.name, saved.query) == (
        coordinator,
        "Long waits",
        "category=IFS&waiting=28",
    )

    page = coordinator_client.get(url("queue", code=association.code))
    assert '<a href="?category=IFS&amp;waiting=28">Long waits</a>' in page.content.decode()

    colleague = staff(association)
    coordinator_client.force_login(colleague)
    page = coordinator_client.get(url("queue", code=association.code))
    assert "Long waits" not in page.content.decode()
    response = coordinator_client.post(url("delete_filter", code=association.code, uuid=saved.uuid))
    assert response.status_code == 404

    coordinator_client.force_login(coordinator)
    coordinator_client.post(url("delete_filter", code=association.code, uuid=saved.uuid))
    assert not SavedFilter.objects.exists()


def test_queue_of_another_association_is_404(catalog, association, other_association, client):
    client.force_login(staff(other_association))
    assert client.get(url("queue", code=association.code)).status_code == 404
    assert client.get(url("export", code=association.code)).status_code == 404


def test_queue_refuses_reviewers_and_wrong_method(catalog, association, client, coordinator_client):
    client.force_login(reviewer(association))
    assert client.get(url("queue", code=association.code)).status_code == 404
    assert coordinator_client.post(url("queue", code=association.code)).status_code == 405


def test_staff_without_second_factor_are_sent_to_set_it_up(catalog, association, client):
    client.force_login(staff(association, mfa=False))
    response = client.get(url("queue", code=association.code))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


# --- The coordinator's application page -------------------------------------------------------


def test_application_page_shows_eligibility_and_documents(application, coordinator_client):
    response = coordinator_client.get(url("application", uuid=application.uuid))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Every required item is met." in html
    assert "transcript.pdf" in html
    assert "Accept for review" in html


def test_accept_then_assign_through_the_page_shows_why_a_reviewer_is_refused(
    application, reviewers, coordinator_client
):
    coordinator_client.post(url("accept", uuid=application.uuid))
    application.references.filter(relationship="colleague").update(email=reviewers["tess"].email)

    page = coordinator_client.get(url("application", uuid=application.uuid))
    html = page.content.decode()
    assert "Assign Rosa Reviewer" in html
    assert "Endorsed as IFA: not at the applicant&#x27;s category or above." in html
    assert "Is one of the applicant&#x27;s reference raters." in html
    assert "Assign Tess Third" not in html

    refused = coordinator_client.post(
        url("assign", uuid=application.uuid), {"reviewer": str(reviewers["tess"].uuid)}
    )
    assert refused.status_code == 409
    assert (
        "Tess Third cannot be assigned: Is one of the applicant&#x27;s reference raters."
        in refused.content.decode()
    )
    done = coordinator_client.post(
        url("assign", uuid=application.uuid), {"reviewer": str(reviewers["rosa"].uuid)}
    )
    assert done.status_code == 302
    assert Review.objects.get().reviewer == reviewers["rosa"]


def test_return_needs_reasons_at_the_field(application, coordinator_client):
    response = coordinator_client.post(url("return", uuid=application.uuid), {"reason": ""})
    assert response.status_code == 422
    assert 'id="return_reason_error"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_decision_form_requires_reason_on_disagreement(in_review, reviewers, coordinator_client):
    fill(assign(in_review, reviewers["rosa"]), R.ENDORSE)
    fill(assign(in_review, reviewers["sam"]), R.NOT_ENDORSE)
    page = coordinator_client.get(url("application", uuid=in_review.uuid)).content.decode()
    assert "The reviewers disagree." in page
    assert "Secret note of Rosa Reviewer" in page  # the coordinator reads private notes
    assert "Assign Tess Third" in page

    refused = coordinator_client.post(
        url("decide", uuid=in_review.uuid), {"outcome": "endorse", "reason": ""}
    )
    assert refused.status_code == 422
    assert "write the reason for the decision" in refused.content.decode()
    done = coordinator_client.post(
        url("decide", uuid=in_review.uuid),
        {"outcome": "endorse", "reason": "Strong RS/C log.", "message": "Congratulations."},
    )
    assert done.status_code == 302
    assert Decision.objects.get().reason == "Strong RS/C log."


def test_application_page_of_another_association_is_404(application, other_association, client):
    client.force_login(staff(other_association))
    assert client.get(url("application", uuid=application.uuid)).status_code == 404
    assert client.post(url("accept", uuid=application.uuid)).status_code == 404


def test_application_page_refuses_reviewers_and_applicants(application, reviewers, client):
    client.force_login(reviewers["rosa"])
    assert client.get(url("application", uuid=application.uuid)).status_code == 404
    client.force_login(application.applicant)
    assert client.get(url("application", uuid=application.uuid)).status_code == 404


def test_application_page_wrong_method(application, coordinator_client):
    assert coordinator_client.get(url("accept", uuid=application.uuid)).status_code == 405
    assert coordinator_client.delete(url("application", uuid=application.uuid)).status_code == 405


# --- The reviewer's workspace -----------------------------------------------------------------


def test_reviewer_sees_only_assigned_applications(in_review, reviewers, client):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["sam"])
    assert client.get(url("review", uuid=review.uuid)).status_code == 404
    assert client.get(url("packet_pdf", uuid=review.uuid)).status_code == 404
    assert client.get(url("mine")).context["open"] == []

    client.force_login(reviewers["rosa"])
    response = client.get(url("review", uuid=review.uuid))
    assert response.status_code == 200
    assert [r for r, _ in client.get(url("mine")).context["open"]] == [review]


def test_reviewer_who_lost_the_role_gets_404(in_review, reviewers, client):
    review = assign(in_review, reviewers["rosa"])
    reviewers["rosa"].role_assignments.filter(role=Role.REVIEWER).delete()
    staff(in_review.association, Role.ADVISOR)  # still staff elsewhere is irrelevant
    reviewers["rosa"].role_assignments.create(association=in_review.association, role=Role.ADVISOR)
    client.force_login(reviewers["rosa"])
    assert client.get(url("review", uuid=review.uuid)).status_code == 404


def test_reviewers_do_not_see_each_other_until_both_submit(in_review, reviewers, client):
    rosa_review = fill(assign(in_review, reviewers["rosa"]), R.ENDORSE)
    sam_review = assign(in_review, reviewers["sam"])
    client.force_login(reviewers["rosa"])

    before = client.get(url("review", uuid=rosa_review.uuid))
    assert before.context["others"] == []
    assert "once both reviewers have submitted" in before.content.decode()

    fill(sam_review, R.REVISE_RESUBMIT)
    after = client.get(url("review", uuid=rosa_review.uuid)).content.decode()
    assert "Sam Second" in after
    assert f"Overall comment number {sam_review.pk} for the applicant" in after
    assert "Secret note of Sam Second" not in after
    assert "Secret note of Rosa Reviewer" in after  # one's own notes


def test_submitted_review_cannot_be_posted_again(in_review, reviewers, client):
    review = fill(assign(in_review, reviewers["rosa"]))
    client.force_login(reviewers["rosa"])
    assert client.post(url("review", uuid=review.uuid), {"action": "save"}).status_code == 403
    assert client.post(url("decline", uuid=review.uuid), {"reason": "x"}).status_code == 403


def test_decline_through_the_page(in_review, reviewers, client):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])
    empty = client.post(url("decline", uuid=review.uuid), {"reason": ""})
    assert empty.status_code == 422
    done = client.post(url("decline", uuid=review.uuid), {"reason": "Conflict: former colleague."})
    assert done.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.decline_reason) == ("declined", "Conflict: former colleague.")


def test_packet_pdf_has_the_application(
    in_review, reviewers, client, django_capture_on_commit_callbacks
):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])

    job, _ = ask_for_file(
        client, django_capture_on_commit_callbacks, url("packet_pdf", uuid=review.uuid)
    )

    assert job.content_type == "application/pdf"
    content = download(client, job)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Application of Ada Applicant" in text
    assert "Healthy Families" in text
    assert "Reflection" in text


def test_reviewer_document_link_is_signed(in_review, reviewers, client):
    review = assign(in_review, reviewers["rosa"])
    document = in_review.documents.get()
    client.force_login(reviewers["rosa"])
    response = client.get(url("document", uuid=review.uuid, document=document.uuid))
    assert response.status_code == 302
    assert "/documents/" in response["Location"]
    client.force_login(reviewers["sam"])
    assert client.get(url("document", uuid=review.uuid, document=document.uuid)).status_code == 404


# --- The applicant's decision page ------------------------------------------------------------


def test_applicant_reads_comments_without_names_or_private_notes(
    in_review, reviewers, coordinator, client
):
    first = fill(assign(in_review, reviewers["rosa"]), R.ENDORSE)
    fill(assign(in_review, reviewers["sam"]), R.ENDORSE)
    services.decide(in_review, R.ENDORSE, actor=coordinator, message="Well done.")
    client.force_login(in_review.applicant)

    response = client.get(url("decision", uuid=in_review.uuid))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Version 1: Endorse" in html
    assert "Well done." in html
    assert "WI-IFS-000001" in html
    assert f"Overall comment number {first.pk} for the applicant" in html
    assert "Comment on Theoretical Foundations" in html
    for hidden in ("Rosa Reviewer", "Sam Second", "Secret note", "Private note"):
        assert hidden not in html


def test_decision_page_404_for_others_and_before_a_decision(in_review, reviewers, client):
    client.force_login(in_review.applicant)
    assert client.get(url("decision", uuid=in_review.uuid)).status_code == 404
    client.force_login(reviewers["rosa"])
    assert client.get(url("decision", uuid=in_review.uuid)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url("decision", uuid=in_review.uuid)).status_code == 404


# --- Reviewer pool ----------------------------------------------------------------------------


def test_pool_edits_profiles_and_deadlines(catalog, association, coordinator_client):
    rosa = reviewer(association, "IFS", full_name="Rosa Reviewer")
    page = coordinator_client.get(url("pool", code=association.code)).content.decode()
    assert "Rosa Reviewer" in page

    response = coordinator_client.post(
        url("reviewer_profile", code=association.code, user=rosa.uuid),
        {"category_code": "IMHS", "employer": "Lakeside", "declared_conflicts": "Jo Smith"},
    )
    assert response.status_code == 302
    profile = rosa.reviewer_profiles.get()
    assert (profile.category_code, profile.employer, profile.declared_conflicts) == (
        "IMHS",
        "Lakeside",
        "Jo Smith",
    )

    bad = coordinator_client.post(url("pool", code=association.code), {"review_days": "0"})
    assert bad.status_code == 422
    coordinator_client.post(
        url("pool", code=association.code), {"review_days": 21, "reminder_days": 5}
    )
    assert services.deadlines(association) == (21, 5)


def test_pool_of_another_association_is_404(catalog, association, other_association, client):
    rosa = reviewer(association)
    client.force_login(staff(other_association))
    assert client.get(url("pool", code=association.code)).status_code == 404
    assert (
        client.get(url("reviewer_profile", code=other_association.code, user=rosa.uuid)).status_code
        == 404
    )


def test_decision_and_return_forms_on_one_page_have_distinct_ids(
    in_review, reviewers, coordinator_client
):
    import re
    from collections import Counter

    fill(assign(in_review, reviewers["rosa"]), R.ENDORSE)
    fill(assign(in_review, reviewers["sam"]), R.ENDORSE)
    page = coordinator_client.get(url("application", uuid=in_review.uuid)).content.decode()

    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    assert re.search(r'<label[^>]* for="decision_reason"[^>]*>Reason for the decision', page)
    assert 'id="decision_reason"' in page
    assert re.search(r'<label[^>]* for="return_reason"[^>]*>What the applicant should change', page)


def test_eligibility_panel_speaks_about_the_applicant(application, coordinator_client):
    import re

    html = coordinator_client.get(url("application", uuid=application.uuid)).content.decode()
    panel = html[
        html.index('id="eligibility-heading"') : html.index(
            "</section>", html.index('id="eligibility-heading"')
        )
    ]

    assert "The applicant&#x27;s" in panel
    assert re.search(r"\byou(r)?\b", panel, re.IGNORECASE) is None
