import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from easy.lib import pdf
from payments import services
from payments.enums import FeeKind
from tests.factories.accounts import staff
from tests.factories.payments import offline_payment


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def paid(fees, association, payer, coordinator):
    payer.full_name = "Avery Q. Applicant"
    payer.save()
    return offline_payment(
        payer,
        association,
        coordinator,
        category_code="IMHS",
        amount_cents=20000,
        reference="CHQ 5521",
    )


def test_receipt_pdf_names_payer_amount_date_and_number(client, paid, payer):
    client.force_login(payer)

    response = client.get(reverse("payments:receipt", args=[paid.uuid]))

    text = pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="receipt-{paid.receipt_number}.pdf"'
    )
    assert "Wisconsin Alliance for Infant Mental Health" in text
    assert "Avery Q. Applicant" in text
    assert "avery@example.org" in text
    assert "Processing fee — IMHS" in text
    assert "$200.00 USD" in text
    assert "2 March 2026" in text
    assert paid.receipt_number in text
    assert "Cheque (reference CHQ 5521)" in text


def test_refunded_receipt_says_so(client, paid, payer, coordinator):
    services.refund_payment(paid, actor=coordinator, reason="Withdrew the application")
    client.force_login(coordinator)

    response = client.get(reverse("payments:receipt", args=[paid.uuid]))

    assert "Refunded in full on" in pdf_text(response.content)
    assert "Withdrew the application" in pdf_text(response.content)


def test_receipt_permissions(client, paid, admin_of_other, coordinator):
    from tests.factories.accounts import UserFactory

    url = reverse("payments:receipt", args=[paid.uuid])
    client.force_login(UserFactory())
    stranger = client.get(url)
    client.force_login(admin_of_other)
    other_staff = client.get(url)
    client.force_login(coordinator)
    own_staff = client.get(url)
    wrong_method = client.post(url)

    assert (stranger.status_code, other_staff.status_code) == (404, 404)
    assert own_staff.status_code == 200
    assert wrong_method.status_code == 405


def test_pending_payment_has_no_receipt(client, fees, association, payer):
    payment = services.start_payment(
        payer=payer,
        association=association,
        fee_kind=FeeKind.REGISTRATION,
        category_code="",
        purpose=payer,
        success_url="/",
        cancel_url="/",
        actor=payer,
    ).payment
    client.force_login(payer)

    assert client.get(reverse("payments:receipt", args=[payment.uuid])).status_code == 404


def test_render_pdf_never_fetches_from_the_network(tmp_path, settings):
    template = tmp_path / "fetch.html"
    template.write_text('<p>Hello</p><img src="http://169.254.169.254/latest/meta-data">')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    content = pdf.render_pdf("fetch.html", {})

    assert pdf_text(content).strip() == "Hello"


def test_render_pdf_reads_static_files_from_disk(settings):
    response = pdf._fetcher().fetch(f"{settings.SITE_URL}/static/css/site.css")

    try:
        body = response.read()
    finally:
        response.close()
    assert b":root" in body


def test_receipt_numbers_run_per_association_and_year(
    fees, association, other_association, coordinator
):
    from tests.factories.accounts import UserFactory
    from tests.factories.payments import wisconsin_fees

    wisconsin_fees(other_association)
    washington = staff(other_association)

    def cheque(where, actor, day):
        return offline_payment(
            UserFactory(),
            where,
            actor,
            fee_kind=FeeKind.REGISTRATION,
            amount_cents=2000,
            received_on=day,
        ).receipt_number

    numbers = [
        cheque(association, coordinator, datetime.date(2026, 3, 2)),
        cheque(other_association, washington, datetime.date(2026, 3, 2)),
        cheque(association, coordinator, datetime.date(2026, 3, 3)),
        cheque(association, coordinator, datetime.date(2027, 1, 4)),
        cheque(association, coordinator, datetime.date(2026, 12, 30)),
    ]

    assert numbers == [
        "WI-AIMH-2026-000001",
        "WA-AIMH-2026-000001",
        "WI-AIMH-2026-000002",
        "WI-AIMH-2027-000001",
        "WI-AIMH-2026-000003",
    ]


def test_a_rolled_back_payment_gives_its_receipt_number_back(fees, association, payer, coordinator):
    from django.db import transaction

    from tests.factories.accounts import UserFactory

    with pytest.raises(RuntimeError), transaction.atomic():
        offline_payment(
            payer, association, coordinator, fee_kind=FeeKind.REGISTRATION, amount_cents=2000
        )
        raise RuntimeError("the request failed after the payment was recorded")

    kept = offline_payment(
        UserFactory(), association, coordinator, fee_kind=FeeKind.REGISTRATION, amount_cents=2000
    )

    assert kept.receipt_number == "WI-AIMH-2026-000001"
