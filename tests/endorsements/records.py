"""Helpers for the tests of granted records: an endorsement made without an application (the
way an import makes one), and an association signing key in a temporary folder."""

import datetime as dt

from django.core.management import call_command

from easy.accounts.enums import Role
from endorsements.models import Category
from endorsements.services import record_existing_endorsement
from tests.factories.accounts import UserFactory, with_role


def category(code: str = "IFS", name: str = "Infant Family Specialist", family="infant"):
    return Category.objects.get_or_create(
        code=code, defaults={"name": name, "family": family, "scope": "prevention", "level": 2}
    )[0]


def endorsement(
    association,
    *,
    name: str = "Jane Marie Doe",
    email: str = "jane@example.org",
    code: str = "IFS",
    number: str = "WI-IFS-000123",
    granted_on=dt.date(2026, 5, 4),
    renews_on=dt.date(2026, 12, 31),
    actor=None,
):
    category(code) if code == "IFS" else None
    user = with_role(UserFactory(full_name=name, email=email), association, Role.APPLICANT)
    return record_existing_endorsement(
        association,
        user=user,
        category_code=code,
        number=number,
        granted_on=granted_on,
        renews_on=renews_on,
        actor=actor,
    )


def make_signing_keys(folder, monkeypatch, *associations):
    """Each association gets a key pair; the secrets live in ``folder`` (a test's tmp_path)."""
    monkeypatch.setenv("ISSUER_KEYS_DIR", str(folder))
    for association in associations:
        call_command("generate_issuer_key", association.code, verbosity=0)
        association.refresh_from_db()
    return folder
