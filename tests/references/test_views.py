import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from easy.notifications.enums import EmailStatus
from easy.notifications.models import OutboundEmail
from references import services
from references.enums import ReferenceStatus, Score
from references.models import Invitation, Rating, VettingDecision
from tests.factories.accounts import UserFactory
from tests.factories.references import ReferenceFactory

pytestmark = pytest.mark.django_db

R = ReferenceStatus
IFS_AREAS = [
    "theoretical-foundations",
    "law-regulation-and-agency-policy",
    "systems-expertise",
    "direct-service-skills",
    "working-with-others",
    "communicating",
    "thinking",
    "reflection",
]


def url(name, application, reference=None):
    kwargs = {"uuid": application.uuid}
    if reference is not None:
        kwargs["reference"] = reference.uuid
    return reverse(f"references:{name}", kwargs=kwargs)


def token_of(message) -> str:
    return re.search(r"/references/r/([A-Za-z0-9_-]+)/", message.body).group(1)


def rate_url(token):
    return reverse("references:rate", kwargs={"token": token})


def full_answers(nei: int = 0, **extra) -> dict:
    data = {"action": "submit", "rater_name": "Rita Rater", **extra}
    for i, code in enumerate(IFS_AREAS):
        data[f"area_{code}"] = Score.NOT_ENOUGH_INFORMATION if i < nei else Score.SKILLED
    return data


@pytest.fixture
def stranger():
    return UserFactory()


@pytest.fixture
def token(invitation):
    return token_of(mail.outbox[0])


@pytest.fixture
def submitted(invitation, token):
    services.submit_rating(
        invitation,
        {
            "rater_name": "Rita Rater",
            "comments": "Warm and attuned with families.",
            "answers": dict.fromkeys(IFS_AREAS, Score.EXEMPLARY),
        },
        area_codes=IFS_AREAS,
    )
    return invitation


# --- The applicant's page ---------------------------------------------------------------------


def test_list_shows_status_and_delivery_never_content(client, applicant, application, submitted):
    OutboundEmail.objects.update(status=EmailStatus.SENT, sent_at=timezone.now())
    client.force_login(applicant)

    response = client.get(url("list", application))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Rita Rater" in html
    assert re.search(
        r'<span class="usa-tag [^"]*reference-status" data-status="submitted">Submitted</span>',
        html,
    )
    assert "Email delivered to the rater's mail server" in html
    assert "Warm and attuned" not in html
    assert "Exemplary" not in html
    assert 'data-code="references"' in html


def test_list_shows_bounced_delivery(client, applicant, application, invitation):
    OutboundEmail.objects.update(status=EmailStatus.BOUNCED)
    client.force_login(applicant)

    html = client.get(url("list", application)).content.decode()

    assert "Email refused by the rater's mail server" in html
    assert "Email the invitation again" in html
    assert "Show a link to copy" not in html  # the applicant never holds a rater's link


def test_list_for_advisor_and_coordinator_and_strangers(
    client, application, invitation, advisor, coordinator, other_coordinator, stranger
):
    client.force_login(advisor)
    advisor_html = client.get(url("list", application)).content.decode()
    assert "Rita Rater" in advisor_html
    assert "Send invitation" not in advisor_html and "Resend the email" not in advisor_html
    client.force_login(coordinator)
    assert client.get(url("list", application)).status_code == 200
    for person in (stranger, other_coordinator):
        client.force_login(person)
        assert client.get(url("list", application)).status_code == 404


def test_list_needs_sign_in_and_get(client, applicant, application):
    response = client.get(url("list", application))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(applicant)
    assert client.post(url("list", application)).status_code == 405


def test_list_queries_do_not_grow_with_raters(
    client, applicant, application, django_assert_max_num_queries
):
    client.force_login(applicant)

    def add_rater():
        reference = ReferenceFactory(application=application)
        services.invite(reference, actor=applicant)
        services.copy_link(reference.invitation, actor=applicant)

    add_rater()
    with django_assert_max_num_queries(40) as one:
        client.get(url("list", application))
    add_rater()
    add_rater()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("list", application))
    assert response.content.decode().count("data-reference=") == 3


