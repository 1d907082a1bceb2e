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


def endorsee_sheet(rows: int = 100, bad: int = 0, *, start: int = 1) -> tuple[str, list[dict]]:
    """A CSV export of an association's endorsees as another system would give it: ``rows``
    rows of which the last ``bad`` are broken (a third bad dates, a third unknown categories,
    a third numbers repeated from good rows). Returns the text and what each bad row is."""
    lines = ["Email,First name,Surname,Endorsement,Number,Date endorsed,Renewal date,City,State"]
    problems = []
    good = rows - bad
    for i in range(good):
        n = start + i
        lines.append(
            f"person{n}@example.org,Pat,Holder{n},IFS,WI-IFS-{n:06d},"
            f"{2015 + i % 10}-0{1 + i % 9}-1{i % 10},12/31/2026,Madison,Wisconsin"
        )
    for j in range(bad):
        n = start + good + j
        kind = ("date", "category", "duplicate")[j % 3]
        date, category, number = "2016-03-15", "IFS", f"WI-IFS-{n:06d}"
        if kind == "date":
            date = "31/31/2016"
        elif kind == "category":
            category = "XYZ"
        else:
            number = f"WI-IFS-{start + j:06d}"
        lines.append(
            f"bad{n}@example.org,Bad,Row{n},{category},{number},{date},12/31/2026,Madison,Wisconsin"
        )
        problems.append({"row": good + j + 2, "kind": kind})
    return "\n".join(lines) + "\n", problems
