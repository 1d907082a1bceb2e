"""The association's logo in the page header, served by the portal itself."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories.accounts import AssociationFactory, UserFactory
from tests.factories.applications import ApplicationFactory

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_header_shows_the_association_logo_served_by_the_portal(client):
    association = AssociationFactory()
    association.logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    association.save()
    url = reverse("public:association_logo", kwargs={"code": association.code})

    logo = client.get(url)
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    served = b"".join(logo.streaming_content)  # read to the end: the response closes its file
    with association.logo.open("rb") as stored:
        assert served == stored.read()

    # A person who applied to the association sees its name and logo in the header.
    applicant = UserFactory()
    ApplicationFactory(applicant=applicant, association=association)
    client.force_login(applicant)
    page = client.get(reverse("dashboard")).content.decode()
    assert association.name in page
    assert f'src="{url}"' in page


def test_no_logo_no_image(client):
    association = AssociationFactory()
    url = reverse("public:association_logo", kwargs={"code": association.code})

    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("public:association_logo", kwargs={"code": "nope"})).status_code == 404
    )