def test_invite_by_the_applicant(
    client, applicant, application, reference, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invite", application, reference))

    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.status == R.INVITED
    assert len(mail.outbox) == 1


def test_invite_permissions(client, application, reference, advisor, coordinator, stranger):
    client.force_login(advisor)
    assert client.post(url("invite", application, reference)).status_code == 403
    client.force_login(coordinator)
    assert client.post(url("invite", application, reference)).status_code == 403
    client.force_login(stranger)
    assert client.post(url("invite", application, reference)).status_code == 404
    client.force_login(application.applicant)
    assert client.get(url("invite", application, reference)).status_code == 405
    assert Invitation.objects.count() == 0


def test_invite_refused_once_the_application_is_submitted(
    client, applicant, application, reference
):
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status"])
    client.force_login(applicant)

    assert client.post(url("invite", application, reference)).status_code == 403


def test_reference_of_another_application_is_not_found(client, applicant, application):
    other = ReferenceFactory()
    client.force_login(applicant)

    assert client.post(url("invite", application, other)).status_code == 404


def test_resend_by_applicant_and_coordinator(
    client, application, invitation, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("resend", application, invitation.reference)).status_code == 302
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("resend", application, invitation.reference))

    assert response["Location"] == url("staff", application)
    assert len(mail.outbox) == 3
    assert len({token_of(m) for m in mail.outbox}) == 3


def test_resend_permissions(client, application, invitation, advisor, stranger):
    client.force_login(advisor)
    assert client.post(url("resend", application, invitation.reference)).status_code == 403
    client.force_login(stranger)
    assert client.post(url("resend", application, invitation.reference)).status_code == 404
    client.force_login(application.applicant)
    assert client.get(url("resend", application, invitation.reference)).status_code == 405
    assert len(mail.outbox) == 1


def test_copy_link_shows_a_working_link_once(client, application, invitation, coordinator):
    client.force_login(coordinator)

    response = client.post(url("copy_link", application, invitation.reference))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    link = re.search(r'value="(http://testserver/references/r/[^"]+)"', response.content.decode())
    client.logout()
    assert "Reference rating for Ada Applicant" in client.get(link.group(1)).content.decode()
    client.force_login(coordinator)
    again = client.get(url("staff", application)).content.decode()
    assert link.group(1) not in again


def test_copy_link_permissions(client, application, invitation, advisor, stranger):
    client.force_login(advisor)
    assert client.post(url("copy_link", application, invitation.reference)).status_code == 403
    client.force_login(stranger)
    assert client.post(url("copy_link", application, invitation.reference)).status_code == 404
    client.force_login(application.applicant)
    assert client.post(url("copy_link", application, invitation.reference)).status_code == 403
    assert client.get(url("copy_link", application, invitation.reference)).status_code == 405


def test_replace_withdraws_the_old_link(client, application, invitation, token):
    client.force_login(application.applicant)
    assert client.get(url("replace", application, invitation.reference)).status_code == 200

    response = client.post(
        url("replace", application, invitation.reference),
        {
            "reference-rater_name": "Nora New",
            "reference-email": "nora@agency.example",
            "reference-relationship": "current_supervisor",
            "reference-rater_endorsement": "IMHS",
            "reference-waiver": "on",
        },
    )

    assert response.status_code == 302
    invitation.reference.refresh_from_db()
    assert invitation.reference.status == R.REPLACED
    assert application.references.get(rater_name="Nora New").status == R.NOMINATED
    client.logout()
    old = client.get(rate_url(token))
    assert old.status_code == 410
    assert "Your rating is no longer needed" in old.content.decode()
    assert "Ada" not in old.content.decode()


