"""Every string an applicant, a rater or an endorsee reads has a Spanish translation.

``makemessages`` runs on the current code into a temporary copy of ``locale/es``, so a string
marked for translation but never added to the .po fails here too. The scope below lists the
templates and Python modules already translated; it grows as more are (staff pages may stay
English for now).
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import skip_or_fail

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "es" / "LC_MESSAGES" / "django.po"

#: Where the applicant, rater and endorsee scope lives: paths relative to the repository, a
#: trailing "/" for a whole folder. Grow this list as more is translated.
SCOPE = [
    "templates/base.html",
    "templates/home.html",
    "templates/includes/",
    # The applicant's workspace, checklist, registration, submission and status pages.
    "templates/applications/_add_form.html",
    "templates/applications/_comments.html",
    "templates/applications/_documents.html",
    "templates/applications/_header.html",
    "templates/applications/_summary.html",
    "templates/applications/detail.html",
    "templates/applications/edit_row.html",
    "templates/applications/fit.html",
    "templates/applications/index.html",
    "templates/applications/register.html",
    "templates/applications/registration.html",
    "templates/applications/section.html",
    "templates/applications/sections/",
    "templates/applications/start.html",
    "templates/applications/status.html",
    "templates/applications/submit.html",
    "templates/applications/training_import.html",
    "templates/applications/withdraw.html",
    "applications/",
    "endorsements/rules/",
    # The rater's form and pages, the applicant's raters page, and the emails about ratings.
    "templates/references/_copied.html",
    "templates/references/_delivery.html",
    "templates/references/decline.html",
    "templates/references/list.html",
    "templates/references/rate.html",
    "templates/references/rater_declined.html",
    "templates/references/rater_expired.html",
    "templates/references/rater_invalid.html",
    "templates/references/rater_submitted.html",
    "templates/references/rater_withdrawn.html",
    "templates/references/replace.html",
    "templates/emails/base.html",
    "templates/emails/reference-",
    "references/",
    # Shared helpers whose messages reach applicants (upload checks, date validation).
    "easy/lib/",
    # Sign-in, sign-up, the dashboard and the profile.
    "templates/allauth/",
    "templates/accounts/dashboard.html",
    "templates/accounts/profile.html",
    "easy/accounts/",
    "easy/notifications/",
    # Emails to applicants, candidates and endorsees.
    "templates/emails/application-",
    "templates/emails/decision-made-",
    "templates/emails/payment-received-",
    "templates/emails/payment-refunded-",
    "templates/emails/certificate-invitation-",
    "templates/emails/certificate-ready-",
    "templates/emails/certificate-revoked-",
    "templates/emails/certificate-transfer-decided-",
    "templates/emails/renewal-reminder-",
    "templates/emails/renewal-status-",
    "templates/emails/renewal-reinstatement-",
    "templates/emails/exam-approval-expired-",
    "templates/emails/exam-approval-extended-",
    "templates/emails/exam-approval-refused-",
    "templates/emails/exam-approval-renewed-",
    "templates/emails/exam-accommodation-decided-",
    "templates/emails/exam-part-submitted-",
    "templates/emails/exam-registered-",
    "templates/emails/exam-reminder-",
    "templates/emails/exam-result-",
    "templates/emails/exam-retake-decided-",
    # The endorsee's page, certificate, letter, registry, verification and transfer request.
    "templates/endorsements/",
    "endorsements/",
    # Paying fees (checkout, the payment page, receipts) and the yearly renewal.
    "templates/payments/",
    "payments/",
    "templates/renewals/",
    "renewals/",
    # The candidate's exam pages, and the applicant's decision page.
    "templates/exams/_clock.html",
    "templates/exams/_submit.html",
    "templates/exams/approval.html",
    "templates/exams/home.html",
    "templates/exams/registration.html",
    "templates/exams/sitting_",
    "exams/",
    "templates/reviews/decision.html",
    "templates/reviews/_outcome_text.html",
    # The candidate's scores on the exam approval page; the language names of the switcher.
    "templates/exams/_scores.html",
    "easy/settings/",
    # Emails to the person who asked for them (a test email, a file ready to download).
    "templates/emails/test-",
    "templates/emails/file-ready-",
    "templates/jobs/progress.html",
]


def in_scope(path: str) -> bool:
    """A path in the scope: named exactly, or under a prefix ending in "/", "-" or "_"."""
    return any(path == s or (s.endswith(("/", "-", "_")) and path.startswith(s)) for s in SCOPE)


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    """The Spanish catalogue as makemessages leaves it after reading today's code.

    makemessages writes beside the code it reads (``locale/`` at the project's root, whatever
    LOCALE_PATHS says), so it runs on the real file, which is read and then put back as it was.
    """
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        skip_or_fail("GNU gettext (xgettext, msgmerge) is not installed")
    original = PO.read_bytes()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(BASE)
            patch.setattr(settings, "LOCALE_PATHS", [BASE / "locale"])
            call_command(
                "makemessages",
                locale=["es"],
                ignore_patterns=[
                    ".venv",
                    "tests",
                    "benchmarks",
                    "locale",
                    "node_modules",
                    "staticfiles",
                    "media",
                    "var",
                    "build",
                    "docs",
                ],
                verbosity=0,
            )
        return polib.pofile(PO.read_text(encoding="utf-8"))
    finally:
        PO.write_bytes(original)


def untranslated_in_scope(catalogue: polib.POFile) -> list[str]:
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        places = [path for path, _line in entry.occurrences if in_scope(path)]
        if places and (entry.fuzzy or not entry.translated()):
            missing.append(f"{places[0]}: {entry.msgid!r}")
    return missing


def test_every_string_in_scope_has_a_spanish_translation(catalogue):
    missing = untranslated_in_scope(catalogue)

    assert missing == [], f"{len(missing)} strings without Spanish:\n" + "\n".join(missing)


def test_the_scope_covers_the_applicant_and_rater_pages(catalogue):
    """A guard against a scope that silently matches nothing."""
    places = {path for entry in catalogue for path, _line in entry.occurrences}
    scoped = {path for path in places if in_scope(path)}

    assert "templates/base.html" in scoped
    assert "templates/references/rate.html" in scoped
    assert "templates/applications/detail.html" in scoped
    assert len(scoped) >= 60


def test_translations_keep_their_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    wrong = []
    for entry in polib.pofile(str(PO)).translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            if set(placeholder.findall(source)) != set(placeholder.findall(text)):
                wrong.append(f"{entry.msgid!r} -> {text!r}")

    assert wrong == []
