import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus as S
from applications.models import Application, Document, RSCSession, Training
from easy.audit.models import AuditEvent
from tests.factories.applications import (
    PDF_BYTES,
    DegreeFactory,
    RSCSessionFactory,
    TrainingFactory,
    WorkPeriodFactory,
)


def url(name, application, **kwargs):
    return reverse(f"applications:{name}", kwargs={"uuid": application.uuid, **kwargs})


def field_errors(response, form_key, field):
    return list(response.context["forms"][form_key].errors.get(field, []))


TOMORROW = (dt.date.today() + dt.timedelta(days=2)).isoformat()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"rsc-date": TOMORROW},
            "date",
            "This date is in the future. Enter a date on or before today.",
        ),
        ({"rsc-hours": "0"}, "hours", "Enter the length of the session: more than 0 hours."),
        ({"rsc-hours": "-1"}, "hours", "Enter the length of the session: more than 0 hours."),
        ({"rsc-hours": "24.5"}, "hours", "A session cannot last more than 24 hours."),
    ],
)
def test_rsc_session_bad_input_is_explained_at_the_field_and_kept(
    owner_client, application, data, field, message
):
    post = {
        "rsc-date": "2024-02-05",
        "rsc-hours": "1.5",
        "rsc-format": "group",
        "rsc-provider_name": "Pat Provider",
        "rsc-provider_endorsement": "IMHS",
        "rsc-provider_degree": "master",
        **data,
    }

    response = owner_client.post(url("add_row", application, kind="rsc"), post)

    assert response.status_code == 422
    assert field_errors(response, "rsc", field) == [message]
    html = response.content.decode()
    assert 'value="Pat Provider"' in html
    assert f'aria-describedby="id_rsc-{field}_error"' in html
    assert RSCSession.objects.count() == 0


def test_rsc_duplicate_session_is_refused(owner_client, application):
    RSCSessionFactory(
        application=application,
        date=dt.date(2024, 2, 5),
        provider_name="Pat Provider",
        format="group",
    )

    response = owner_client.post(
        url("add_row", application, kind="rsc"),
        {
            "rsc-date": "2024-02-05",
            "rsc-hours": "1",
            "rsc-format": "group",
            "rsc-provider_name": "pat provider",
            "rsc-provider_endorsement": "IMHS",
        },
    )

    assert response.status_code == 422
    assert field_errors(response, "rsc", "date") == [
        "You already logged a session with this provider on this date (Group)."
    ]
    assert RSCSession.objects.count() == 1


