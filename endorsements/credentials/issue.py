"""The credential of an endorsement (an ``OpenBadgeCredential``), the issuer's public profile,
the Bitstring Status Lists, and the check of a credential someone pasted or uploaded."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from ..enums import EndorsementStatus
from ..models import Association, Category, CredentialStatusEntry, Endorsement
from . import keys, proof
from .loader import CREDENTIALS_V2, MULTIKEY_V1, OB_V3

#: Bits in each status list: the minimum the specification sets, so that one list hides which
#: of many credentials a verifier asks about.
LIST_LENGTH = 131_072
PURPOSES = ("revocation", "suspension")
#: Standings that suspend a credential (it may come back); revocation is for good.
SUSPENDED = frozenset(
    {
        EndorsementStatus.EXPIRED,
        EndorsementStatus.LAPSED,
        EndorsementStatus.ARCHIVED,
        EndorsementStatus.INACTIVE,
    }
)
#: The controller document names its assertion keys with this term.
_ASSERTION_CONTEXT = {
    "assertionMethod": {
        "@id": "https://w3id.org/security#assertionMethod",
        "@type": "@id",
        "@container": "@set",
    }
}


def issuer_url(association: Association) -> str:
    return settings.SITE_URL + reverse("public:issuer", kwargs={"code": association.code})


def key_id(association: Association) -> str:
    return issuer_url(association) + "#key-1"


def status_list_url(association: Association, purpose: str) -> str:
    return settings.SITE_URL + reverse(
        "public:status_list", kwargs={"code": association.code, "purpose": purpose}
    )


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day_start(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _day_end(day: dt.date) -> str:
    return f"{day.isoformat()}T23:59:59Z"


def issuer_profile(association: Association) -> dict:
    """The association's public profile with its public key (a controller document)."""
    url = issuer_url(association)
    profile = {
        "@context": [CREDENTIALS_V2, OB_V3, MULTIKEY_V1, _ASSERTION_CONTEXT],
        "id": url,
        "type": "Profile",
        "name": association.name,
    }
    if association.website:
        profile["url"] = association.website
    if association.contact_email:
        profile["email"] = association.contact_email
    if association.public_key_multibase:
        profile["assertionMethod"] = [verification_method(association)]
    return profile


def verification_method(association: Association) -> dict:
    return {
        "@context": MULTIKEY_V1,
        "id": key_id(association),
        "type": "Multikey",
        "controller": issuer_url(association),
        "publicKeyMultibase": association.public_key_multibase,
    }


@transaction.atomic
def status_entry(endorsement: Endorsement) -> CredentialStatusEntry:
    """The endorsement's place in its association's status lists (made on first use)."""
    association = Association.objects.select_for_update().get(pk=endorsement.association_id)
    entry = CredentialStatusEntry.objects.filter(
        association=association, endorsement=endorsement
    ).first()
    if entry is None:
        last = CredentialStatusEntry.objects.filter(association=association).aggregate(
            m=Max("index")
        )["m"]
        entry = CredentialStatusEntry.objects.create(
            association=association, endorsement=endorsement, index=(last or 0) + 1
        )
    return entry


def _holder_identity(endorsement: Endorsement) -> list[dict]:
    salt = hashlib.sha256(f"{endorsement.uuid}:salt".encode()).hexdigest()[:16]
    email_hash = hashlib.sha256((endorsement.user.email.lower() + salt).encode()).hexdigest()
    return [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": endorsement.user.get_full_name(),
        },
        {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "salt": salt,
            "identityHash": f"sha256${email_hash}",
        },
    ]


