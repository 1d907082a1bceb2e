"""The client's address behind reverse proxies.

Behind ``TRUSTED_PROXY_COUNT`` proxies, each appending the address it received the request from
to X-Forwarded-For, the client is the entry that many places from the end; entries before it
were written by the client and may be forged. ``REMOTE_ADDR`` is then the last proxy's address,
the same for everyone: rate limits counted on it would lock everyone out at once.
"""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _ip(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return remote
    forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: a proxy sent the request on without adding one; the
    # earliest address is the best there is.
    return _ip(forwarded[-min(proxies, len(forwarded))]) or remote


class ClientAddressMiddleware:
    """Sets ``REMOTE_ADDR`` to the client's address (``client_ip``) for everything after it, so
    each part of the portal that asks (sign-in rate limits, signatures, lookup throttles) gets
    the same answer; the proxy's own address stays in ``PROXY_ADDR``. First in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TRUSTED_PROXY_COUNT:
            request.META["PROXY_ADDR"] = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = client_ip(request)
        return self.get_response(request)
