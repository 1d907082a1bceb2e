"""Registration, fees and submission through the views, with the real rules, catalog and
payments modules (payments in test mode)."""

import pytest
from django.core import mail
from django.urls import reverse

from applications import services
from applications.checklist import checklist_for
from applications.enums import ApplicationStatus as S
from applications.models import Application, ApplicationVersion
from applications.queries import with_workspace
from endorsements.models import SubmissionPeriod
from payments.enums import FeeKind, PaymentStatus
from payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.applications import ApplicationFactory, complete_ifs


def url(name, application, **kwargs):
    return reverse(f"applications:{name}", kwargs={"uuid": application.uuid, **kwargs})


def pay_in_test_mode(client, response):
    """Follow the test checkout the payments app shows instead of Stripe, and confirm."""
    assert response.status_code == 302
    checkout = response["Location"]
    assert "/test-checkout/" in checkout
    return client.post(checkout, {})


def loaded(application):
    return with_workspace(Application.objects.filter(pk=application.pk)).get()


def test_register_pay_and_get_approved(
    client, catalog, coordinator, django_capture_on_commit_callbacks
):
    person = UserFactory(full_name="Nia Newcomer")
    client.force_login(person)

    form = client.get(reverse("applications:register", kwargs={"code": "WI-AIMH"}))
    assert ("IFS", "IFS — Infant Family Specialist") in form.context["form"].fields[
        "category_code"
    ].choices
    missing = client.post(
        reverse("applications:register", kwargs={"code": "WI-AIMH"}),
        {
            "category_code": "IFS",
            "work_summary": "Home visitor.",
            "education_summary": "BA 2015",
            "rsc_summary": "Monthly.",
        },
    )
    assert missing.status_code == 200
    assert missing.context["form"].errors["agree_terms"] == [
        "You must agree to the membership terms."
    ]
    assert "Home visitor." in missing.content.decode()

    client.post(
        reverse("applications:register", kwargs={"code": "WI-AIMH"}),
        {
            "category_code": "IFS",
            "work_summary": "Home visitor.",
            "education_summary": "BA 2015",
            "rsc_summary": "Monthly.",
            "agree_terms": "on",
        },
    )
    application = Application.objects.get(applicant=person)
    assert (application.status, application.category_code) == (S.REGISTERING, "IFS")
    page = client.get(url("registration", application))
    assert page.context["quote"].total_cents == 2000

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url("pay", application, fee="registration"), {"coupon_code": ""})
        pay_in_test_mode(client, started)

    application.refresh_from_db()
    assert application.status == S.REGISTERED
    assert Payment.objects.get(fee_kind=FeeKind.REGISTRATION).status == PaymentStatus.PAID
    assert "Your IFS application: Registered, awaiting approval" in [m.subject for m in mail.outbox]

    client.force_login(coordinator)
    queue = client.get(reverse("applications:staff_list", kwargs={"code": "WI-AIMH"}))
    assert "Nia Newcomer" in queue.content.decode()
    screen = reverse("reviews:application", kwargs={"uuid": application.uuid})
    # The coordinator's one screen of the application holds the approval.
    assert "Approve registration" in client.get(screen).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(url("approve", application))
    assert approved["Location"] == screen
    application.refresh_from_db()
    assert application.status == S.IN_PROGRESS
    assert mail.outbox[-1].to == [person.email]
    assert mail.outbox[-1].subject == "Your IFS application: In progress"


def test_unknown_coupon_is_explained(owner_client, application):
    application.status = S.REGISTERING
    application.save()

    response = owner_client.post(
        url("pay", application, fee="registration"), {"coupon_code": "NOPE"}, follow=True
    )

    assert response.status_code == 200
    page = response.content.decode()
    # At the field, with the code as typed; not a page message.
    assert 'id="id_coupon_code_error"' in page
    assert 'name="coupon_code" value="NOPE"' in page
    assert 'aria-invalid="true"' in page
    assert [str(m) for m in response.context["messages"]] == []
    assert Application.objects.get(pk=application.pk).status == S.REGISTERING
    # Shown once: the next visit has a fresh form.
    again = owner_client.get(url("registration", application)).content.decode()
    assert 'value="NOPE"' not in again


