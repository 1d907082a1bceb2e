"""Payments: quote, start and confirm a payment, staff list and CSV, receipt PDF."""

import datetime
import itertools

from benchmarks.support import database, summary, timings


def main() -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client
    from django.urls import reverse

    from easy.accounts.enums import Role
    from easy.accounts.models import RoleAssignment, User
    from endorsements.models import Association
    from payments import services
    from payments.enums import FeeKind, PaymentMethod
    from payments.models import FeeSchedule, Payment

    with database():
        association = Association.objects.create(code="WI-AIMH", name="Wisconsin")
        FeeSchedule.objects.create(
            association=association,
            fee_kind=FeeKind.PROCESSING,
            category_code="IFS",
            amount_cents=5000,
            effective_from=datetime.date(2024, 1, 1),
        )
        coordinator = User.objects.create_user("coord@bench.test", "x", full_name="Coordinator")
        RoleAssignment.objects.create(
            user=coordinator, association=association, role=Role.COORDINATOR
        )
        TOTP.activate(coordinator, generate_totp_secret())
        people = [
            User.objects.create_user(f"p{n}@bench.test", "x", full_name=f"Person {n}")
            for n in range(1000)
        ]
        for person in people:
            services.record_offline_payment(
                association=association,
                payer=person,
                fee_kind=FeeKind.PROCESSING,
                category_code="IFS",
                amount_cents=5000,
                method=PaymentMethod.CHEQUE,
                reference="CHQ",
                received_on=datetime.date(2026, 3, 2),
                actor=coordinator,
            )
        payer = people[0]
        print(f"   {Payment.objects.count()} payments in the database")

        def quote():
            services.quote(
                payer=payer, association=association, fee_kind="processing", category_code="IFS"
            )

        print(f"   quote: {summary(timings(quote, runs=200))}")

        purposes = iter(itertools.count())

        def start_and_confirm():
            n = next(purposes)
            purpose = people[n % 1000]
            payment = services.start_payment(
                payer=purpose,
                association=association,
                fee_kind=FeeKind.EXAM if n % 2 else FeeKind.RENEWAL,
                category_code="IFS",
                purpose=purpose,
                success_url="/",
                cancel_url="/",
                actor=purpose,
            ).payment
            services.process_event(services.test_checkout_event(payment), source="test")

        FeeSchedule.objects.create(
            association=association,
            fee_kind=FeeKind.EXAM,
            amount_cents=9000,
            effective_from=datetime.date(2024, 1, 1),
        )
        FeeSchedule.objects.create(
            association=association,
            fee_kind=FeeKind.RENEWAL,
            amount_cents=6000,
            effective_from=datetime.date(2024, 1, 1),
        )
        print(
            f"   start + confirm (test-mode event): {summary(timings(start_and_confirm, runs=100))}"
        )

        client = Client(SERVER_NAME="localhost")  # a host ALLOWED_HOSTS accepts
        client.force_login(coordinator)
        list_url = reverse("payments:staff_payments", args=[association.code])
        csv_url = reverse("payments:staff_payments_csv", args=[association.code])
        assert client.get(list_url).status_code == 200
        print(
            f"   staff list page (50 of {Payment.objects.count()}): "
            f"{summary(timings(lambda: client.get(list_url), runs=30))}"
        )
        print(
            f"   CSV export of every payment: {summary(timings(lambda: client.get(csv_url), runs=5))}"
        )
        client.force_login(payer)
        receipt_url = reverse(
            "payments:receipt", args=[Payment.objects.filter(payer=payer).first().uuid]
        )
        assert client.get(receipt_url).status_code == 200
        print(f"   receipt PDF: {summary(timings(lambda: client.get(receipt_url), runs=10))}")
