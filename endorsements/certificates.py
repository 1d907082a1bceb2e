"""The holder's paper proof: a one-page certificate and a letter of endorsement (PDF), each with
a QR code that opens the public verification page.

``make_documents`` renders both, keeps them in the document store and records their names on
the endorsement; the task ``task_make_certificate`` calls it when an endorsement is granted,
renewed or transferred (see ``endorsements.receivers``).
"""

from __future__ import annotations

import base64
import mimetypes

import segno
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from easy.audit.services import record
from easy.lib.pdf import render_pdf
from easy.lib.urls import absolute_url

from .enums import Family
from .models import Category, Endorsement


def verification_url(endorsement: Endorsement) -> str:
    return absolute_url("public:verify", number=endorsement.number)


def qr_data_uri(url: str) -> str:
    """A PNG QR code (error correction M, a quiet zone of four modules) as a data URI."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=8, border=4)


def _logo_data_uri(association) -> str:
    """The association's logo read from the document store, inline (the PDF renderer fetches
    nothing else)."""
    if not association.logo:
        return ""
    try:
        with default_storage.open(association.logo.name, "rb") as fh:
            data = fh.read()
    except OSError:
        return ""
    kind = mimetypes.guess_type(association.logo.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def credential_family(category: Category | None) -> str:
    if category is not None and category.family == Family.EARLY_CHILDHOOD:
        return "ECMH-E®"
    return "IMH-E®"


def document_context(endorsement: Endorsement) -> dict:
    category = Category.objects.filter(code=endorsement.category_code).first()
    url = verification_url(endorsement)
    return {
        "endorsement": endorsement,
        "holder": endorsement.user.get_full_name(),
        "category_code": endorsement.category_code,
        "category_name": category.name if category else endorsement.category_code,
        "family": credential_family(category),
        "association": endorsement.association,
        "logo": _logo_data_uri(endorsement.association),
        "granted_on": date_format(endorsement.granted_on, "j F Y"),
        "valid_until": date_format(endorsement.renews_on, "j F Y"),
        "today": date_format(timezone.localdate(), "j F Y"),
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def render_certificate(endorsement: Endorsement) -> bytes:
    return render_pdf("endorsements/certificate.html", document_context(endorsement))


def render_letter(endorsement: Endorsement) -> bytes:
    return render_pdf("endorsements/letter.html", document_context(endorsement))


def make_documents(endorsement: Endorsement, *, actor=None, force: bool = False) -> bool:
    """Render the certificate and the letter of ``endorsement`` and store them, unless the
    stored ones were made from the same number, category, association and dates (so running
    it twice does nothing). Returns True when new documents were made.

    Side effects: two files in the document store; ``certificate_file``, ``letter_file`` and
    ``documents_for`` on the row; one audit row.
    """
    key = endorsement.documents_key
    if not force and endorsement.documents_for == key and endorsement.certificate_file:
        return False
    certificate = render_certificate(endorsement)
    letter = render_letter(endorsement)
    stem = f"endorsements/{endorsement.uuid}/{endorsement.renews_on:%Y}"
    certificate_name = default_storage.save(
        f"{stem}/certificate-{endorsement.number}.pdf", ContentFile(certificate)
    )
    letter_name = default_storage.save(
        f"{stem}/letter-{endorsement.number}.pdf", ContentFile(letter)
    )
    with transaction.atomic():
        Endorsement.objects.filter(pk=endorsement.pk).update(
            certificate_file=certificate_name, letter_file=letter_name, documents_for=key
        )
        endorsement.certificate_file, endorsement.letter_file = certificate_name, letter_name
        endorsement.documents_for = key
        record(
            actor,
            "endorsement.certificate_made",
            endorsement,
            data={
                "certificate": certificate_name,
                "valid_until": endorsement.renews_on.isoformat(),
            },
        )
    return True


def download_name(endorsement: Endorsement, kind: str) -> str:
    label = _("certificate") if kind == "certificate" else _("letter")
    return f"{label}-{endorsement.number}.pdf"
