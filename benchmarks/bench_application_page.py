"""The application page (checklist) and the RS/C section with 1 and 300 logged sessions."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.support import database, summary, timings


def main() -> None:
    from django.core.management import call_command

    from applications.models import RSCSession
    from tests.factories.accounts import UserFactory
    from tests.factories.applications import ApplicationFactory, complete_ifs

    with database():
        call_command("load_catalog", verbosity=0)
        for rows in (1, 300):
            application = ApplicationFactory(applicant=UserFactory(full_name="Bench Applicant"))
            complete_ifs(application)
            RSCSession.objects.bulk_create(
                RSCSession(
                    application=application,
                    date=dt.date(2018, 1, 1) + dt.timedelta(days=i),
                    hours=1,
                    format="group",
                    provider_name="Pat Provider",
                    provider_endorsement="IMHS",
                )
                for i in range(rows)
            )
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(application.applicant)
            for name, kwargs in (("detail", {}), ("section", {"section": "rsc"})):
                url = reverse(f"applications:{name}", kwargs={"uuid": application.uuid, **kwargs})
                client.get(url)
                with CaptureQueriesContext(connection) as ctx:
                    client.get(url)
                label = f"{name}{'/' + kwargs['section'] if kwargs else ''}"
                print(
                    f"   {label:<12} +{rows:>3} sessions: {len(ctx.captured_queries)} queries, "
                    f"{summary(timings(lambda url=url, client=client: client.get(url), runs=20))}"
                )
