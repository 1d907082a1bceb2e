"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite: RDF Dataset
Canonicalization (RDFC-1.0, by pyld), SHA-256, Ed25519.

hashData = SHA-256(canonical proof options) + SHA-256(canonical document); the signature over
it is the proof value (multibase base58btc).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from .keys import b58decode, b58encode
from .loader import document_loader

CRYPTOSUITE = "eddsa-rdfc-2022"


def canonical(document: dict) -> str:
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
            "base": None,
        },
    )


def _hash_data(document: dict, options: dict) -> bytes:
    options = {"@context": document["@context"], **options}
    options.pop("proofValue", None)
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    return (
        hashlib.sha256(canonical(options).encode()).digest()
        + hashlib.sha256(canonical(unsigned).encode()).digest()
    )


def sign(
    document: dict,
    key: Ed25519PrivateKey,
    *,
    verification_method: str,
    created: dt.datetime,
    purpose: str = "assertionMethod",
) -> dict:
    """A copy of ``document`` with a DataIntegrityProof."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": purpose,
    }
    signature = key.sign(_hash_data(document, options))
    signed = copy.deepcopy(document)
    signed["proof"] = {**options, "proofValue": "z" + b58encode(signature)}
    return signed


class ProofError(ValueError):
    pass


def check(document: dict, public_key: Ed25519PublicKey) -> dict:
    """Verify the one proof of ``document`` with ``public_key``; returns the proof. Raises
    ``ProofError`` saying what is wrong."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("The credential has no single proof.")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"Only DataIntegrityProof with {CRYPTOSUITE} is accepted here.")
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("The proof value is not multibase base58btc.")
    try:
        signature = b58decode(value[1:])
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        public_key.verify(signature, _hash_data(document, options))
    except InvalidSignature:
        raise ProofError("The signature does not match the credential.") from None
    except (ValueError, KeyError, TypeError, jsonld.JsonLdError) as exc:
        raise ProofError(f"The credential cannot be read: {exc}") from None
    return proof
