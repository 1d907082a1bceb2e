"""Issue 10, Access 1-5: a second factor per session, nothing of others without it, history on a
need-to-know basis, no rater link for the applicant, a declined reviewer loses the packet."""

import time

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from easy.accounts.enums import Role
from easy.accounts.middleware import LAST_SEEN_KEY
from easy.audit.models import AuditEvent
from easy.audit.services import record
from references import services as reference_services
from references.services.asks import ASKS_PER_DAY
from reviews.enums import ReviewStatus
from tests.factories.accounts import PASSWORD, UserFactory, staff, totp_code, with_totp
from tests.factories.references import ReferenceFactory, invitation_for, load_catalog
from tests.factories.reviews import assign, submitted_application

pytestmark = pytest.mark.django_db

REAUTH = reverse("mfa_reauthenticate")


def _sign_in(client, email, *, code=None):
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    if code is not None:
        response = client.post(reverse("mfa_authenticate"), {"code": code})
    return response


# --- 1. A second factor per session -------------------------------------------------------------


def test_sign_in_with_password_and_code_opens_staff_pages(client, association):
    person = staff(association, Role.ASSOCIATION_ADMIN, mfa=False, email="ana@example.org")
    secret = with_totp(person)

    _sign_in(client, "ana@example.org", code=totp_code(secret))
    response = client.get(reverse("association_people", args=[association.code]))

    assert response.status_code == 200
    assert "ana@example.org" in response.content.decode()


def test_session_without_second_factor_is_asked_for_a_code_then_opens_the_page(client, association):
    person = staff(association, Role.ASSOCIATION_ADMIN, mfa=False)
    secret = with_totp(person)
    client.force_login(person, second_factor=False)
    page = reverse("association_people", args=[association.code])

    asked = client.get(page)
    client.post(asked["Location"], {"code": totp_code(secret)})
    after = client.get(page)

    assert asked.status_code == 302
    assert asked["Location"] == f"{REAUTH}?next=%2Fstaff%2Fassociations%2FWI-AIMH%2Fpeople%2F"
    assert after.status_code == 200


def test_staff_without_any_authenticator_are_sent_to_set_one_up(client, association):
    client.force_login(staff(association, mfa=False))

    response = client.get(reverse("reviews:queue", args=[association.code]))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_admin_login_form_with_superuser_password_does_not_sign_in(client):
    UserFactory(email="root@example.org", is_superuser=True, is_staff=True)

    response = client.post(
        reverse("admin:login"), {"username": "root@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_admin_needs_the_second_factor_in_this_session(client):
    root = UserFactory(is_superuser=True, is_staff=True)
    with_totp(root)

    client.force_login(root, second_factor=False)
    without = client.get(reverse("admin:index"), follow=True)
    client.force_login(root)
    with_factor = client.get(reverse("admin:index"))

    assert without.redirect_chain[-1][0].startswith(REAUTH)
    assert with_factor.status_code == 200
    assert "Endorsement Portal administration" in with_factor.content.decode()


@override_settings(STAFF_SESSION_IDLE_MINUTES=30)
def test_staff_session_ends_after_idle_minutes_and_with_the_browser(client, association):
    client.force_login(staff(association, Role.ASSOCIATION_ADMIN))
    page = reverse("association_people", args=[association.code])
    assert client.get(page).status_code == 200
    assert client.session.get_expire_at_browser_close() is True

    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_staff_session_within_idle_minutes_stays(client, association):
    client.force_login(staff(association, Role.ASSOCIATION_ADMIN))
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 29 * 60
    session.save()

    assert client.get(reverse("association_people", args=[association.code])).status_code == 200


def test_applicant_session_is_not_cut_short(client):
    client.force_login(UserFactory())

    client.get(reverse("dashboard"))

    assert client.session.get_expire_at_browser_close() is False
    assert LAST_SEEN_KEY not in client.session


# --- 2. Nothing of others without the second factor ----------------------------------------------


@pytest.fixture
def decided(association):
    load_catalog()
    from reviews.enums import Recommendation
    from reviews.models import Decision

    application = submitted_application(
        association, applicant=UserFactory(full_name="Zelda Applicant")
    )
    Decision.objects.create(
        application=application, version=application.version, outcome=Recommendation.ENDORSE
    )
    return application


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_staff_without_second_factor_see_no_applicant(client, association, decided, who):
    from payments.models import Payment
    from tests.factories.payments import offline_payment, wisconsin_fees

    wisconsin_fees(association)
    coordinator = staff(association)
    payment = offline_payment(decided.applicant, association, coordinator)
    person = coordinator if who == "coordinator" else UserFactory(is_superuser=True)
    client.force_login(person, second_factor=False)

    pages = [
        reverse("reviews:decision", args=[decided.uuid]),
        reverse("payments:payment_return", args=[payment.uuid]),
        reverse("applications:status", args=[decided.uuid]),
    ]
    answers = [client.get(page) for page in pages]
    dashboard = client.get(reverse("dashboard")).content.decode()

    assert [a.status_code for a in answers] == [302, 302, 302]
    assert all("Zelda" not in a.content.decode() for a in answers)
    assert "Zelda" not in dashboard
    assert "two-step sign-in" in dashboard
    assert Payment.objects.count() == 1


# --- 3. History: coordinators and administrators only --------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.ASSOCIATION_ADMIN, 200),
        (Role.REVIEWER, 404),
        (Role.ADVISOR, 404),
        (Role.EXAM_GRADER, 404),
    ],
)
def test_history_is_for_managers_only(client, association, role, status):
    record(None, "association.checked", association, reason="Declined: conflict with Rita")
    client.force_login(staff(association, role))

    response = client.get(
        reverse("object_history", args=["endorsements.association", association.pk])
    )

    assert response.status_code == status
    assert ("Declined: conflict with Rita" in response.content.decode()) is (status == 200)


