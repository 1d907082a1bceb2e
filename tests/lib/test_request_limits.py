"""A request body over REQUEST_MAX_BYTES is refused with 413 before any of it is read."""

import pytest
from django.test import RequestFactory

from easy.lib.uploads import RequestBodyLimitMiddleware


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def call(length: str):
    request = RequestFactory().post("/", data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = length
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    seen = []
    response = RequestBodyLimitMiddleware(lambda r: seen.append(r) or "passed on")(request)
    return response, seen


def test_body_over_the_limit_gets_413_unread(settings):
    settings.REQUEST_MAX_BYTES = 1000

    response, seen = call("1001")

    assert (response.status_code, seen) == (413, [])
    assert response.content.decode() == (
        "This request is 1001\xa0bytes; the portal accepts at most 1000\xa0bytes."
    )
    assert response["Connection"] == "close"


@pytest.mark.parametrize("length", ["1000", "0", "", "nonsense"])
def test_body_within_the_limit_or_without_a_length_passes(settings, length):
    settings.REQUEST_MAX_BYTES = 1000

    response, seen = call(length)

    assert (response, len(seen)) == ("passed on", 1)


@pytest.mark.django_db
def test_oversized_upload_through_the_stack_gets_413(client, settings):
    settings.REQUEST_MAX_BYTES = 10_000

    response = client.post("/accounts/login/", {"password": "x" * 20_000})

    assert response.status_code == 413
