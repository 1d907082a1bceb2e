"""The Open Badges credential: signed by us, checked by Digital Bazaar's JavaScript Data
Integrity libraries (tests/js, run by node) as well as by the portal's own check."""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from endorsements.credentials import issue
from endorsements.services import revoke, transition
from tests.conftest import skip_or_fail
from tests.endorsements.records import endorsement, make_signing_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing_keys(tmp_path, monkeypatch, association, other_association):
    return make_signing_keys(tmp_path / "keys", monkeypatch, association, other_association)


JS = Path(__file__).resolve().parents[1] / "js"


@pytest.fixture(scope="session")
def node_verifier():
    """tests/js with its npm packages installed (once; `npm ci` from the lock file)."""
    if not shutil.which("node") or not shutil.which("npm"):
        skip_or_fail("node and npm are needed to verify credentials with the JS libraries")
    if not (JS / "node_modules" / "@digitalbazaar" / "eddsa-rdfc-2022-cryptosuite").exists():
        done = subprocess.run(
            ["npm", "ci", "--prefix", str(JS), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            skip_or_fail(f"npm ci failed: {done.stderr[-500:]}")
    return JS / "verify.mjs"


def js_verify(script, tmp_path, credential: dict, documents: dict) -> dict:
    path = tmp_path / "input.json"
    path.write_text(json.dumps({"credential": credential, "documents": documents}))
    done = subprocess.run(
        ["node", str(script), str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def published(client, association) -> dict:
    """What a verifier fetches from the portal: the issuer profile and its key."""
    profile = client.get(reverse("public:issuer", kwargs={"code": association.code})).json()
    key = client.get(reverse("public:issuer_key", kwargs={"code": association.code})).json()
    return {profile["id"]: profile, issue.key_id(association): key}


def download(client, held) -> dict:
    client.force_login(held.user)
    response = client.get(reverse("endorsements:credential", kwargs={"uuid": held.uuid}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="credential-{held.number}.json"'
    )
    return json.loads(response.content)


def test_credential_is_an_open_badge_of_the_endorsement(client, association, signing_keys):
    held = endorsement(association)

    credential = download(client, held)

    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == issue.issuer_url(association)
    assert credential["validFrom"] == "2026-05-04T00:00:00Z"
    assert credential["validUntil"] == "2026-12-31T23:59:59Z"
    subject = credential["credentialSubject"]
    assert subject["licenseNumber"] == "WI-IFS-000123"
    assert subject["achievement"]["humanCode"] == "IFS"
    assert subject["achievement"]["name"] == "Infant Family Specialist"
    assert subject["identifier"][0]["identityHash"] == "Jane Marie Doe"
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["proof"]["verificationMethod"] == issue.issuer_url(association) + "#key-1"
    assert [s["statusPurpose"] for s in credential["credentialStatus"]] == [
        "revocation",
        "suspension",
    ]


def test_issuer_profile_publishes_the_public_key(client, association, signing_keys):
    response = client.get(f"/issuers/{association.code}/")

    profile = response.json()
    assert response["Content-Type"] == "application/ld+json"
    assert profile["name"] == "Wisconsin Alliance for Infant Mental Health"
    [method] = profile["assertionMethod"]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"] == association.public_key_multibase
    assert method["publicKeyMultibase"].startswith("z6Mk")
    secret = (signing_keys / f"{association.code.lower()}.key").read_text()
    assert association.public_key_multibase not in secret
    assert "z3u2" in secret
    assert (signing_keys / f"{association.code.lower()}.key").stat().st_mode & 0o077 == 0


def test_credential_verifies_with_the_javascript_libraries(
    client, association, signing_keys, node_verifier, tmp_path
):
    held = endorsement(association)
    credential = download(client, held)

    result = js_verify(node_verifier, tmp_path, credential, published(client, association))

    assert result == {"verified": True, "errors": []}


def test_changed_credential_fails_with_the_javascript_libraries(
    client, association, signing_keys, node_verifier, tmp_path
):
    held = endorsement(association)
    credential = download(client, held)
    tampered = copy.deepcopy(credential)
    tampered["validUntil"] = "2030-12-31T23:59:59Z"

    result = js_verify(node_verifier, tmp_path, tampered, published(client, association))

    assert result["verified"] is False
    assert result["errors"] == ["Invalid signature."]


def test_status_list_credential_verifies_with_the_javascript_libraries(
    client, association, signing_keys, node_verifier, tmp_path
):
    endorsement(association)
    status = client.get(f"/issuers/{association.code}/status/revocation/").json()

    result = js_verify(node_verifier, tmp_path, status, published(client, association))

    assert result == {"verified": True, "errors": []}
    assert status["credentialSubject"]["statusPurpose"] == "revocation"


def bit(client, association, purpose: str, index: int) -> bool:
    status = client.get(f"/issuers/{association.code}/status/{purpose}/").json()
    data = issue.decode_list(status["credentialSubject"]["encodedList"])
    assert len(data) * 8 == 131_072
    return issue.bit_is_set(data, index)


def test_revocation_flips_the_status_bit(client, association, coordinator, signing_keys):
    held = endorsement(association)
    credential = download(client, held)
    index = int(credential["credentialStatus"][0]["statusListIndex"])
    assert bit(client, association, "revocation", index) is False

    revoke(held, actor=coordinator, reason="Ethics committee decision of 2 June 2026.")

    assert bit(client, association, "revocation", index) is True
    assert bit(client, association, "suspension", index) is False


def test_lapse_sets_the_suspension_bit_and_renewal_clears_it(
    client, association, coordinator, signing_keys
):
    held = endorsement(association)
    index = int(download(client, held)["credentialStatus"][1]["statusListIndex"])

    transition(held, "lapsed", actor=coordinator)
    lapsed = bit(client, association, "suspension", index)
    transition(held, "current", actor=coordinator)

    assert (lapsed, bit(client, association, "suspension", index)) == (True, False)


def test_verification_page_reports_a_good_credential(client, association, signing_keys):
    held = endorsement(association)
    credential = download(client, held)
    client.logout()

    response = client.post(
        reverse("public:verify_credential"), {"credential": json.dumps(credential)}
    )

    html = response.content.decode()
    assert "The credential is genuine and current." in html
    assert 'data-proof="valid"' in html
    assert "WI-IFS-000123" in html


def test_verification_page_reports_a_changed_credential(client, association, signing_keys):
    held = endorsement(association)
    credential = download(client, held)
    credential["credentialSubject"]["achievement"]["humanCode"] = "IMHM-C"

    result = issue.check_credential(json.dumps(credential))

    assert result["ok"] is False
    assert result["proof"] is False
    assert result["errors"] == ["proof"]


def test_verification_page_reports_a_revoked_credential_from_an_uploaded_file(
    client, association, coordinator, signing_keys
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    held = endorsement(association)
    credential = download(client, held)
    revoke(held, actor=coordinator, reason="Ethics committee decision of 2 June 2026.")
    upload = SimpleUploadedFile("credential.json", json.dumps(credential).encode())

    response = client.post(reverse("public:verify_credential"), {"file": upload, "format": "json"})

    result = response.json()
    assert result["proof"] is True
    assert result["status"] == {"revocation": True, "suspension": False}
    assert result["errors"] == ["revoked"]


def test_credential_download_is_for_the_holder_only(client, association, signing_keys):
    from tests.factories.accounts import UserFactory

    held = endorsement(association)
    client.force_login(UserFactory())

    response = client.get(reverse("endorsements:credential", kwargs={"uuid": held.uuid}))

    assert response.status_code == 404