def test_rsc_session_is_saved(owner_client, application):
    response = owner_client.post(
        url("add_row", application, kind="rsc"),
        {
            "rsc-date": "2024-02-05",
            "rsc-hours": "1.5",
            "rsc-format": "group",
            "rsc-provider_name": "Pat Provider",
            "rsc-provider_endorsement": "IMHS",
            "rsc-provider_degree": "master",
            "rsc-about_rsc_provided": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("section", application, section="rsc")
    session = RSCSession.objects.get()
    assert (
        session.date,
        str(session.hours),
        session.format,
        session.provider_endorsement,
        session.about_rsc_provided,
    ) == (dt.date(2024, 2, 5), "1.50", "group", "IMHS", True)


def test_work_end_before_start_is_refused(owner_client, application):
    response = owner_client.post(
        url("add_row", application, kind="work"),
        {
            "work-title": "Home visitor",
            "work-employer": "Healthy Families",
            "work-start": "2020-05-01",
            "work-end": "2019-05-01",
            "work-paid": "on",
            "work-age_group": "infant",
            "work-service": "prevention",
            "work-families_served": "12",
            "work-description": "Weekly home visits.",
        },
    )

    assert response.status_code == 422
    assert field_errors(response, "work", "end") == ["The end date is before the start date."]
    assert "Weekly home visits." in response.content.decode()


def test_training_hours_and_duplicates(owner_client, application):
    TrainingFactory(application=application, date=dt.date(2023, 4, 1), title="Attachment basics")
    base = {
        "training-date": "2023-04-01",
        "training-title": "attachment basics",
        "training-provider": "WI-AIMH",
        "training-hours": "6",
    }

    duplicate = owner_client.post(url("add_row", application, kind="training"), base)
    zero = owner_client.post(
        url("add_row", application, kind="training"),
        {**base, "training-title": "Other", "training-hours": "0"},
    )

    assert field_errors(duplicate, "training", "title") == [
        "You already logged a training with this title on this date."
    ]
    assert field_errors(zero, "training", "hours") == ["Enter the clock hours: more than 0."]
    assert Training.objects.count() == 1


def test_training_with_areas_and_topics_is_saved(owner_client, application):
    response = owner_client.post(
        url("add_row", application, kind="training"),
        {
            "training-date": "2023-04-01",
            "training-title": "Reflective practice",
            "training-provider": "WI-AIMH",
            "training-hours": "7.5",
            "training-topics": ["dei"],
            "training-competency_areas": ["reflection", "thinking"],
        },
    )

    assert response.status_code == 302
    training = Training.objects.get()
    assert (training.topics, training.competency_areas, str(training.hours)) == (
        ["dei"],
        ["reflection", "thinking"],
        "7.50",
    )


def test_degree_with_transcript_upload(owner_client, application):
    response = owner_client.post(
        url("add_row", application, kind="degree"),
        {
            "degree-level": "bachelor",
            "degree-name": "BA Psychology",
            "degree-institution": "UW",
            "degree-completed_on": "2015-05-20",
            "degree-transcript": SimpleUploadedFile("Relevé.PDF", PDF_BYTES),
        },
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.degree.name == "BA Psychology"
    assert (document.kind, document.original_name, document.content_type) == (
        "transcript",
        "Releve.pdf",
        "application/pdf",
    )
    assert document.name.startswith(f"applications/{application.uuid}/")
    assert document.name.endswith("/Releve.pdf")
    assert len(document.name.split("/")[2]) >= 20  # an unguessable folder


def test_degree_with_a_text_file_as_transcript_is_refused_and_nothing_saved(
    owner_client, application
):
    response = owner_client.post(
        url("add_row", application, kind="degree"),
        {
            "degree-level": "bachelor",
            "degree-name": "BA Psychology",
            "degree-institution": "UW",
            "degree-completed_on": "2015-05-20",
            "degree-transcript": SimpleUploadedFile("transcript.pdf", b"plain text pretending" * 5),
        },
    )

    assert response.status_code == 422
    assert field_errors(response, "degree", "transcript") == [
        "This file is not a PDF, PNG or JPEG image. Save or scan it as one of these."
    ]
    assert 'value="BA Psychology"' in response.content.decode()
    assert application.degrees.count() == 0
    assert Document.objects.count() == 0


def test_upload_over_the_limit_is_refused(owner_client, application, settings):
    settings.DOCUMENT_MAX_BYTES = 50
    degree = DegreeFactory(application=application)

    response = owner_client.post(
        url("upload", application, kind="degree", row=degree.uuid),
        {"file": SimpleUploadedFile("t.pdf", PDF_BYTES + b"x" * 100)},
    )

    assert response.status_code == 422
    assert list(response.context["upload_form"].errors["file"]) == [
        "This file is 145\xa0bytes; files may be at most 50\xa0bytes."
    ]
    assert Document.objects.count() == 0


def test_signature_needs_the_profile_name(owner_client, application):
    wrong = owner_client.post(
        url("sign", application, kind="agreement"),
        {
            "agreement-kind": "agreement",
            "agreement-typed_name": "Someone Else",
            "agreement-agree": "on",
        },
    )
    right = owner_client.post(
        url("sign", application, kind="agreement"),
        {
            "agreement-kind": "agreement",
            "agreement-typed_name": "ada  applicant",
            "agreement-agree": "on",
        },
        REMOTE_ADDR="198.51.100.7",
    )

    assert wrong.status_code == 422
    assert (
        "Type your full name as it appears in your profile: Ada Applicant."
        in wrong.content.decode()
    )
    assert right.status_code == 302
    signature = application.signatures.get()
    assert (signature.kind, signature.typed_name, signature.ip_address) == (
        "agreement",
        "ada applicant",
        "198.51.100.7",
    )


def test_narrative_ties_training_and_work(owner_client, application):
    training = TrainingFactory(application=application)
    work = WorkPeriodFactory(application=application)

    response = owner_client.post(
        url("narrative", application, area="reflection"),
        {
            "reflection-narrative": "I use RS/C every month.",
            "reflection-trainings": [str(training.uuid)],
            "reflection-work_periods": [str(work.uuid)],
        },
    )

    assert response.status_code == 302
    narrative = application.narratives.get()
    assert (narrative.area_code, narrative.narrative) == ("reflection", "I use RS/C every month.")
    assert list(narrative.trainings.all()) == [training]
    assert list(narrative.work_periods.all()) == [work]


def test_narrative_for_an_unknown_area_is_404(owner_client, application):
    assert owner_client.post(url("narrative", application, area="astrology"), {}).status_code == 404


CSV_TEXT = (
    "date,title,provider,hours,topics,competency_areas\n"
    "2023-01-10,Attachment basics,WI-AIMH,6,,Reflection;thinking\n"
    f"{TOMORROW},Future course,WI-AIMH,3,,\n"
    "2023-02-10,Trauma-informed care,WI-AIMH,0,,\n"
    "2023-03-10,DEI in home visiting,WI-AIMH,4,dei,\n"
    "2023-01-10,Attachment basics,WI-AIMH,6,,\n"
    "2023-04-10,Astro,WI-AIMH,2,,astrology\n"
)


def test_training_import_previews_per_row_errors_then_imports_the_good_rows(
    owner_client, application
):
    preview = owner_client.post(
        url("training_import", application),
        {"file": SimpleUploadedFile("log.csv", CSV_TEXT.encode())},
    )

    assert preview.status_code == 200
    rows = preview.context["rows"]
    assert [(r["line"], r["errors"]) for r in rows] == [
        (2, []),
        (3, ["Date: This date is in the future. Enter a date on or before today."]),
        (4, ["Clock hours: Enter the clock hours: more than 0."]),
        (5, []),
        (6, ["This row repeats an earlier row of the file."]),
        (7, ["Unknown competency area “astrology”."]),
    ]
    assert Training.objects.count() == 0

    confirm = owner_client.post(
        url("training_import", application),
        {"csv_text": preview.context["csv_text"], "confirm": "1"},
    )

    assert confirm.status_code == 302
    assert list(
        Training.objects.order_by("date").values_list("title", "topics", "competency_areas")
    ) == [
        ("Attachment basics", [], ["reflection", "thinking"]),
        ("DEI in home visiting", ["dei"], []),
    ]
    assert AuditEvent.objects.get(action="application.trainings_imported").data == {"rows": 2}


def test_training_import_without_the_columns_says_which(owner_client, application):
    response = owner_client.post(
        url("training_import", application),
        {"file": SimpleUploadedFile("log.csv", b"when,what\n2023-01-01,x\n")},
    )

    assert response.status_code == 422
    assert response.context["file_errors"] == [
        "The file has no column named: date, title, provider, hours."
    ]


def test_advisor_comment_and_applicant_answer(
    client, application, advisor, django_capture_on_commit_callbacks
):
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("comment", application),
            {"section": "rsc", "body": "Log the provider's endorsement."},
        )
    comment = application.comments.get()
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("comment", application),
            {"section": "rsc", "parent": str(comment.uuid), "body": "Done."},
        )
    page = client.get(url("section", application, section="rsc"))

    assert response.status_code == 302
    assert [m.to[0] for m in mail.outbox] == [application.applicant.email, advisor.email]
    html = page.content.decode()
    assert "Log the provider&#x27;s endorsement." in html
    assert "Done." in html


def test_applicant_cannot_start_a_comment_thread(owner_client, application):
    response = owner_client.post(url("comment", application), {"section": "rsc", "body": "Hello"})

    assert response.status_code == 403
    assert application.comments.count() == 0


def test_coordinator_returns_a_submitted_application_with_a_reason(
    client, application, coordinator, django_capture_on_commit_callbacks
):
    application.status = S.SUBMITTED
    application.save()
    client.force_login(coordinator)

    # One "return to applicant" action: on the coordinator's screen (the review app's).
    back = reverse("reviews:return", kwargs={"uuid": application.uuid})
    empty = client.post(back, {"reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(back, {"reason": "Attach your BA transcript."})

    assert empty.status_code == 422
    assert done.status_code == 302
    assert Application.objects.get(pk=application.pk).status == S.RETURNED
    client.force_login(application.applicant)
    status_page = client.get(url("status", application)).content.decode()
    assert "Returned for changes" in status_page
    assert "Attach your BA transcript." in status_page


def jpeg_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def test_coordinator_attaches_a_transcript_received_by_post(client, application, coordinator):
    degree = DegreeFactory(application=application)
    application.status = S.SUBMITTED
    application.save()
    client.force_login(coordinator)

    response = client.post(
        url("attach_transcript", application),
        {
            "degree": str(degree.uuid),
            "source": "post",
            "file": SimpleUploadedFile("scan.jpg", jpeg_bytes()),  # a real image: headers are read
        },
    )

    assert response.status_code == 302
    document = degree.documents.get()
    assert (document.source, document.content_type, document.uploaded_by) == (
        "post",
        "image/jpeg",
        coordinator,
    )


def test_coordinator_assigns_an_advisor(
    client, application, coordinator, django_capture_on_commit_callbacks
):
    from easy.accounts.enums import Role
    from tests.factories.accounts import staff

    person = staff(application.association, Role.ADVISOR, full_name="Alex Advisor")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("assign_advisor", application), {"advisor": person.pk})

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).advisor == person
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [person.email, application.applicant.email]
    )


