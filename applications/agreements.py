"""The texts an applicant signs: the Code of Ethics and the Endorsement Agreement.

Each text has a version; a signature records the version, the language, the typed name, the
time, the IP address and the SHA-256 of the exact text shown. Changing a text means adding a new
version (a new template), so that earlier signatures keep pointing at what was signed. A version
may have a Spanish wording beside it (``<name>.es.txt``): the reader sees, and signs, the text in
the language the page is in.
"""

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string, select_template
from django.utils.translation import get_language, gettext_lazy

from .enums import SignatureKind


@dataclass(frozen=True)
class SignedText:
    kind: str
    version: str
    title: str  # in the reader's language (a lazy translation)
    template: str

    def language(self, language: str | None = None) -> str:
        """The language the text is shown in: the one asked for (by default the page's) when
        a wording in it exists, else English."""
        wanted = (language or get_language() or "en").split("-")[0]
        if wanted == "en":
            return "en"
        try:
            select_template([self._template_in(wanted)])
        except Exception:  # TemplateDoesNotExist: no wording in that language
            return "en"
        return wanted

    def _template_in(self, language: str) -> str:
        return (
            self.template if language == "en" else self.template.replace(".txt", f".{language}.txt")
        )

    def render(self, association, language: str | None = None) -> str:
        template = self._template_in(self.language(language))
        return render_to_string(template, {"association": association}).strip() + "\n"

    def sha256(self, association, language: str | None = None) -> str:
        return hashlib.sha256(self.render(association, language).encode()).hexdigest()


CURRENT = {
    SignatureKind.CODE_OF_ETHICS: SignedText(
        SignatureKind.CODE_OF_ETHICS,
        "2026-1",
        gettext_lazy("Code of Ethics"),
        "applications/texts/code_of_ethics-2026-1.txt",
    ),
    SignatureKind.AGREEMENT: SignedText(
        SignatureKind.AGREEMENT,
        "2026-1",
        gettext_lazy("Endorsement Agreement"),
        "applications/texts/agreement-2026-1.txt",
    ),
}
