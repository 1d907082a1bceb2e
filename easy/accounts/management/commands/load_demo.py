"""Demo data for `make run`: one person per role at each association, and whatever each app adds.

Each app may provide ``<app>/demo.py`` with ``load(ctx: DemoContext) -> None``; they run in the
order of INSTALLED_APPS. Running the command again changes nothing that exists.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand
from django.db import transaction

from easy.accounts.enums import Role
from easy.accounts.models import RoleAssignment, User
from easy.accounts.tenancy import association_model

if TYPE_CHECKING:
    from endorsements.models import Association

DEMO_PASSWORD = "demo-password-2026"
#: A fixed TOTP secret for the demo staff accounts, so anyone trying the demo can add it to an
#: authenticator app. Never used outside `make run`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

DEMO_PEOPLE = [
    ("applicant@demo.test", "Avery Applicant", Role.APPLICANT),
    ("coordinator@demo.test", "Casey Coordinator", Role.COORDINATOR),
    ("reviewer@demo.test", "Riley Reviewer", Role.REVIEWER),
    ("reviewer2@demo.test", "Robin Reviewer", Role.REVIEWER),
    ("advisor@demo.test", "Alex Advisor", Role.ADVISOR),
    ("grader@demo.test", "Gale Grader", Role.EXAM_GRADER),
    ("admin@demo.test", "Morgan Administrator", Role.ASSOCIATION_ADMIN),
]


@dataclass
class DemoContext:
    association: Association
    users: dict[str, User] = field(default_factory=dict)
    password: str = DEMO_PASSWORD
    stdout: object = None


def ensure_user(
    email: str, full_name: str, *, password: str = DEMO_PASSWORD, staff_mfa: bool = False
) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if (
        staff_mfa
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


class Command(BaseCommand):
    help = "Create demo people and data (idempotent) and print how to sign in."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--association", default="WI-AIMH")

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        association = association_model().objects.get(code=options["association"])
        ctx = DemoContext(association=association, stdout=self.stdout)
        for email, name, role in DEMO_PEOPLE:
            user = ensure_user(email, name, staff_mfa=role != Role.APPLICANT)
            if role != Role.APPLICANT:
                RoleAssignment.objects.get_or_create(user=user, association=association, role=role)
            ctx.users[role if role not in ctx.users else email] = user
            ctx.users[email] = user
        if not User.objects.filter(email="superuser@demo.test").exists():
            User.objects.create_superuser(
                "superuser@demo.test", DEMO_PASSWORD, full_name="Sam Superuser"
            )
        ensure_user("superuser@demo.test", "Sam Superuser", staff_mfa=True)
        for app_config in apps.get_app_configs():
            if not app_config.name.startswith(("easy.", *self.project_apps())):
                continue
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            module.load(ctx)
        self.print_sign_ins(association)

    @staticmethod
    def project_apps() -> tuple[str, ...]:
        return (
            "endorsements",
            "applications",
            "references",
            "payments",
            "reviews",
            "exams",
            "renewals",
        )

    def print_sign_ins(self, association: Association) -> None:
        w = self.stdout.write
        w("")
        w(
            f"Demo data for {association.name} ({association.code}). Sign in at {settings.SITE_URL}/accounts/login/"
        )
        w(f"Every demo account uses the password: {DEMO_PASSWORD}")
        for email, _name, role in DEMO_PEOPLE:
            w(f"  {role.label:<32} {email}")
        w(f"  {'Site superuser':<32} superuser@demo.test")
        w("Staff accounts ask for a second factor: with `make run` the code 123456 works, or add")
        w(f"this key to an authenticator app (manual entry, time-based): {DEMO_TOTP_SECRET}")
        w("")