def test_withdraw_records_the_reason(owner_client, application):
    response = owner_client.post(
        url("withdraw", application), {"reason": "Changing jobs.", "confirm": "on"}
    )

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == S.WITHDRAWN
    assert AuditEvent.objects.get(action="application.transition").reason == "Changing jobs."


def test_status_page_shows_each_transition_with_its_date(owner_client, application):
    from applications import services

    services.transition(
        application, S.WITHDRAWN, actor=application.applicant, reason="Moving abroad."
    )

    response = owner_client.get(url("status", application))

    timeline = response.context["timeline"]
    assert [(e["label"], e["message"]) for e in timeline] == [("Withdrawn", "Moving abroad.")]
    assert timeline[0]["at"].date() == timezone.now().date()


def test_advisor_reads_the_evidence_tied_to_an_area_without_a_form(client, application, advisor):
    training = TrainingFactory(application=application, title="Attachment basics")
    from applications import services

    services.save_narrative(
        application,
        "reflection",
        narrative="I reflect monthly.",
        trainings=[training],
        work_periods=[],
        actor=application.applicant,
    )
    client.force_login(advisor)

    html = client.get(url("section", application, section="competencies")).content.decode()

    assert "I reflect monthly." in html
    assert "Training: Attachment basics (2" in html
    assert "Save Reflection" not in html


