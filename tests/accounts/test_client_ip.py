"""The client's address behind TRUSTED_PROXY_COUNT proxies: rate limits count per real client."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from easy.lib.proxies import ClientAddressMiddleware, client_ip
from tests.factories.accounts import UserFactory


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy: the header is the client's own invention
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # the first entry was forged
        (2, "198.51.100.66, 203.0.113.7, 192.0.2.10", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: the earliest
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_read_that_many_entries_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


@pytest.mark.django_db
def test_behind_the_proxy_one_clients_failed_sign_ins_do_not_lock_out_another(client, settings):
    cache.clear()
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    UserFactory(email="dana@example.org")
    UserFactory(email="omar@example.org")
    url = reverse("account_login")
    # Every request reaches gunicorn from the proxy (REMOTE_ADDR 127.0.0.1), each client's
    # address appended by it; the attacker also forges an entry of their own.
    attacker = {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.9"}
    for _ in range(3):
        client.post(url, {"login": "dana@example.org", "password": "wrong"}, **attacker)

    blocked = client.post(url, {"login": "dana@example.org", "password": "wrong"}, **attacker)
    other = client.post(
        url,
        {"login": "omar@example.org", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )

    assert "Too many failed login attempts." in blocked.content.decode()
    assert "Too many failed login attempts." not in other.content.decode()
    assert "are not correct" in other.content.decode()
    cache.clear()


def test_middleware_gives_every_later_reader_the_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    seen = {}
    middleware = ClientAddressMiddleware(lambda request: seen.update(request.META))
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7"
    )

    middleware(request)

    assert (seen["REMOTE_ADDR"], seen["PROXY_ADDR"]) == ("203.0.113.7", "10.0.0.2")


def test_middleware_leaves_the_address_alone_without_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    seen = {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")

    ClientAddressMiddleware(lambda request: seen.update(request.META))(request)

    assert seen["REMOTE_ADDR"] == "10.0.0.2"
    assert "PROXY_ADDR" not in seen
