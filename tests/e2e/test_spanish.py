"""A Spanish-speaking applicant: switches to Español on the home page, signs in, and reads the
dashboard and the application in Spanish (``lang="es"``; axe-core checks every page)."""

import re

import pytest
from django.core.management import call_command
from django.utils import translation

from easy.accounts.models import User
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.applications import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def compiled_translations():
    """The .mo as `make test` builds it; translation catalogues reloaded to read it."""
    call_command("compile_translations", verbosity=0)
    translation.trans_real._translations = {}
    translation.trans_real._default = None


def test_applicant_switches_to_spanish_and_reads_the_dashboard_and_application(page):
    application = ApplicationFactory(
        applicant=UserFactory(email="lucia@example.org", full_name="Lucía Ramos")
    )

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Read this site in").select_option(label="Español")
    page.get_by_role("button", name="Change language").click()
    page.get_by_role("button", name="Cambiar idioma").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"

    page.get_by_role("navigation").get_by_role("link", name="Iniciar sesión").click()
    page.get_by_label("Correo electrónico").fill("lucia@example.org")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión", exact=True).click()

    page.get_by_role("heading", name="Hola, Lucía Ramos", level=1).wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("link", name="Panel").is_visible()
    assert User.objects.get(email="lucia@example.org").language == "es"

    page.goto(f"/apply/{application.uuid}/")
    page.get_by_role("heading", name="Solicitud IFS", level=1).wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Lo que aún falta", level=2).is_visible()
    assert page.get_by_role("heading", name="Secciones", level=2).is_visible()
    assert page.get_by_role("button", name=re.compile("^Cerrar sesión")).is_visible()
