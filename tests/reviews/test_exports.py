"""The queue CSV and the review packet are made in the background (reviews/exports.py)."""

import pytest
from django.urls import reverse

from easy.jobs.models import Job
from reviews import services
from tests.factories.reviews import assign
from tests.jobs.files import ask_for_file


@pytest.fixture
def in_review(application, coordinator):
    services.accept_for_review(application, actor=coordinator)
    application.refresh_from_db()
    return application


def packet(review):
    return reverse("reviews:packet_pdf", kwargs={"uuid": review.uuid})


def test_packet_is_made_once_per_version_for_both_reviewers(
    in_review, reviewers, client, django_capture_on_commit_callbacks
):
    rosa_review = assign(in_review, reviewers["rosa"])
    sam_review = assign(in_review, reviewers["sam"])
    client.force_login(reviewers["rosa"])
    rosa_job, _ = ask_for_file(client, django_capture_on_commit_callbacks, packet(rosa_review))
    client.force_login(reviewers["sam"])

    sam_job, progress = ask_for_file(client, django_capture_on_commit_callbacks, packet(sam_review))

    assert sam_job.owner == reviewers["sam"]
    assert sam_job.file_name == rosa_job.file_name
    assert Job.objects.filter(file_name=rosa_job.file_name, started_at__isnull=False).count() == 2
    assert "Download application-IFS-v1.pdf" in progress.content.decode()


def test_declined_reviewer_loses_the_packet_file_at_once(
    in_review, reviewers, client, django_capture_on_commit_callbacks
):
    review = assign(in_review, reviewers["rosa"])
    client.force_login(reviewers["rosa"])
    job, _ = ask_for_file(client, django_capture_on_commit_callbacks, packet(review))

    services.decline_review(review, actor=reviewers["rosa"], reason="I know the applicant.")

    for name in ("progress", "download"):
        assert client.get(reverse(f"jobs:{name}", kwargs={"uuid": job.uuid})).status_code == 404


def test_coordinator_of_another_association_cannot_export(
    catalog, association, other_association, client
):
    from tests.factories.accounts import staff

    client.force_login(staff(other_association))

    response = client.get(reverse("reviews:export", kwargs={"code": association.code}))

    assert response.status_code == 404
    assert not Job.objects.exists()