def test_checklist_moves_from_unmet_to_met(application):
    before = checklist_for(loaded(application))
    complete_ifs(application)
    after = checklist_for(loaded(application))

    assert before.ready is False
    assert {i.code: i.status for i in before.items}["rsc_hours"] == "unmet"
    unmet_links = {i.code: i.url for i in before.items if i.status == "unmet"}
    assert unmet_links["rsc_hours"] == url("section", application, section="rsc")
    assert unmet_links["agreement"] == url("section", application, section="signatures")
    assert [
        (i.code, i.status) for i in after.items if i.severity == "required" and i.status == "unmet"
    ] == []
    assert after.ready is True
    assert (after.met, after.required) == (after.required, after.required)


def test_detail_page_shows_progress_and_links(owner_client, application):
    response = owner_client.get(url("detail", application))

    html = response.content.decode()
    checklist = response.context["checklist"]
    assert f'<progress max="{checklist.required}" value="{checklist.met}"' in html
    assert f'href="{url("section", application, section="rsc")}"' in html


def test_submit_needs_checklist_period_and_fee(
    owner_client, application, django_capture_on_commit_callbacks
):
    complete_ifs(application)

    unpaid = owner_client.get(url("submit", application))
    assert unpaid.context["blockers"] == ["The processing fee has not been paid."]
    refused = owner_client.post(url("submit", application), {"confirm": "1"})
    assert Application.objects.get(pk=application.pk).status == S.IN_PROGRESS
    assert refused.status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        pay_in_test_mode(
            owner_client, owner_client.post(url("pay", application, fee="processing"), {})
        )
    ready = owner_client.get(url("submit", application))
    assert ready.context["blockers"] == []
    assert "Summary of your application" in ready.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = owner_client.post(url("submit", application), {"confirm": "1"})

    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.submitted_at is not None
    version = ApplicationVersion.objects.get(application=application)
    assert (version.number, version.dossier["category"], version.evaluation["ready"]) == (
        1,
        "IFS",
        True,
    )
    assert mail.outbox[-1].subject == "Your IFS application: Submitted"
    locked = owner_client.post(url("provides_rsc", application), {"provides_rsc": "on"})
    assert locked.status_code == 403


def test_submit_is_refused_outside_a_submission_period(owner_client, application):
    complete_ifs(application)
    SubmissionPeriod.objects.filter(association=application.association).delete()

    response = owner_client.get(url("submit", application))

    assert response.context["blockers"] == [
        "No submission period is open for IFS applications today.",
        "The processing fee has not been paid.",
    ]
    with pytest.raises(services.ApplicationError) as error:
        services.submit(application, actor=application.applicant)
    assert "No submission period is open for IFS applications today." in str(error.value)
    assert Application.objects.get(pk=application.pk).status == S.IN_PROGRESS


def test_fit_helper_ranks_categories(client, catalog):
    client.force_login(UserFactory())

    response = client.get(
        reverse("applications:fit", kwargs={"code": "WI-AIMH"}),
        {
            "highest_degree": "bachelor",
            "age_group": "infant",
            "service": "prevention",
            "years_of_work": "3",
            "training_hours": "50",
            "rsc_hours": "30",
        },
    )

    codes = [code for code, _name, _ev in response.context["ranking"]]
    assert codes.index("IFS") < codes.index("IMHS")
    assert "Register for IFS" in response.content.decode()


def test_dashboard_steps(client, application, coordinator):
    other = ApplicationFactory(association=application.association, status=S.REGISTERED)
    client.force_login(other.applicant)
    applicant_page = client.get(reverse("dashboard")).content.decode()
    client.force_login(coordinator)
    coordinator_page = client.get(reverse("dashboard")).content.decode()

    assert "Your IFS registration waits for the coordinator&#x27;s approval" in applicant_page
    assert "1 registration waits for your approval" in coordinator_page