def decided(application, outcome: str, status: str) -> None:
    """The review's decision on version 1, recorded directly (the reviews tests cover how)."""
    from reviews.models import Decision

    Decision.objects.create(application=application, version=1, outcome=outcome)
    application.status = status
    application.save(update_fields=["status"])


def test_status_page_links_to_the_decision_once_one_is_recorded(owner_client, application):
    decision_url = reverse("reviews:decision", kwargs={"uuid": application.uuid})
    before = owner_client.get(url("status", application))

    decided(application, "revise_resubmit", S.REVISE_RESUBMIT)
    after = owner_client.get(url("status", application))

    assert before.context["decision_url"] == ""
    assert decision_url not in before.content.decode()
    assert after.context["decision_url"] == decision_url
    assert (
        f'<a href="{decision_url}">Read the decision and the reviewers\' comments</a>'
        in after.content.decode()
    )
    assert owner_client.get(decision_url).status_code == 200


def test_status_page_links_managers_but_not_advisors_to_the_decision(
    client, application, advisor, coordinator
):
    decision_url = reverse("reviews:decision", kwargs={"uuid": application.uuid})
    decided(application, "not_endorse", S.NOT_ENDORSED)

    client.force_login(coordinator)
    manager_page = client.get(url("status", application)).content.decode()
    client.force_login(advisor)
    advisor_page = client.get(url("status", application)).content.decode()

    assert decision_url in manager_page
    # The decision page is the applicant's and the managers' (an advisor gets 404 there).
    assert decision_url not in advisor_page
    assert client.get(decision_url).status_code == 404


def test_a_spanish_reader_reads_and_signs_the_spanish_wording(owner_client, application):
    """The Code of Ethics and the Agreement are shown in the page's language; the signature
    records that language and the SHA-256 of the wording the applicant was shown."""
    from applications.agreements import CURRENT
    from applications.enums import SignatureKind

    applicant = application.applicant
    applicant.language = "es"
    applicant.save()

    page = owner_client.get(url("section", application, section="signatures")).content.decode()
    assert "Código de Ética para profesionales con Endorsement" in page
    assert "By signing, I agree that" not in page

    owner_client.post(
        url("sign", application, kind="code_of_ethics"),
        {
            "code_of_ethics-kind": "code_of_ethics",
            "code_of_ethics-typed_name": "Ada Applicant",
            "code_of_ethics-agree": "on",
        },
    )

    signature = application.signatures.get()
    text = CURRENT[SignatureKind.CODE_OF_ETHICS]
    assert signature.language == "es"
    assert signature.text_sha256 == text.sha256(application.association, "es")
    assert signature.text_sha256 != text.sha256(application.association, "en")
