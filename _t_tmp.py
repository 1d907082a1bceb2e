import os, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "easy.settings.test")
import django; django.setup()
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.template.loader import render_to_string
from benchmarks.support import database, timings, summary
import benchmarks.bench_review_queue as b
from django.core.management import call_command
from easy.accounts.enums import Role
from endorsements.models import Association
from tests.factories.accounts import UserFactory, staff, with_role
b.APPLICATIONS = 3000
with database():
    call_command("load_catalog", verbosity=0)
    association = Association.objects.get(code="WI-AIMH")
    coordinator = staff(association)
    reviewers = [with_role(UserFactory(full_name=f"Reviewer {i}"), association, Role.REVIEWER) for i in range(40)]
    b._seed(association, reviewers)
    from reviews.forms import QueueFilterForm
    from django.template import Template, Context
    f = QueueFilterForm(association=association)
    t = Template('{% include "includes/form.html" %}')
    print("form render", summary(timings(lambda: t.render(Context({"form": QueueFilterForm(association=association)})), runs=20)))
    client = Client(HTTP_HOST="127.0.0.1"); client.force_login(coordinator)
    url = reverse("reviews:queue", kwargs={"code": association.code})
    print("page", summary(timings(lambda: client.get(url), runs=20)))
    from reviews import queries
    from reviews.queries import QueueFilters
    print("page query", summary(timings(lambda: list(queries.queue(association, QueueFilters())[:50]), runs=20)))
