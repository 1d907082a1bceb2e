"""The texts an applicant signs: the Code of Ethics and the Endorsement Agreement.

Each text has a version; a signature records the version, the typed name, the time, the IP
address and the SHA-256 of the exact text shown. Changing a text means adding a new version
(a new template), so that earlier signatures keep pointing at what was signed.
"""

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from .enums import SignatureKind


@dataclass(frozen=True)
class SignedText:
    kind: str
    version: str
    title: str  # in the reader's language (a lazy translation)
    template: str

    def render(self, association) -> str:
        return render_to_string(self.template, {"association": association}).strip() + "\n"

    def sha256(self, association) -> str:
        return hashlib.sha256(self.render(association).encode()).hexdigest()


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
