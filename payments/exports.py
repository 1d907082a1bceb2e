"""The coordinator's payments list as CSV, made in the background by ``easy.jobs``."""

from __future__ import annotations

import io

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from easy.jobs.registry import Maker, Output, register
from easy.jobs.scopes import manager_of_association
from easy.lib import csv as safe_csv
from endorsements.models import Association

from . import queries
from .forms import PaymentFilterForm

PAYMENTS_CSV = "payments_csv"
HEADER = [
    "receipt", "created", "paid", "payer", "email", "fee", "category", "amount", "discount",
    "total", "coupon", "status", "method", "reference", "paid by", "refunded", "refund reason",
]  # fmt: skip


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def make_payments_csv(job, progress) -> Output:
    association = Association.objects.get(code=job.params["association"])
    form = PaymentFilterForm(QueryDict(job.params.get("query", "")) or None)
    payments = queries.payments_for_staff(association, form.filters())
    total = payments.count()
    out = io.StringIO()
    writer = safe_csv.writer(out)
    writer.writerow(HEADER)
    for n, p in enumerate(payments.iterator(chunk_size=500), start=1):
        writer.writerow(
            [
                p.receipt_number or "",
                _when(p.created_at),
                _when(p.paid_at),
                p.payer.get_full_name(),
                p.payer.email,
                p.get_fee_kind_display(),
                p.category_code,
                f"{p.amount_cents / 100:.2f}",
                f"{p.discount_cents / 100:.2f}",
                f"{p.total_cents / 100:.2f}",
                p.coupon.code if p.coupon else "",
                p.get_status_display(),
                p.get_method_display(),
                p.reference,
                p.batch.payer_name if p.batch else "",
                _when(p.refunded_at),
                p.refund_reason,
            ]
        )
        if n % 500 == 0:
            progress(n, total)
    progress(total, total)
    name = f"payments-{association.code}-{timezone.localdate().isoformat()}.csv"
    return Output(out.getvalue().encode("utf-8"), name, "text/csv; charset=utf-8")


def register_makers() -> None:
    register(
        Maker(PAYMENTS_CSV, _("Payments (CSV)"), make_payments_csv, allowed=manager_of_association)
    )
