import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from easy.accounts.enums import Role
from payments import services
from payments.enums import FeeKind, PaymentStatus
from payments.models import Coupon, FeeSchedule, Payment, PaymentBatch, StripeEvent
from tests.factories.accounts import UserFactory, staff
from tests.factories.payments import CouponFactory, offline_payment, start_fee
from tests.jobs.files import ask_for_file, download

RECEIVED = datetime.date(2026, 3, 2)


def cheque(payer, association, coordinator, reference="CHQ 1", kind=FeeKind.PROCESSING):
    return offline_payment(payer, association, coordinator, reference=reference, fee_kind=kind)


def pending(payer, association):
    return services.start_payment(
        payer=payer,
        association=association,
        fee_kind=FeeKind.PROCESSING,
        category_code="IFS",
        purpose=payer,
        success_url="/apply/done/",
        cancel_url="/apply/",
        actor=payer,
    ).payment


def queries_for(client, url) -> int:
    """Queries one page view takes, after a first view (sign-in bookkeeping happens once)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


@pytest.fixture
def paid(fees, association, payer, coordinator):
    return cheque(payer, association, coordinator)


# --- The payer's pages -----------------------------------------------------------------------


def test_my_payments_lists_only_mine(client, paid, payer, association, coordinator):
    cheque(UserFactory(), association, coordinator, reference="OTHER")
    client.force_login(payer)

    response = client.get(reverse("payments:my_payments"))

    assert [p.pk for p in response.context["payments"]] == [paid.pk]
    assert f"Receipt {paid.receipt_number} (PDF)" in response.content.decode()


def test_my_payments_query_count_is_fixed(
    client, fees, association, payer, coordinator, django_assert_num_queries
):
    cheque(payer, association, coordinator)
    FeeSchedule.objects.create(
        association=association, fee_kind="exam", amount_cents=5000, effective_from=RECEIVED
    )
    client.force_login(payer)
    one = queries_for(client, reverse("payments:my_payments"))
    for n in range(4):
        cheque(payer, association, coordinator, reference=f"CHQ {n}", kind=FeeKind.EXAM)

    with django_assert_num_queries(one):
        response = client.get(reverse("payments:my_payments"))
    assert len(response.context["payments"]) == 5


def test_payment_detail_for_payer_stranger_and_other_staff(client, paid, payer, admin_of_other):
    client.force_login(payer)
    mine = client.get(reverse("payments:payment_detail", args=[paid.uuid]))
    client.force_login(UserFactory())
    stranger = client.get(reverse("payments:payment_detail", args=[paid.uuid]))
    client.force_login(admin_of_other)
    other_staff = client.get(reverse("payments:payment_detail", args=[paid.uuid]))

    assert mine.status_code == 200
    assert "CHQ 1" in mine.content.decode()
    assert "Refund this payment" not in mine.content.decode()
    assert (stranger.status_code, other_staff.status_code) == (404, 404)


def test_payment_detail_refuses_post(client, paid, payer):
    client.force_login(payer)

    assert client.post(reverse("payments:payment_detail", args=[paid.uuid])).status_code == 405


def test_reviewer_of_the_same_association_gets_404(client, paid, association):
    client.force_login(staff(association, Role.REVIEWER))

    assert client.get(reverse("payments:payment_detail", args=[paid.uuid])).status_code == 404


def test_coordinator_sees_refund_form_and_email_status(client, paid, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("payments:payment_detail", args=[paid.uuid])).content.decode()

    assert "Refund this payment" in page
    assert "Payment received: Processing fee — IFS ($50.00)" in page


def test_return_page_says_confirming_until_the_webhook(client, fees, association, payer):
    payment = pending(payer, association)
    client.force_login(payer)

    page = client.get(reverse("payments:payment_return", args=[payment.uuid])).content.decode()
    status = client.get(reverse("payments:payment_status", args=[payment.uuid])).json()

    assert "We are confirming your payment" in page
    assert "payments/payment-status.js" in page
    assert status == {"status": "pending", "status_text": "Waiting for payment", "paid": False}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_status_is_404_for_a_stranger(client, fees, association, payer):
    payment = pending(payer, association)
    client.force_login(UserFactory())

    assert client.get(reverse("payments:payment_status", args=[payment.uuid])).status_code == 404


# --- Test checkout ---------------------------------------------------------------------------


def test_test_checkout_is_labelled_and_pays_through_the_event_path(
    client, fees, association, payer
):
    payment = pending(payer, association)
    client.force_login(payer)
    url = reverse("payments:test_checkout", args=[payment.uuid])

    page = client.get(url).content.decode()
    response = client.post(url, {"pay": "1"})

    payment.refresh_from_db()
    assert "Test checkout — no card is charged" in page
    assert "Confirm test payment of $50.00" in page
    assert response.url == reverse("payments:payment_return", args=[payment.uuid])
    assert payment.status == PaymentStatus.PAID
    event = StripeEvent.objects.get(payment=payment)
    assert (event.type, event.source, event.outcome) == (
        "checkout.session.completed",
        "test",
        "processed",
    )


def test_test_checkout_cancel_goes_back(client, fees, association, payer):
    payment = pending(payer, association)
    client.force_login(payer)

    response = client.post(reverse("payments:test_checkout", args=[payment.uuid]), {"cancel": "1"})

    payment.refresh_from_db()
    assert (response.url, payment.status) == ("/apply/", PaymentStatus.CANCELLED)


def test_test_checkout_is_404_for_others_and_outside_test_mode(
    client, fees, association, payer, coordinator, settings
):
    payment = pending(payer, association)
    url = reverse("payments:test_checkout", args=[payment.uuid])
    client.force_login(coordinator)
    staff_response = client.get(url)
    client.force_login(payer)
    settings.PAYMENTS_TEST_MODE = False
    live_response = client.post(url, {"pay": "1"})

    payment.refresh_from_db()
    assert (staff_response.status_code, live_response.status_code) == (404, 404)
    assert payment.status == PaymentStatus.PENDING


def test_test_checkout_refuses_put(client, fees, association, payer):
    payment = pending(payer, association)
    client.force_login(payer)

    assert client.put(reverse("payments:test_checkout", args=[payment.uuid])).status_code == 405


# --- Refunds ---------------------------------------------------------------------------------


def test_payer_cannot_refund_own_payment(client, paid, payer):
    client.force_login(payer)

    response = client.post(reverse("payments:refund", args=[paid.uuid]), {"reason": "please"})

    paid.refresh_from_db()
    assert response.status_code == 403
    assert paid.status == PaymentStatus.PAID


def test_refund_by_stranger_and_other_staff_is_404(client, paid, admin_of_other):
    client.force_login(admin_of_other)
    other = client.post(reverse("payments:refund", args=[paid.uuid]), {"reason": "x"})
    client.force_login(UserFactory())
    stranger = client.post(reverse("payments:refund", args=[paid.uuid]), {"reason": "x"})

    assert (other.status_code, stranger.status_code) == (404, 404)


def test_coordinator_refunds_with_a_reason(client, paid, coordinator):
    client.force_login(coordinator)

    without = client.post(reverse("payments:refund", args=[paid.uuid]), {"reason": ""})
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PAID
    client.post(reverse("payments:refund", args=[paid.uuid]), {"reason": "Cheque bounced"})

    paid.refresh_from_db()
    assert without.status_code == 302
    assert (paid.status, paid.refund_reason) == (PaymentStatus.REFUNDED, "Cheque bounced")


def test_refund_refuses_get(client, paid, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("payments:refund", args=[paid.uuid])).status_code == 405


# --- Staff lists -----------------------------------------------------------------------------


def test_staff_list_permissions(client, paid, association, payer, admin_of_other):
    url = reverse("payments:staff_payments", args=[association.code])
    client.force_login(payer)
    as_payer = client.get(url)
    client.force_login(admin_of_other)
    as_other = client.get(url)
    client.force_login(staff(association, Role.REVIEWER))
    as_reviewer = client.get(url)

    assert (as_payer.status_code, as_other.status_code, as_reviewer.status_code) == (
        404,
        404,
        404,
    )


def test_staff_list_refuses_post(client, paid, association, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("payments:staff_payments", args=[association.code]))

    assert response.status_code == 405


def test_staff_list_query_count_is_fixed(
    client, fees, association, coordinator, django_assert_num_queries
):
    cheque(UserFactory(), association, coordinator)
    client.force_login(coordinator)
    url = reverse("payments:staff_payments", args=[association.code])
    one = queries_for(client, url)
    for n in range(6):
        cheque(UserFactory(), association, coordinator, reference=f"CHQ {n}")

    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.context["page"].paginator.count == 7


def test_staff_list_filters(client, fees, association, coordinator, payer):
    kept = cheque(payer, association, coordinator, reference="KEEP")
    refunded = cheque(UserFactory(), association, coordinator, reference="GONE")
    services.refund_payment(refunded, actor=coordinator, reason="bounced")
    client.force_login(coordinator)

    response = client.get(
        reverse("payments:staff_payments", args=[association.code]),
        {"status": "paid", "search": "avery"},
    )

    assert [p.pk for p in response.context["page"]] == [kept.pk]


def test_csv_export(client, fees, association, coordinator, django_capture_on_commit_callbacks):
    person = UserFactory(full_name="=HYPERLINK(evil)", email="x@example.org")
    payment = cheque(person, association, coordinator, reference="CHQ 77")
    client.force_login(coordinator)

    job, _ = ask_for_file(
        client,
        django_capture_on_commit_callbacks,
        reverse("payments:staff_payments_csv", args=[association.code]),
        {"method": "cheque"},
    )

    rows = list(csv.reader(io.StringIO(download(client, job).decode())))
    assert job.content_type == "text/csv; charset=utf-8"
    assert rows[0][:4] == ["receipt", "created", "paid", "payer"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["receipt"] == payment.receipt_number
    assert row["payer"] == "'=HYPERLINK(evil)"
    assert (row["total"], row["status"], row["method"], row["reference"]) == (
        "50.00",
        "Paid",
        "Cheque",
        "CHQ 77",
    )
    assert row["paid"].startswith("2026-03-02")


def test_csv_export_is_404_for_other_association(client, paid, association, admin_of_other):
    client.force_login(admin_of_other)

    response = client.get(reverse("payments:staff_payments_csv", args=[association.code]))

    assert response.status_code == 404


# --- Offline payments ------------------------------------------------------------------------


def test_record_agency_payment_for_several_people(client, fees, association, coordinator):
    people = [UserFactory(), UserFactory()]
    client.force_login(coordinator)

    response = client.post(
        reverse("payments:record_offline", args=[association.code]),
        {
            "people": "\n".join(p.email.upper() for p in people),
            "fee_kind": "registration",
            "category_code": "",
            "amount": "",
            "method": "agency",
            "payer_name": "Head Start of Dane County",
            "reference": "INV-9",
            "received_on": "2026-03-02",
        },
    )

    assert response.status_code == 302
    batch = PaymentBatch.objects.get()
    assert (batch.payer_name, batch.total_cents) == ("Head Start of Dane County", 4000)
    assert set(batch.payments.values_list("payer", "total_cents", "status")) == {
        (people[0].pk, 2000, "paid"),
        (people[1].pk, 2000, "paid"),
    }


def test_record_offline_errors_at_the_field(client, fees, association, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("payments:record_offline", args=[association.code]),
        {
            "people": "nobody@example.org",
            "fee_kind": "exam",
            "method": "agency",
            "reference": "R1",
            "received_on": "2026-03-02",
        },
    )

    form = response.context["form"]
    assert form.errors["people"] == [
        "No account uses: nobody@example.org. Ask them to sign up first."
    ]
    assert form.errors["payer_name"] == ["Enter the name of the agency that paid."]
    assert 'value="R1"' in response.content.decode()
    assert not Payment.objects.exists()


def test_record_offline_refuses_a_short_cheque_at_the_amount(
    client, fees, association, coordinator, payer
):
    waiting = start_fee(payer, association)
    client.force_login(coordinator)
    url = reverse("payments:record_offline", args=[association.code])
    post = {
        "people": payer.email,
        "fee_kind": "processing",
        "category_code": "IMHM-C",
        "method": "cheque",
        "reference": "CHQ 12",
        "received_on": "2026-03-02",
    }

    short = client.post(url, {**post, "amount": "25.00"})
    whole = client.post(url, {**post, "amount": "300.00"}, follow=True)

    assert short.context["form"].errors == {
        "amount": [
            "Avery Applicant owes $300.00 for the Processing fee — IMHM-C; this payment is "
            "$25.00. Record a payment only when it covers the fee exactly."
        ]
    }
    waiting.refresh_from_db()
    assert (waiting.status, waiting.total_cents, waiting.reference) == ("paid", 30000, "CHQ 12")
    assert "Recorded $300.00 for the Processing fee — IMHM-C for 1 person(s)." in (
        whole.content.decode()
    )


def test_fee_schedule_under_stripes_minimum_is_refused(client, association, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("payments:fee_schedule_new", args=[association.code]),
        {"fee_kind": "exam", "amount": "0.30", "effective_from": "2026-01-01"},
    )

    assert response.context["form"].errors["amount"] == [
        "Stripe cannot charge less than $0.50: enter 0 (free) or at least 0.50."
    ]
    assert not FeeSchedule.objects.exists()


def test_record_offline_without_a_fee_schedule_is_refused_at_the_fee(
    client, fees, association, coordinator, payer
):
    client.force_login(coordinator)

    response = client.post(
        reverse("payments:record_offline", args=[association.code]),
        {
            "people": payer.email,
            "fee_kind": "exam",
            "amount": "75.00",
            "method": "cheque",
            "reference": "R1",
            "received_on": "2026-03-02",
        },
    )

    assert response.context["form"].errors["fee_kind"] == [
        "No fee schedule covers the Exam fee on that day, and Avery Applicant has no payment "
        "waiting for it. Add the fee schedule first."
    ]
    assert not Payment.objects.exists()


# --- Fees and coupons ------------------------------------------------------------------------


def test_fee_schedule_create_and_overlap(client, fees, association, coordinator):
    client.force_login(coordinator)
    url = reverse("payments:fee_schedule_new", args=[association.code])

    created = client.post(
        url,
        {
            "fee_kind": "exam",
            "category_code": "imhs",
            "amount": "150.00",
            "effective_from": "2026-01-01",
        },
    )
    overlapping = client.post(
        url,
        {
            "fee_kind": "exam",
            "category_code": "IMHS",
            "amount": "175",
            "effective_from": "2026-06-01",
        },
    )

    schedule = FeeSchedule.objects.get(fee_kind="exam")
    assert created.status_code == 302
    assert (schedule.category_code, schedule.amount_cents) == ("IMHS", 15000)
    assert overlapping.context["form"].errors["effective_from"] == [
        "Another schedule for this fee and category (Exam fee (IMHS): $150.00, from "
        "2026-01-01) covers some of these days. Give it a last day first."
    ]


def test_fee_schedule_edit_keeps_amount_and_404_for_other_staff(
    client, fees, association, coordinator, admin_of_other
):
    schedule = FeeSchedule.objects.get(fee_kind="processing", category_code="IFS")
    url = reverse("payments:fee_schedule_edit", args=[association.code, schedule.uuid])
    client.force_login(admin_of_other)
    other = client.get(url)
    client.force_login(coordinator)
    form_page = client.get(url)

    client.post(
        url,
        {
            "fee_kind": "processing",
            "category_code": "IFS",
            "amount": "50.00",
            "effective_from": "2024-01-01",
            "effective_until": "2026-06-30",
        },
    )

    schedule.refresh_from_db()
    assert other.status_code == 404
    assert form_page.context["form"].initial["amount"] == 50
    assert schedule.effective_until == datetime.date(2026, 6, 30)


def test_fee_list_query_count_is_fixed(
    client, fees, association, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("payments:fee_schedules", args=[association.code])
    before = queries_for(client, url)
    FeeSchedule.objects.create(
        association=association, fee_kind="exam", amount_cents=100, effective_from=RECEIVED
    )

    with django_assert_num_queries(before):
        client.get(url)


def test_coupon_create_and_validation(client, fees, association, coordinator):
    client.force_login(coordinator)
    url = reverse("payments:coupon_new", args=[association.code])
    base = {
        "code": "grad-2026",
        "fee_kind": "registration",
        "max_uses_per_person": "1",
        "is_active": "on",
    }

    bad = client.post(url, {**base, "discount_kind": "percent"})
    good = client.post(url, {**base, "discount_kind": "percent", "percent_off": "40"})
    dup = client.post(url, {**base, "discount_kind": "waiver"})

    assert bad.context["form"].errors["percent_off"] == ["Enter a percentage from 1 to 100."]
    assert good.status_code == 302
    coupon = Coupon.objects.get()
    assert (coupon.code, coupon.percent_off, coupon.association) == ("GRAD-2026", 40, association)
    assert dup.context["form"].errors["code"] == ["Another coupon already uses this code."]


def test_coupon_list_shows_uses_with_fixed_queries(
    client, fees, association, coordinator, django_assert_num_queries
):
    coupon = CouponFactory(association=association, code="FREE", max_uses=10)
    CouponFactory(association=association, code="OTHER")
    client.force_login(coordinator)
    url = reverse("payments:coupons", args=[association.code])
    before = queries_for(client, url)
    first = client.get(url)
    for _ in range(3):
        services.start_payment(
            payer=UserFactory(),
            association=association,
            fee_kind="registration",
            category_code="",
            purpose=UserFactory(),
            coupon_code="FREE",
            success_url="/",
            cancel_url="/",
            actor=None,
        )

    with django_assert_num_queries(before):
        page = client.get(url).content.decode()
    assert "0 of 10" in first.content.decode()
    assert "3 of 10" in page
    assert coupon.payments.count() == 3


def test_coupon_edit_404_for_other_association(client, association, admin_of_other):
    coupon = CouponFactory(association=association)
    client.force_login(admin_of_other)

    response = client.get(reverse("payments:coupon_edit", args=[association.code, coupon.uuid]))

    assert response.status_code == 404


def test_staff_without_second_factor_is_sent_to_set_it_up(client, association):
    client.force_login(staff(association, mfa=False))

    response = client.get(reverse("payments:staff_payments", args=[association.code]))

    assert response.url == reverse("mfa_index")


def test_dashboard_shows_fee_to_pay_and_staff_link(client, fees, association, payer, coordinator):
    payment = pending(payer, association)
    client.force_login(payer)
    mine = client.get(reverse("dashboard")).content.decode()
    client.force_login(coordinator)
    theirs = client.get(reverse("dashboard")).content.decode()

    assert "Pay the Processing fee — IFS ($50.00)" in mine
    assert reverse("payments:payment_detail", args=[payment.uuid]) in mine
    assert reverse("payments:staff_payments", args=[association.code]) in theirs
