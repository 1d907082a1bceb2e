import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from easy.accounts.enums import Role
from easy.accounts.models import RoleAssignment, User
from endorsements.models import Association

PASSWORD = "correct-horse-battery"


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST-{n}")
    name = factory.LazyAttribute(lambda o: f"Association {o.code}")
    state = "Testland"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified primary email address and the password ``PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def with_role(user: User, association: Association, role: str = Role.COORDINATOR) -> User:
    RoleAssignment.objects.get_or_create(user=user, association=association, role=role)
    return user


def with_totp(user: User) -> str:
    """Give the user an authenticator app; returns its secret (to compute codes in tests)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def staff(
    association: Association, role: str = Role.COORDINATOR, *, mfa: bool = True, **fields
) -> User:
    """A staff member of ``association`` who (by default) has set up a second factor."""
    user = with_role(UserFactory(**fields), association, role)
    if mfa:
        with_totp(user)
    return user


def totp_code(secret: str) -> str:
    """The authenticator app's current code for ``secret``."""
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
