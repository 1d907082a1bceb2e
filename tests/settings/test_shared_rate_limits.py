"""Sign-in rate limits hold across processes in production: they count in the Redis cache, not in
each gunicorn worker's memory."""

import uuid

import pytest

from tests.service_support import require_redis
from tests.settings.test_startup import GOOD_ENV, manage

pytestmark = pytest.mark.service

#: One failed sign-in from a client behind the proxy, as a gunicorn worker process counts it.
FAIL_ONCE = """
from allauth.core import ratelimit
from django.test import RequestFactory
request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.0.5",
                                HTTP_X_FORWARDED_FOR="{client}")
print(ratelimit.consume(request, action="login_failed", key="dana@example.org"))
"""


def test_failed_sign_ins_counted_in_one_process_limit_another():
    broker = require_redis()
    client = f"203.0.113.{uuid.uuid4().int % 250 + 1}"  # a fresh count for every run
    env = {
        **GOOD_ENV,
        "CELERY_BROKER_URL": broker,
        "TRUSTED_PROXY_COUNT": "1",
        "RATE_LIMIT_LOGIN_FAILED": "3/m/ip",
    }

    answers = [
        manage("shell", "--no-imports", "-c", FAIL_ONCE.format(client=client), env=env)
        for _ in range(4)
    ]

    assert [a.returncode for a in answers] == [0, 0, 0, 0], answers[0].stderr
    # Four separate processes: the fourth is refused because the first three counted in Redis.
    assert [a.stdout.strip() for a in answers] == ["True", "True", "True", "False"]