def test_replace_with_bad_input_keeps_what_was_typed(client, application, invitation):
    client.force_login(application.applicant)

    response = client.post(
        url("replace", application, invitation.reference),
        {"reference-rater_name": "Nora New", "reference-email": "not-an-address"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Nora New"' in html
    assert 'aria-invalid="true"' in html
    invitation.reference.refresh_from_db()
    assert invitation.reference.status == R.INVITED


def test_replace_permissions(client, application, invitation, advisor, coordinator, stranger):
    for person, code in ((advisor, 403), (coordinator, 403), (stranger, 404)):
        client.force_login(person)
        assert client.get(url("replace", application, invitation.reference)).status_code == code
    client.force_login(application.applicant)
    assert client.delete(url("replace", application, invitation.reference)).status_code == 405


# --- The coordinator's page -------------------------------------------------------------------


def test_staff_page_shows_the_rating_and_emails(client, application, submitted, coordinator):
    client.force_login(coordinator)

    response = client.get(url("staff", application))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Warm and attuned with families." in html
    assert "4 — Exemplary" in html
    assert "counts toward the three" in html
    assert "Ada Applicant asks you for a reference rating" in html


def test_staff_page_permissions(
    client, application, invitation, advisor, other_coordinator, stranger
):
    client.force_login(application.applicant)
    assert client.get(url("staff", application)).status_code == 403
    client.force_login(advisor)
    assert client.get(url("staff", application)).status_code == 403
    for person in (other_coordinator, stranger):
        client.force_login(person)
        assert client.get(url("staff", application)).status_code == 404
    from tests.factories.accounts import staff

    no_mfa = staff(application.association, mfa=False)
    client.force_login(no_mfa)
    assert client.get(url("staff", application))["Location"] == reverse("mfa_index")


def test_staff_page_queries_do_not_grow(
    client, application, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)

    def add_rater():
        reference = ReferenceFactory(application=application)
        services.invite(reference, actor=application.applicant)
        services.copy_link(reference.invitation, actor=coordinator)
        services.record_vetting(
            reference, accepted=True, note="ok", decided_on=timezone.localdate(), actor=coordinator
        )

    add_rater()
    with django_assert_max_num_queries(40) as one:
        client.get(url("staff", application))
    add_rater()
    add_rater()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("staff", application))
    assert response.content.decode().count("data-reference=") == 3
    assert client.post(url("staff", application)).status_code == 405


def test_coordinator_extends_the_deadline(client, application, invitation, coordinator):
    client.force_login(coordinator)
    new = timezone.localdate() + dt.timedelta(days=20)
    prefix = f"deadline-{invitation.reference.uuid}"

    response = client.post(
        url("deadline", application, invitation.reference),
        {f"{prefix}-deadline": new.isoformat(), f"{prefix}-reason": "Holidays"},
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.deadline == new


def test_deadline_in_the_past_shows_the_error_at_the_field(
    client, application, invitation, coordinator
):
    client.force_login(coordinator)
    prefix = f"deadline-{invitation.reference.uuid}"

    response = client.post(
        url("deadline", application, invitation.reference),
        {f"{prefix}-deadline": "2020-01-01"},
    )

    assert response.status_code == 400
    assert "Choose a day from today on." in response.content.decode()


def test_deadline_permissions(client, application, invitation, other_coordinator, stranger):
    client.force_login(application.applicant)
    assert client.post(url("deadline", application, invitation.reference)).status_code == 403
    for person in (other_coordinator, stranger):
        client.force_login(person)
        assert client.post(url("deadline", application, invitation.reference)).status_code == 404
    client.force_login(application.applicant)
    assert client.get(url("deadline", application, invitation.reference)).status_code == 405


def test_coordinator_records_a_vetting_decision(client, application, reference, coordinator):
    client.force_login(coordinator)
    prefix = f"vetting-{reference.uuid}"
    today = timezone.localdate()

    response = client.post(
        url("vet", application, reference),
        {
            f"{prefix}-accepted": "yes",
            f"{prefix}-note": "Called her: she teaches the Competency Guidelines.",
            f"{prefix}-decided_on": today.isoformat(),
        },
    )

    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.rater_vetted is True
    decision = VettingDecision.objects.get()
    assert (decision.decided_by, decision.decided_on) == (coordinator, today)


def test_vetting_without_a_note_is_refused_at_the_field(
    client, application, reference, coordinator
):
    client.force_login(coordinator)
    prefix = f"vetting-{reference.uuid}"

    response = client.post(
        url("vet", application, reference),
        {f"{prefix}-accepted": "yes", f"{prefix}-decided_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 400
    assert "Write down what you checked." in response.content.decode()
    assert VettingDecision.objects.count() == 0


def test_vetting_permissions(client, application, reference, advisor, other_coordinator):
    client.force_login(advisor)
    assert client.post(url("vet", application, reference)).status_code == 403
    client.force_login(other_coordinator)
    assert client.post(url("vet", application, reference)).status_code == 404
    client.force_login(application.applicant)
    assert client.post(url("vet", application, reference)).status_code == 403
    assert client.get(url("vet", application, reference)).status_code == 405


# --- The rater's form -------------------------------------------------------------------------


def step_url(token, step):
    return f"{rate_url(token)}?step={step}"


def test_rater_form_shows_who_and_what_and_marks_opened(client, invitation, token):
    response = client.get(rate_url(token))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Reference rating for Ada Applicant" in html
    assert "IFS — Infant Family Specialist" in html
    assert "prevention and early intervention services" in html
    # The first step: the rater's details, with what the applicant gave.
    assert 'value="Rita Rater"' in html
    assert 'aria-current="step"' in html and "About you" in html
    assert response["Cache-Control"].startswith("max-age=0")
    invitation.reference.refresh_from_db()
    assert invitation.reference.status == R.OPENED


def test_rater_form_shows_one_area_at_a_time_with_progress(client, invitation, token):
    html = client.get(step_url(token, 1)).content.decode()

    assert "Area 1 of 8: Theoretical Foundations" in html
    assert "Pregnancy and early parenthood" in html
    assert html.count('type="radio"') == 5
    assert "Not enough information to rate" in html
    assert "Systems Expertise" not in html
    assert "Area 3 of 8: Systems Expertise" in client.get(step_url(token, 3)).content.decode()


def test_rater_steps_save_as_they_go_and_keep_the_other_steps(client, invitation, token):
    about = client.post(
        rate_url(token),
        {"step": "about", "action": "next", "rater_name": "Rita R.", "rater_title": "Lead"},
    )
    assert about.status_code == 302
    assert about["Location"].endswith("?step=1")
    area = client.post(rate_url(token), {"step": "1", "action": "next", "area_thinking": "x"})
    assert area.status_code == 400  # not a choice: shown at that area, nothing saved
    assert "Area 7 of 8: Thinking" in area.content.decode()
    first = client.post(
        rate_url(token), {"step": "1", "action": "next", "area_theoretical-foundations": "3"}
    )
    assert first["Location"].endswith("?step=2")
    back = client.post(rate_url(token), {"step": "2", "action": "back"})
    assert back["Location"].endswith("?step=1")

    rating = Rating.objects.get()
    assert rating.submitted_at is None
    assert (rating.rater_name, rating.rater_title) == ("Rita R.", "Lead")
    assert rating.answers == {"theoretical-foundations": "3"}
    page = client.get(step_url(token, 1)).content.decode()
    assert re.search(r'value="3" id="id_area_theoretical-foundations_2" checked', page)
    # Coming back with the link opens the first area not answered yet.
    assert "Area 2 of 8:" in client.get(rate_url(token)).content.decode()


def test_rater_draft_survives_and_comes_back(client, invitation, token):
    response = client.post(
        rate_url(token),
        {
            "step": "comments",
            "action": "save",
            "rater_name": "Rita R.",
            "area_thinking": "3",
            "comments": "So far",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?step=comments")
    assert ">\nSo far</textarea>" in client.get(response["Location"]).content.decode()
    assert 'value="Rita R."' in client.get(step_url(token, "about")).content.decode()
    html = client.get(step_url(token, 7)).content.decode()
    assert 'value="3" id="id_area_thinking_2" checked' in html
    assert Rating.objects.get().submitted_at is None


def test_rater_autosave_answers_json(client, invitation, token):
    response = client.post(
        rate_url(token),
        {"step": "8", "action": "save", "area_reflection": "nei"},
        headers={"X-Autosave": "1"},
    )

    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert response.json()["message"].startswith("Draft saved at ")
    assert Rating.objects.get().answers == {"reflection": "nei"}


def test_rater_check_step_shows_every_answer_with_links_to_change(client, invitation, token):
    services.save_draft(
        invitation,
        {"rater_name": "Rita Rater", "comments": "Warm", "answers": {"thinking": "4"}},
        area_codes=IFS_AREAS,
    )

    html = client.get(step_url(token, "check")).content.decode()

    assert "4 — Exemplary: shows it with depth, and guides others" in html
    assert html.count("Not answered") == 7
    assert 'href="?step=7&amp;from=check"' in html and 'href="?step=about&amp;from=check"' in html
    assert 'href="?step=comments&amp;from=check"' in html and "Warm" in html
    # Changed from the check step, "Save and continue" comes back to it.
    change = client.get(step_url(token, 7) + "&from=check").content.decode()
    assert '<input type="hidden" name="from" value="check">' in change
    back = {"step": "7", "from": "check", "action": "next", "area_thinking": "2"}
    assert client.post(rate_url(token), back)["Location"].endswith("?step=check")
    assert Rating.objects.get().answers == {"thinking": "2"}
    assert "Submit the rating" in html


def test_rater_submit_with_a_missing_area_keeps_everything(client, invitation, token):
    data = full_answers()
    del data["area_thinking"]
    data["comments"] = "Keep me"

    response = client.post(rate_url(token), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a rating for Thinking" in html
    assert 'href="?step=7&amp;from=check"' in html
    assert "Keep me" in html
    invitation.reference.refresh_from_db()
    assert invitation.reference.status == R.INVITED


def test_rater_submits_from_the_check_step(client, invitation, token):
    draft = full_answers(action="next", step="comments", comments="Attuned")
    assert client.post(rate_url(token), draft)["Location"].endswith("?step=check")

    response = client.post(rate_url(token), {"step": "check", "action": "submit"})

    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.submitted_at is not None and rating.comments == "Attuned"
    assert len(rating.answers) == 8


def test_rater_submits_once(client, invitation, token):
    response = client.post(rate_url(token), full_answers())

    assert response.status_code == 302
    done = client.get(rate_url(token))
    assert done.status_code == 200
    html = done.content.decode()
    assert "Thank you: your rating was received" in html
    assert "Ada" not in html and 'id="rating-form"' not in html
    again = client.post(rate_url(token), full_answers(rater_name="Someone else"))
    assert "Thank you: your rating was received" in again.content.decode()
    assert Rating.objects.get().rater_name == "Rita Rater"


def test_rater_form_queries_do_not_grow_with_steps(
    client, invitation, token, django_assert_max_num_queries
):
    services.save_draft(
        invitation,
        {"rater_name": "Rita Rater", "answers": dict.fromkeys(IFS_AREAS, Score.SKILLED)},
        area_codes=IFS_AREAS,
    )
    client.get(rate_url(token))  # the first visit records the opening
    for step in ("about", "1", "8", "comments", "check"):
        with django_assert_max_num_queries(3):
            assert client.get(step_url(token, step)).status_code == 200


def test_six_not_enough_information_tells_the_applicant(
    client, invitation, token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(rate_url(token), full_answers(nei=6, nei_understood="on"))

    invitation.reference.refresh_from_db()
    assert invitation.reference.status == R.DECLINED
    assert mail.outbox[-1].subject == "The rating from Rita Rater cannot be counted"
    client.force_login(invitation.reference.application.applicant)
    html = client.get(url("list", invitation.reference.application)).content.decode()
    assert "Cannot be counted" in html


def test_tampered_token_shows_no_data(client, invitation, token):
    response = client.get(rate_url(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")))

    assert response.status_code == 404
    html = response.content.decode()
    assert "This link does not work" in html
    assert "Ada" not in html and "Rita" not in html


def test_expired_token_shows_a_clear_page(client, invitation, token):
    invitation.deadline = timezone.localdate() - dt.timedelta(days=1)
    invitation.save()

    response = client.get(rate_url(token))

    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert "Ada" not in html and "Rita" not in html
    assert client.post(rate_url(token), full_answers()).status_code == 410
    assert Rating.objects.count() == 0


def test_each_token_opens_only_its_own_raters_form(client, application, invitation, token):
    other = ReferenceFactory(application=application, rater_name="Olga Other")
    services.invite(other, actor=application.applicant)
    services.save_draft(
        other.invitation, {"comments": "Olga's private draft"}, area_codes=IFS_AREAS
    )

    html = client.get(rate_url(token)).content.decode()

    assert 'value="Rita Rater"' in html
    assert "Olga" not in html


def test_decline_with_a_reason(client, invitation, token):
    assert client.get(reverse("references:decline", args=[token])).status_code == 200
    empty = client.post(reverse("references:decline", args=[token]), {"reason": ""})
    assert empty.status_code == 400
    assert "Tell the applicant briefly why." in empty.content.decode()

    response = client.post(
        reverse("references:decline", args=[token]), {"reason": "I have moved away."}
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.declined_reason == "I have moved away."
    page = client.get(rate_url(token))
    assert page.status_code == 410
    assert "Thank you for letting us know" in page.content.decode()


def test_rater_pages_refuse_other_methods(client, token):
    assert client.put(rate_url(token)).status_code == 405
    assert client.delete(reverse("references:decline", args=[token])).status_code == 405


def test_rater_is_told_before_submitting_a_rating_that_will_not_count(client, invitation, token):
    hidden = '<div class="usa-alert usa-alert--warning" id="nei-warning" data-limit="6" '
    page = client.get(step_url(token, "check")).content.decode()
    assert hidden + 'data-value="nei" data-others="0" hidden>' in page

    client.post(rate_url(token), full_answers(nei=5, action="save"))
    # On the sixth area, the warning waits for a sixth such answer (the script shows it live).
    page = client.get(step_url(token, 6)).content.decode()
    assert 'data-others="5" hidden>' in page
    assert "this rating will not count for the applicant" in page
    client.post(rate_url(token), {"step": "6", "action": "next", "area_communicating": "nei"})
    page = client.get(step_url(token, 6)).content.decode()
    assert 'data-others="5">' in page
    page = client.get(step_url(token, "check")).content.decode()
    assert 'data-others="6">' in page

    refused = client.post(rate_url(token), {"step": "check", "action": "submit"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "this rating will not count for the applicant" in html
    assert 'id="id_nei_understood_error"' in html
    assert 'href="#id_nei_understood"' in html
    assert Rating.objects.get().submitted_at is None

    client.post(rate_url(token), {"step": "6", "action": "next", "area_communicating": "3"})
    five = client.post(rate_url(token), {"step": "check", "action": "submit"})
    assert five.status_code == 302
    assert Rating.objects.get().submitted_at is not None