# --- 4. The applicant never holds a rater's link ----------------------------------------------


@pytest.fixture
def invited(association):
    load_catalog()
    reference = ReferenceFactory(
        application__association=association, email="rita@agency.example", rater_name="Rita"
    )
    return invitation_for(reference)


def test_applicant_cannot_copy_a_rater_link(client, invited):
    application = invited.reference.application
    client.force_login(application.applicant)

    response = client.post(
        reverse("references:copy_link", args=[application.uuid, invited.reference.uuid])
    )

    assert response.status_code == 403
    assert "/references/r/" not in response.content.decode()


def test_applicant_asks_for_resend_mail_goes_to_the_rater_three_times_a_day(
    client, invited, django_capture_on_commit_callbacks
):
    application = invited.reference.application
    client.force_login(application.applicant)
    url = reverse("references:resend", args=[application.uuid, invited.reference.uuid])

    for _ in range(ASKS_PER_DAY + 1):
        with django_capture_on_commit_callbacks(execute=True):
            last = client.post(url, follow=True)

    assert [m.to for m in mail.outbox] == [["rita@agency.example"]] * ASKS_PER_DAY
    assert "sent again 3 times today" in last.content.decode()
    assert (
        AuditEvent.objects.filter(
            action="reference.invitation_resent", actor=application.applicant
        ).count()
        == ASKS_PER_DAY
    )


def test_coordinator_resends_beyond_the_applicants_limit(
    client, invited, association, django_capture_on_commit_callbacks
):
    application = invited.reference.application
    for _ in range(ASKS_PER_DAY):
        reference_services.resend_invitation(invited, actor=application.applicant)
    client.force_login(staff(association))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("references:resend", args=[application.uuid, invited.reference.uuid]))

    assert mail.outbox[-1].to == ["rita@agency.example"]


# --- 5. A declined or removed reviewer loses access at once ---------------------------------------


@pytest.fixture
def review(association):
    load_catalog()
    application = submitted_application(association)
    return assign(application, staff(association, Role.REVIEWER))


def _review_pages(review):
    document = review.application.applicant.documents.first()
    return [
        reverse("reviews:review", args=[review.uuid]),
        reverse("reviews:packet_pdf", args=[review.uuid]),
        reverse("reviews:document", args=[review.uuid, document.uuid]),
    ]


def test_declined_reviewer_gets_404_on_packet_and_documents(client, review):
    client.force_login(review.reviewer)
    before = client.get(_review_pages(review)[0]).status_code
    review.status = ReviewStatus.DECLINED
    review.save(update_fields=["status"])

    after = [client.get(page).status_code for page in _review_pages(review)]
    mine = client.get(reverse("reviews:mine")).content.decode()

    assert before == 200
    assert after == [404, 404, 404]
    assert review.application.applicant.display_name not in mine


def test_reviewer_whose_role_was_removed_gets_404(client, review):
    client.force_login(review.reviewer)
    review.reviewer.role_assignments.filter(role=Role.REVIEWER).delete()

    assert [client.get(page).status_code for page in _review_pages(review)] == [404, 404, 404]
