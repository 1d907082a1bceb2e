"""A small cache-based limit for the public pages: so many requests per client address per
window. Keeps scrapers from walking every endorsement number; people never notice it."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _


def client_address(request) -> str:
    # Behind the proxy the production settings trust, REMOTE_ADDR is already the client.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def limited(scope: str):
    """Decorator: at most ``PUBLIC_RATE_LIMIT`` (requests, seconds) per address and scope;
    the next request gets 429 with ``Retry-After``."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            count, seconds = getattr(settings, "PUBLIC_RATE_LIMIT", (60, 60))
            key = f"rl:{scope}:{client_address(request)}"
            cache.add(key, 0, timeout=seconds)
            try:
                used = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=seconds)
                used = 1
            if used > count:
                response = HttpResponse(
                    _("Too many requests from your address. Please wait a minute and try again."),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
