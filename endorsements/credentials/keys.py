"""Ed25519 keys of the associations, as Multikey values.

The public key is kept on the association (``public_key_multibase``). The private key never
enters the database: it is read from the environment variable
``ISSUER_KEY_<CODE>`` (the association code in upper case, dashes as underscores) or from the
file ``<ISSUER_KEYS_DIR>/<code>.key``; both hold the Multikey ``secretKeyMultibase``
("z3u2..."). ``manage.py generate_issuer_key <code>`` makes a key pair.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_PUBLIC_HEADER = b"\xed\x01"  # multicodec ed25519-pub
_SECRET_HEADER = b"\x80\x26"  # multicodec ed25519-priv


class KeyMissing(RuntimeError):
    pass


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _ALPHABET[rest] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _ALPHABET.index(char)
    pad = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * pad + body


def public_multibase(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + b58encode(_PUBLIC_HEADER + raw)


def secret_multibase(private: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return "z" + b58encode(_SECRET_HEADER + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("Only base58btc multibase keys are accepted.")
    data = b58decode(value[1:])
    if data[:2] != _PUBLIC_HEADER or len(data) != 34:
        raise ValueError("Not an Ed25519 public key.")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    value = value.strip()
    if not value.startswith("z"):
        raise ValueError("Only base58btc multibase keys are accepted.")
    data = b58decode(value[1:])
    if data[:2] != _SECRET_HEADER or len(data) != 34:
        raise ValueError("Not an Ed25519 secret key.")
    return Ed25519PrivateKey.from_private_bytes(data[2:])


def env_name(code: str) -> str:
    return "ISSUER_KEY_" + code.upper().replace("-", "_")


def keys_dir() -> Path:
    configured = os.environ.get("ISSUER_KEYS_DIR") or getattr(settings, "ISSUER_KEYS_DIR", "")
    return Path(configured or Path(settings.BASE_DIR) / "var" / "issuer-keys")


def key_file(code: str) -> Path:
    return keys_dir() / f"{code.lower()}.key"


def private_key(code: str) -> Ed25519PrivateKey:
    """The association's signing key, from the environment or its key file."""
    value = os.environ.get(env_name(code), "")
    if not value:
        path = key_file(code)
        if not path.exists():
            raise KeyMissing(
                f"No signing key for {code}: set {env_name(code)} or create {path} "
                f"(manage.py generate_issuer_key {code})."
            )
        value = path.read_text(encoding="utf-8")
    return private_key_from_multibase(value)


def generate() -> tuple[str, str]:
    """A new key pair as (secretKeyMultibase, publicKeyMultibase)."""
    private = Ed25519PrivateKey.generate()
    return secret_multibase(private), public_multibase(private.public_key())
