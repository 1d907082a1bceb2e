"""Files coordinators and reviewers ask for that take too long for a request: the queue as CSV
and the review packet as PDF, made by ``easy.jobs`` in a Celery task."""

from __future__ import annotations

import io

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus
from easy.jobs.registry import Maker, Output, register
from easy.jobs.scopes import manager_of_association
from easy.lib import csv as safe_csv
from endorsements.models import Association

from . import packet, queries
from .forms import QueueFilterForm
from .models import Review
from .permissions import can_read_review

QUEUE_CSV = "review_queue_csv"
PACKET_PDF = "review_packet_pdf"
HEADER = [
    "applicant", "email", "category", "status", "version", "submitted", "days waiting",
    "reference ratings in", "reviewers", "overdue reviews",
]  # fmt: skip


def make_queue_csv(job, progress) -> Output:
    """The filtered queue, every page, one row per application."""
    association = Association.objects.get(code=job.params["association"])
    form = QueueFilterForm(QueryDict(job.params.get("query", "")) or None, association=association)
    rows = queries.queue(association, form.filters())
    total = rows.count()
    today = timezone.localdate()
    out = io.StringIO()
    writer = safe_csv.writer(out)
    writer.writerow(HEADER)
    for n, a in enumerate(rows.iterator(chunk_size=500), start=1):
        reviews = queries.current_reviews(a)
        writer.writerow(
            [
                a.applicant.full_name,
                a.applicant.email,
                a.category_code,
                ApplicationStatus(a.status).label,
                a.version,
                timezone.localtime(a.submitted_at).date().isoformat() if a.submitted_at else "",
                queries.waiting_days(a, today) if a.submitted_at else "",
                a.references_done,
                "; ".join(f"{r.reviewer.full_name} ({r.get_status_display()})" for r in reviews),
                sum(1 for r in reviews if r.is_overdue(today)),
            ]
        )
        if n % 500 == 0:
            progress(n, total)
    progress(total, total)
    name = f"review-queue-{association.code}-{today.isoformat()}.csv"
    return Output(out.getvalue().encode("utf-8"), name, "text/csv; charset=utf-8")


def packet_key(review: Review) -> str:
    """One packet per application version, whoever asks: reviewers of that version share it."""
    return f"packet:{review.application.uuid}:v{review.application.version}"


def _packet_allowed(user, job) -> bool:
    review = (
        Review.objects.select_related("application__association")
        .filter(uuid=job.params.get("review"))
        .first()
    )
    return review is not None and can_read_review(user, review)


def make_packet_pdf(job, progress) -> Output:
    review = Review.objects.select_related("application").get(uuid=job.params["review"])
    progress(0, 1)
    application = packet.load(review.application)
    content = packet.packet_pdf(application)
    progress(1, 1)
    code = application.category_code.replace("/", "")
    return Output(content, f"application-{code}-v{application.version}.pdf", "application/pdf")


def register_makers() -> None:
    register(
        Maker(QUEUE_CSV, _("Review queue (CSV)"), make_queue_csv, allowed=manager_of_association)
    )
    register(
        Maker(PACKET_PDF, _("Application packet (PDF)"), make_packet_pdf, allowed=_packet_allowed)
    )