def build_credential(endorsement: Endorsement) -> dict:
    """The unsigned ``OpenBadgeCredential`` of ``endorsement``."""
    association = endorsement.association
    category = Category.objects.filter(code=endorsement.category_code).first()
    category_name = category.name if category else endorsement.category_code
    entry = status_entry(endorsement)
    return {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": f"urn:uuid:{endorsement.uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{category_name} ({endorsement.category_code})",
        "description": (
            "Endorsement for Culturally Sensitive, Relationship-Focused Practice Promoting "
            f"Infant and Early Childhood Mental Health, number {endorsement.number}."
        ),
        "issuer": {"id": issuer_url(association), "type": ["Profile"], "name": association.name},
        "validFrom": _day_start(endorsement.granted_on),
        "validUntil": _day_end(endorsement.renews_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _holder_identity(endorsement),
            "licenseNumber": endorsement.number,
            "achievement": {
                "id": settings.SITE_URL
                + reverse("public:issuer", kwargs={"code": association.code})
                + f"achievements/{endorsement.category_code}",
                "type": ["Achievement"],
                "achievementType": "License",
                "name": category_name,
                "humanCode": endorsement.category_code,
                "description": category.description
                if category and category.description
                else (f"The {endorsement.category_code} endorsement category."),
                "criteria": {
                    "narrative": (
                        "Education, paid work, specialised in-service training, reflective "
                        "supervision/consultation and reference ratings reviewed against the "
                        "Competency Guidelines; renewed every year."
                    )
                },
            },
        },
        "credentialStatus": [
            {
                "id": f"{status_list_url(association, purpose)}#{entry.index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(entry.index),
                "statusListCredential": status_list_url(association, purpose),
            }
            for purpose in PURPOSES
        ],
    }


def signed_credential(endorsement: Endorsement, *, now: dt.datetime | None = None) -> dict:
    """The credential with its proof, signed with the association's key (``KeyMissing`` when
    the association has none)."""
    association = endorsement.association
    return proof.sign(
        build_credential(endorsement),
        keys.private_key(association.code),
        verification_method=key_id(association),
        created=now or timezone.now(),
    )


def _bits(association: Association, purpose: str) -> set[int]:
    entries = CredentialStatusEntry.objects.filter(association=association)
    if purpose == "revocation":
        from django.db.models import Q

        entries = entries.filter(
            Q(endorsement__status=EndorsementStatus.REVOKED)
            | ~Q(endorsement__association=association)
        )
    else:
        entries = entries.filter(
            endorsement__status__in=SUSPENDED, endorsement__association=association
        )
    return set(entries.values_list("index", flat=True))


def encode_list(indexes: set[int], length: int = LIST_LENGTH) -> str:
    """GZIP-compressed bitstring, multibase base64url (no padding); index 0 is the most
    significant bit of the first byte."""
    data = bytearray(length // 8)
    for index in indexes:
        data[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(data), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("The status list is not multibase base64url.")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit_is_set(data: bytes, index: int) -> bool:
    return bool(data[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(association: Association, purpose: str) -> dict:
    """The signed ``BitstringStatusListCredential`` of ``association`` for ``purpose``."""
    url = status_list_url(association, purpose)
    now = timezone.now()
    document = {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(association),
        "validFrom": _stamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_list(_bits(association, purpose)),
        },
    }
    return proof.sign(
        document,
        keys.private_key(association.code),
        verification_method=key_id(association),
        created=now,
    )


# --- Checking a credential someone brings -----------------------------------------------------


def _association_for_issuer(issuer) -> Association | None:
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str):
        return None
    for association in Association.objects.exclude(public_key_multibase=""):
        if issuer_url(association) == issuer_id:
            return association
    return None


def _parse_time(value) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _status(association: Association, entries) -> dict[str, bool | None]:
    """purpose -> set? for each of the credential's status entries on our lists."""
    found: dict[str, bool | None] = {}
    if isinstance(entries, dict):
        entries = [entries]
    for entry in entries if isinstance(entries, list) else []:
        purpose = entry.get("statusPurpose") if isinstance(entry, dict) else None
        if purpose not in PURPOSES:
            continue
        if entry.get("statusListCredential") != status_list_url(association, purpose):
            found[purpose] = None
            continue
        try:
            index = int(entry.get("statusListIndex"))
        except (TypeError, ValueError):
            found[purpose] = None
            continue
        found[purpose] = index in _bits(association, purpose)
    return found


def check_credential(text: str, *, now: dt.datetime | None = None) -> dict:
    """What a verifier learns from a pasted or uploaded credential: whether it is readable,
    who issued it, whether its proof holds, whether today is within its dates, and its
    revocation and suspension status on our lists. ``ok`` is True only if all hold."""
    now = now or timezone.now()
    result: dict = {"ok": False, "errors": [], "status": {}}
    try:
        document = json.loads(text)
    except (ValueError, TypeError):
        result["errors"].append("not_json")
        return result
    if not isinstance(document, dict):
        result["errors"].append("not_json")
        return result
    association = _association_for_issuer(document.get("issuer"))
    if association is None:
        result["errors"].append("unknown_issuer")
        return result
    result["issuer"] = association.name
    subject = document.get("credentialSubject") or {}
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if isinstance(achievement, dict):
        result["achievement"] = achievement.get("name", "")
        result["category"] = achievement.get("humanCode", "")
    if isinstance(subject, dict):
        result["number"] = subject.get("licenseNumber", "")
    given = document.get("proof") if isinstance(document.get("proof"), dict) else {}
    try:
        if given.get("verificationMethod") != key_id(association):
            raise proof.ProofError("The proof was not made with the issuer's key.")
        proof.check(document, keys.public_key_from_multibase(association.public_key_multibase))
        result["proof"] = True
    except proof.ProofError as exc:
        result["proof"] = False
        result["proof_error"] = str(exc)
        result["errors"].append("proof")
    valid_from = _parse_time(document.get("validFrom"))
    valid_until = _parse_time(document.get("validUntil"))
    result["valid_from"] = valid_from.date().isoformat() if valid_from else ""
    result["valid_until"] = valid_until.date().isoformat() if valid_until else ""
    if (valid_from and now < valid_from) or (valid_until and now > valid_until):
        result["errors"].append("dates")
    result["status"] = _status(association, document.get("credentialStatus"))
    if result["status"].get("revocation"):
        result["errors"].append("revoked")
    if result["status"].get("suspension"):
        result["errors"].append("suspended")
    if "revocation" not in result["status"]:
        result["errors"].append("no_status")
    result["ok"] = not result["errors"]
    return result
