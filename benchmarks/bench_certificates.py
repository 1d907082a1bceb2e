"""Certificates and imports: spreadsheet rows imported per second, certificate PDF time."""

import time

from django.test.utils import override_settings

from benchmarks.support import database, summary, timings


def main() -> None:
    with database(), override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        from django.core import mail

        from endorsements import certificates, imports
        from tests.endorsements.records import category, endorsee_sheet
        from tests.factories.accounts import AssociationFactory, staff

        mail.outbox = []
        association = AssociationFactory(code="WI-AIMH", name="Wisconsin Alliance for IMH")
        coordinator = staff(association)
        category()
        text, _ = endorsee_sheet(10_000, bad=50)
        job = imports.start(
            association, content=text.encode(), original_name="e.csv", actor=coordinator
        )
        started = time.perf_counter()
        imports.dry_run(job)
        dry = time.perf_counter() - started
        started = time.perf_counter()
        created = imports.run(job, invite=False)
        records = time.perf_counter() - started
        from easy.accounts.models import User

        new = list(User.objects.filter(full_name__startswith="Pat ").values_list("pk", flat=True))
        sample = new[:300]
        started = time.perf_counter()
        imports.invite_people(association, sample)  # rendered, stored and sent (eager worker)
        per_person = (time.perf_counter() - started) / len(sample)
        print(f"   dry run of 10,000 rows: {dry:.1f} s ({10_000 / dry:,.0f} rows/s)")
        print(
            f"   import of 10,000 rows ({created:,} created, 50 bad): {records:.1f} s "
            f"({10_000 / records:,.0f} rows/s; target: 10,000 rows < 60 s)"
        )
        print(
            f"   invitations (their own tasks, after the import): {per_person * 1000:.0f} ms per "
            f"person sent, so ~{per_person * len(new) / 60:.0f} min for {len(new):,} people"
        )
        started = time.perf_counter()
        again = imports.start(
            association, content=text.encode(), original_name="e.csv", actor=coordinator
        )
        imports.run(again)
        again.refresh_from_db()
        print(
            f"   second run: {again.created_count} created, {again.unchanged_count:,} unchanged "
            f"in {time.perf_counter() - started:.1f} s"
        )

        from endorsements.models import Endorsement

        held = Endorsement.objects.select_related("user", "association").first()
        seconds = timings(lambda: certificates.render_certificate(held), runs=10)
        print(f"   certificate PDF: {summary(seconds)} (target < 500 ms)")
        seconds = timings(lambda: certificates.render_letter(held), runs=5)
        print(f"   letter PDF: {summary(seconds)}")
