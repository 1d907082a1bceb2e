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


# -- A Spanish-speaking applicant on a phone: the whole path ------------------------------------

PHONE = {"width": 390, "height": 844}
WAIVER = (
    "I waive my right to see this person's rating. Ratings are read only by the "
    "association's coordinator and reviewers."
)


def es(text: str) -> str:
    """``text`` as the Spanish pages show it (a form label's msgid may start in lower case)."""
    with translation.override("es"):
        spanish = translation.gettext(text)
        if spanish == text:
            lower = text[:1].lower() + text[1:]
            found = translation.gettext(lower)
            if found != lower:
                spanish = found[:1].upper() + found[1:]
    return spanish


def tick(page, box) -> None:
    """Tick a checkbox as a person does: on its label (USWDS draws the box on the label)."""
    page.locator(f'label[for="{box.get_attribute("id")}"]').click()


def confirm_test_payment(page) -> None:
    page.get_by_role("heading", name=es("Test checkout — no card is charged")).wait_for()
    prefix = es("Confirm test payment of %(total)s").split("%(total)s")[0]
    page.get_by_role("button", name=re.compile("^" + re.escape(prefix))).click()
    page.wait_for_load_state()


def assert_spanish_phone_pages(audit, *, at_least: int) -> None:
    audit.flush()
    paths = {url.split("?")[0] for url, _lang in audit.langs}
    assert len(paths) >= at_least, sorted(paths)
    assert [(url, lang) for url, lang in audit.langs if lang != "es"] == []
    assert {width for _url, width, _over in audit.widths} == {PHONE["width"]}
    assert [(url, over) for url, _w, over in audit.widths if over > 0] == []


