"""Opaque random keys and signed tokens for links that reach people without an account."""

import secrets

from django.core import signing


def random_key(nbytes: int = 24) -> str:
    """A URL-safe random string (e.g. the secret part of a rater's link)."""
    return secrets.token_urlsafe(nbytes)


def sign(value: str, *, salt: str) -> str:
    return signing.Signer(salt=salt).sign(value)


def unsign(token: str, *, salt: str) -> str | None:
    """The signed value, or None when the token was altered."""
    try:
        return signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
