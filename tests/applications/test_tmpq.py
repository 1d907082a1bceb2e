from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
def test_x(owner_client, application):
    t = reverse("applications:detail", kwargs={"uuid": application.uuid})
    owner_client.get(t)
    with CaptureQueriesContext(connection) as c:
        owner_client.get(t)
    for q in c.captured_queries: print(q["sql"][:150])