def test_spanish_applicant_on_a_phone_signs_up_applies_and_submits(
    page, browser, live_server, settings, tmp_path
):
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from applications import services
    from applications.enums import ApplicationStatus as S
    from applications.models import Application
    from endorsements.models import Association
    from references import services as reference_services
    from references.enums import ReferenceStatus
    from references.models import Invitation
    from references.queries import areas_for
    from tests.factories.accounts import staff
    from tests.factories.applications import PDF_BYTES

    from .accessibility import Audit

    call_command("load_catalog", verbosity=0)
    settings.SITE_URL = live_server.url
    coordinator = staff(Association.objects.get(code="WI-AIMH"))
    pdf = tmp_path / "transcript.pdf"
    pdf.write_bytes(PDF_BYTES)
    today = timezone.localdate()
    page.set_viewport_size(PHONE)

    # Español on the home page, then sign up, confirm the address and sign in.
    page.goto("/")
    page.get_by_label("Read this site in").select_option(label="Español")
    page.get_by_role("button", name="Change language").click()
    page.get_by_role("button", name="Cambiar idioma").wait_for()
    page.audit.langs.clear()
    page.audit.widths.clear()
    page.get_by_role("link", name=es("Create an account")).first.click()
    page.get_by_label(es("Email")).fill("lucia@example.org")
    page.get_by_label(es("Full name")).fill("Lucía Ramos")
    page.get_by_label(es("Password"), exact=True).fill("una-frase-larga-2026")
    page.get_by_label(es("Password (again)")).fill("una-frase-larga-2026")
    page.get_by_role("button", name=es("Sign Up")).click()
    page.get_by_role("heading", name=es("Verify Your Email Address")).wait_for()
    (confirmation,) = mail.outbox
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", page.base_url))
    page.get_by_role("button", name=es("Confirm")).click()
    page.get_by_label(es("Email")).fill("lucia@example.org")
    page.get_by_label(es("Password")).fill("una-frase-larga-2026")
    page.get_by_role("button", name=es("Sign In"), exact=True).click()
    page.get_by_role("heading", name=re.compile("^Hola")).wait_for()
    user = User.objects.get(email="lucia@example.org")
    assert user.language == "es"

    # Register for IFS and pay the registration fee.
    page.get_by_role("link", name=es("Apply for an endorsement")).first.click()
    page.get_by_role("link", name="Wisconsin Alliance for Infant Mental Health").click()
    page.get_by_label(es("Endorsement category")).select_option("IFS")
    page.get_by_label(es("Your work")).fill("Visitadora domiciliaria desde 2019.")
    page.get_by_label(es("Your education")).fill("Licenciatura en Desarrollo Humano, 2018.")
    page.get_by_label(es("Your reflective supervision/consultation")).fill("Mensual, desde 2024.")
    tick(page, page.locator('input[name="agree_terms"]'))
    page.get_by_role("button", name=es("Save and continue")).click()
    page.get_by_role("heading", name=es("Your %(code)s registration") % {"code": "IFS"}).wait_for()
    page.get_by_role("button", name=es("Pay the registration fee")).click()
    confirm_test_payment(page)
    application = Application.objects.get(applicant=user)
    assert application.status == S.REGISTERED
    services.approve_registration(application, actor=coordinator)

    # The checklist speaks Spanish, rule sentences included.
    page.goto(f"/apply/{application.uuid}/")
    page.get_by_role("heading", name=es("What is still missing")).wait_for()
    assert page.get_by_text(re.compile("^Necesita un título de licenciatura")).count() >= 1

    # Education, work, training, RS/C and membership.
    page.goto(f"/apply/{application.uuid}/education/")
    degree = page.get_by_role("region", name=es("Add a degree"))
    degree.get_by_label(es("Level")).select_option("bachelor")
    degree.get_by_label(es("Degree"), exact=True).fill("Licenciatura en Desarrollo Humano")
    degree.get_by_label(es("College or university")).fill("University of Wisconsin")
    degree.get_by_label(es("Date completed")).fill("2018-05-20")
    degree.get_by_label(es("Transcript (PDF, PNG or JPEG)")).set_input_files(str(pdf))
    degree.get_by_role("button", name=es("Save")).click()
    page.get_by_text(es("Degree saved.")).wait_for()

    page.goto(f"/apply/{application.uuid}/work/")
    page.get_by_label(es("Role or job title")).fill("Visitadora domiciliaria")
    page.get_by_label(es("Employer or programme")).fill("Healthy Families")
    page.get_by_label(es("Start date")).fill("2019-01-07")
    page.get_by_label(es("Age group served")).select_option("infant")
    page.get_by_label(es("Kind of service")).select_option("prevention")
    page.get_by_label(es("Families served")).fill("35")
    page.get_by_label(es("What you did")).fill("Visitas semanales centradas en la relación.")
    page.get_by_role("button", name=es("Save"), exact=True).click()
    page.get_by_text(es("Work period saved.")).wait_for()

    page.goto(f"/apply/{application.uuid}/training/")
    page.get_by_label(es("Date"), exact=True).fill((today - dt.timedelta(days=300)).isoformat())
    page.get_by_label(es("Title"), exact=True).fill("Fundamentos de salud mental infantil")
    page.get_by_label(es("Provider"), exact=True).fill("WI-AIMH")
    page.get_by_label(es("Clock hours")).fill("40")
    page.get_by_role("button", name=es("Save"), exact=True).click()
    page.get_by_text(es("Training saved.")).wait_for()

    page.goto(f"/apply/{application.uuid}/rsc/")
    for days in (400, 200, 10):
        form = page.get_by_role("region", name=es("Add a session"))
        form.get_by_label(es("Date"), exact=True).fill(
            (today - dt.timedelta(days=days)).isoformat()
        )
        form.get_by_label(es("Hours"), exact=True).fill("8")
        form.get_by_label(es("Format")).select_option("group")
        form.get_by_label(es("Provider"), exact=True).fill("Jordan Supervisor")
        form.get_by_label(es("Provider's endorsement")).select_option("IMHS")
        form.get_by_role("button", name=es("Save"), exact=True).click()
        page.get_by_text(es("Session saved.")).wait_for()
        page.goto(f"/apply/{application.uuid}/rsc/")

    page.goto(f"/apply/{application.uuid}/membership/")
    page.get_by_label(es("Association"), exact=True).fill("WI-AIMH")
    page.get_by_label(es("Member number")).fill("WI-2041")
    page.get_by_label(es("Membership expires on")).fill(
        (today + dt.timedelta(days=300)).isoformat()
    )
    page.get_by_label(es("Proof of membership (PDF, PNG or JPEG)")).set_input_files(str(pdf))
    page.get_by_role("button", name=es("Save"), exact=True).click()
    page.get_by_text(es("Membership saved.")).wait_for()

    # Three raters: the first writes Spanish, so their emails are in Spanish.
    page.goto(f"/apply/{application.uuid}/references/")
    raters = {
        "Marta Supervisora": ("current_supervisor", "", "es"),
        "Jordan Supervisor": ("rsc_provider", "IMHS", "en"),
        "Casey Colleague": ("colleague", "", "en"),
    }
    for name, (relationship, endorsement, language) in raters.items():
        page.get_by_label(es("Rater's name")).fill(name)
        page.get_by_label(es("Rater's email address")).fill(
            f"{name.split()[0].lower()}@example.org"
        )
        page.get_by_label(es("Relationship to you")).select_option(relationship)
        page.get_by_label(es("Rater's endorsement")).select_option(endorsement)
        page.get_by_label(es("Language of the rater's emails")).select_option(language)
        tick(page, page.get_by_label(es(WAIVER)))
        page.get_by_role("button", name=es("Save"), exact=True).click()
        page.get_by_role("rowheader", name=re.compile(re.escape(name))).wait_for()
        page.goto(f"/apply/{application.uuid}/references/")

    # Both signatures.
    page.goto(f"/apply/{application.uuid}/signatures/")
    for title in ("Code of Ethics", "Endorsement Agreement"):
        panel = page.locator("section", has=page.get_by_role("heading", name=re.compile(es(title))))
        panel.get_by_label(es("Type your full name to sign")).fill("Lucía Ramos")
        tick(page, panel.get_by_label(es("I have read this text and I agree to it.")))
        panel.get_by_role("button", name=re.compile(re.escape(es(title)))).click()
        page.get_by_text(es("Signed: %(title)s.") % {"title": es(title)}).wait_for()

    # Invitations: the Spanish rater's email and form are in Spanish.
    page.goto(f"/references/{application.uuid}/")
    for name in raters:
        page.get_by_role("button", name=re.compile(re.escape(name))).first.click()
        page.get_by_text(
            es("The invitation to %(name)s is on its way.") % {"name": name}
        ).wait_for()
    (invitation_es,) = [m for m in mail.outbox if m.to == ["marta@example.org"]]
    (invitation_en,) = [m for m in mail.outbox if m.to == ["jordan@example.org"]]
    assert invitation_es.body.startswith("Hola") and invitation_en.body.startswith("Hello")
    assert '<html lang="es">' in invitation_es.alternatives[0][0]
    link = re.search(r"http://\S+/references/r/[A-Za-z0-9_-]+/", invitation_es.body).group(0)
    rater_context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    rater_page = rater_context.new_page()
    rater_audit = Audit(rater_page)
    rater_audit.attach(rater_context)
    rater_page.set_default_timeout(15_000)
    rater_page.goto(link)
    rater_page.get_by_role("heading", level=1).wait_for()
    # Marta rates on her phone, in Spanish, one step at a time.
    rater_page.get_by_label(es("Your position or job title")).fill("Supervisora del programa")
    rater_page.get_by_role("button", name=es("Save and continue")).click()
    skilled = es("3 — Skilled: shows it reliably in daily work")
    rated = 0
    while rater_page.locator("label.usa-radio__label", has_text=skilled).count():
        rater_page.locator("label.usa-radio__label", has_text=skilled).first.click()
        rater_page.get_by_role("button", name=es("Save and continue")).click()
        rater_page.wait_for_load_state()
        rated += 1
    assert rated == 8
    rater_page.get_by_role("button", name=es("Save and continue")).click()  # no comments
    rater_page.get_by_role("button", name=es("Submit the rating")).click()
    rater_page.get_by_role("heading", name=es("Thank you: your rating was received")).wait_for()
    assert_spanish_phone_pages(rater_audit, at_least=1)  # every step is on the same address
    assert len(rater_audit.langs) >= 11  # the first page, 10 steps, the thanks
    rater_context.close()
    assert not rater_audit.violations, rater_audit.report()
    codes = [a.code for a in areas_for(application)]
    for invitation in Invitation.objects.filter(reference__application=application).exclude(
        reference__email="marta@example.org"
    ):
        reference_services.submit_rating(
            invitation,
            {"rater_name": invitation.reference.rater_name, "answers": dict.fromkeys(codes, "3")},
            area_codes=codes,
        )
    assert set(application.references.values_list("status", flat=True)) == {
        ReferenceStatus.SUBMITTED
    }

    # Ready: pay the processing fee, submit, read the status.
    page.goto(f"/apply/{application.uuid}/")
    page.get_by_text(
        es("Every required item is met: your application is ready to submit.")
    ).wait_for()
    page.get_by_role("link", name=es("Review and submit")).first.click()
    page.get_by_role("button", name=es("Pay the processing fee")).click()
    confirm_test_payment(page)
    page.goto(f"/apply/{application.uuid}/submit/")
    tick(page, page.locator('input[name="confirm"]'))
    page.get_by_role("button", name=es("Submit my application")).click()
    page.get_by_role("heading", name=es("Status and timeline")).wait_for()
    timeline = page.get_by_role("table", name=es("Timeline"))
    assert timeline.get_by_role("rowheader", name=es("Submitted")).first.is_visible()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED

    assert_spanish_phone_pages(page.audit, at_least=14)
