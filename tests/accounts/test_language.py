"""The person's language: the switcher, the profile, sign-in, and emails in their language."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from references import services
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.references import ApplicationFactory, ReferenceFactory, load_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def compiled_translations():
    """The .mo as `make test` builds it; translation catalogues reloaded to read it."""
    call_command("compile_translations", verbosity=0)
    translation.trans_real._translations = {}
    translation.trans_real._default = None
    yield


def test_switcher_on_the_home_page_shows_both_languages_by_their_own_names(client):
    body = client.get(reverse("home")).content.decode()

    assert '<html lang="en">' in body
    assert f'action="{reverse("set_language")}"' in body
    assert '<label for="language-switcher-select">Read this site in</label>' in body
    assert '<option value="en" lang="en" selected>English</option>' in body
    assert '<option value="es" lang="es">Español</option>' in body


def test_switching_to_spanish_while_signed_out_sets_lang_and_the_page_text(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"}, follow=True)

    body = response.content.decode()
    assert '<html lang="es">' in body
    assert '<option value="es" lang="es" selected>Español</option>' in body
    assert ">Iniciar sesión<" in body


def test_switching_while_signed_in_stores_the_language_in_the_profile(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "es", "next": "/dashboard/"})

    user.refresh_from_db()
    assert user.language == "es"
    assert user.email_language == "es"


def test_an_unknown_language_is_not_stored(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    user.refresh_from_db()
    assert user.language == ""
    assert user.email_language == settings.LANGUAGE_CODE


def test_signing_in_uses_the_language_stored_in_the_profile(client):
    UserFactory(email="lucia@example.org", language="es")

    response = client.post(
        reverse("account_login"), {"login": "lucia@example.org", "password": PASSWORD}, follow=True
    )

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert '<html lang="es">' in body
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_a_language_chosen_before_signing_in_is_stored_on_sign_in(client):
    user = UserFactory(email="ana@example.org", language="en")
    client.post(reverse("set_language"), {"language": "es", "next": "/"})

    response = client.post(
        reverse("account_login"), {"login": "ana@example.org", "password": PASSWORD}, follow=True
    )

    user.refresh_from_db()
    assert user.language == "es"
    assert '<html lang="es">' in response.content.decode()


def test_rater_invitation_is_written_in_the_language_chosen_for_the_rater(
    django_capture_on_commit_callbacks,
):
    load_catalog()
    application = ApplicationFactory(applicant=UserFactory(full_name="Ada Applicant"))
    reference = ReferenceFactory(
        application=application, rater_name="Rita Rater", email="rita@x.example", language="es"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.invite(reference, actor=application.applicant)

    message = mail.outbox[0]
    assert message.subject == "Ada Applicant le pide una valoración como referencia"
    assert message.body.startswith("Hola, Rita Rater:")
    assert '<html lang="es">' in message.alternatives[0][0]


def test_rater_invitation_stays_in_english_when_english_was_chosen(
    django_capture_on_commit_callbacks,
):
    load_catalog()
    application = ApplicationFactory(
        applicant=UserFactory(full_name="Ada Applicant", language="es")
    )
    reference = ReferenceFactory(application=application, rater_name="Rita Rater")

    with django_capture_on_commit_callbacks(execute=True):
        services.invite(reference, actor=application.applicant)

    message = mail.outbox[0]
    assert message.subject == "Ada Applicant asks you for a reference rating"
    assert '<html lang="en">' in message.alternatives[0][0]


def test_applicant_chooses_the_language_of_a_raters_emails_when_naming_them(client):
    load_catalog()
    application = ApplicationFactory(applicant=UserFactory())
    client.force_login(application.applicant)
    url = reverse("applications:add_row", kwargs={"uuid": application.uuid, "kind": "reference"})

    form = client.get(
        reverse("applications:section", kwargs={"uuid": application.uuid, "section": "references"})
    ).content.decode()
    client.post(
        url,
        {
            "reference-rater_name": "Rosa Ruiz",
            "reference-email": "rosa@agency.example",
            "reference-language": "es",
            "reference-organisation": "Familias Unidas",
            "reference-relationship": "current_supervisor",
            "reference-rater_endorsement": "",
            "reference-waiver": "on",
        },
    )

    assert 'name="reference-language"' in form
    assert '<option value="es">Spanish</option>' in form
    assert application.references.get().language == "es"


def test_rater_reminder_follows_the_language_chosen_for_the_rater(
    django_capture_on_commit_callbacks,
):
    from references import emails
    from tests.factories.references import invitation_for

    load_catalog()
    application = ApplicationFactory(applicant=UserFactory(full_name="Ada Applicant"))
    reference = ReferenceFactory(application=application, rater_name="Rita", language="es")
    invitation = invitation_for(reference)

    with django_capture_on_commit_callbacks(execute=True):
        emails.rater_reminder(invitation, token="t0ken", kind="rater_day_7", key="k1")

    message = mail.outbox[0]
    assert message.subject == "Recordatorio: Ada Applicant espera su valoración de referencia"
    assert message.body.startswith("Hola, Rita:")


def test_applicant_status_email_is_in_the_applicants_language(django_capture_on_commit_callbacks):
    from applications import emails

    load_catalog()
    application = ApplicationFactory(applicant=UserFactory(language="es"))

    with django_capture_on_commit_callbacks(execute=True):
        emails.status_changed(application, before="registered", reason="", key="k2")

    assert mail.outbox[0].subject == "Su solicitud IFS: En curso"
    assert '<html lang="es">' in mail.outbox[0].alternatives[0][0]


def test_rater_page_opens_in_the_language_chosen_for_the_rater_until_they_switch(client):
    from references.services.invitations import copy_link
    from tests.factories.references import invitation_for

    load_catalog()
    application = ApplicationFactory()
    reference = ReferenceFactory(application=application, rater_name="Rita Rater", language="es")
    token = copy_link(invitation_for(reference), actor=application.applicant)
    url = reverse("references:rate", args=[token])

    page = client.get(url).content.decode()
    assert '<html lang="es"' in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en"' in client.get(url).content.decode()


def test_rater_reads_the_competency_areas_and_their_parts_in_spanish():
    from references.queries import areas_for

    load_catalog()
    application = ApplicationFactory()

    with translation.override("es"):
        areas = areas_for(application)
    english = areas_for(application)

    assert areas[0].name == "Fundamentos teóricos" and english[0].name == "Theoretical Foundations"
    assert "Embarazo y crianza temprana" in [skill for a in areas for skill in a.skills]
