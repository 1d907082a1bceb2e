"""The reviewer's packet shows the applicant as they were at submission, not as their profile
reads today (issue 10, item 19)."""

import io

from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application
from reviews import packet
from reviews.services import accept_for_review
from tests.factories.applications import complete_ifs
from tests.factories.reviews import assign, reviewer


def submit_through_the_views(client, application, django_capture_on_commit_callbacks):
    complete_ifs(application)
    with django_capture_on_commit_callbacks(execute=True):
        checkout = client.post(
            reverse("applications:pay", kwargs={"uuid": application.uuid, "fee": "processing"})
        )
        client.post(checkout["Location"], {})  # the test checkout stands in for Stripe
        done = client.post(
            reverse("applications:submit", kwargs={"uuid": application.uuid}), {"confirm": "1"}
        )
    assert done.status_code == 302


def test_submission_freezes_the_applicants_profile(
    owner_client, application, django_capture_on_commit_callbacks
):
    person = application.applicant
    person.preferred_name = "Ada"
    person.phone = "608-555-0100"
    person.address_line1 = "12 Elm Street"
    person.city = "Madison"
    person.region = "WI"
    person.postal_code = "53703"
    person.save()

    submit_through_the_views(owner_client, application, django_capture_on_commit_callbacks)

    assert Application.objects.get(pk=application.pk).applicant_at_submission == {
        "full_name": "Ada Applicant",
        "preferred_name": "Ada",
        "email": person.email,
        "phone": "608-555-0100",
        "address_line1": "12 Elm Street",
        "address_line2": "",
        "city": "Madison",
        "region": "WI",
        "postal_code": "53703",
        "country": "United States",
    }


def test_packet_shows_the_profile_as_submitted_after_the_applicant_changes_it(
    owner_client, application, coordinator, client, django_capture_on_commit_callbacks
):
    person = application.applicant
    person.phone = "608-555-0100"
    person.city = "Madison"
    person.save()
    submit_through_the_views(owner_client, application, django_capture_on_commit_callbacks)
    person.full_name = "Ada Renamed"
    person.email = "new-address@example.org"
    person.phone = "999-999-9999"
    person.city = "Elsewhere"
    person.save()
    application.refresh_from_db()
    accept_for_review(application, actor=coordinator)
    rosa = reviewer(application.association, full_name="Rosa Reviewer")
    review = assign(application, rosa)
    client.force_login(rosa)

    page = client.get(reverse("reviews:review", kwargs={"uuid": review.uuid})).content.decode()
    # The whole application as submitted: the reviewer's page one click away from the workspace.
    whole = client.get(reverse("reviews:packet", kwargs={"uuid": review.uuid})).content.decode()
    pdf = packet.packet_pdf(packet.load(application))  # what the PDF export renders
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    shown = packet.applicant_as_submitted(application)
    assert (shown.name, shown.email, shown.phone, shown.address_lines) == (
        "Ada Applicant",
        application.applicant_at_submission["email"],
        "608-555-0100",
        ["Madison", "United States"],
    )
    assert "Review of Ada Applicant's application" in page
    assert "Ada Renamed" not in page and "new-address@example.org" not in page
    assert "608-555-0100" in whole
    assert "Ada Renamed" not in whole and "new-address@example.org" not in whole
    assert "Application of Ada Applicant" in text
    assert "Ada Renamed" not in text


def test_packet_of_an_unsubmitted_application_reads_the_profile(application):
    application.applicant.phone = "608-555-0199"

    shown = packet.applicant_as_submitted(application)

    assert (shown.name, shown.phone) == ("Ada Applicant", "608-555-0199")
