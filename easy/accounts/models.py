import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import STAFF_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: applicants, endorsees and association staff alike.

    Reference raters are not users: they reach their form through a signed link.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address_line1 = models.CharField(_("address"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address, line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("state or region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default="United States")
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("May open the Django admin site (site operators only)."),
    )
    # The language the person reads the portal and their emails in; blank until they choose
    # (then the site's default applies).
    language = models.CharField(
        _("language"), max_length=10, blank=True, default="", choices=settings.LANGUAGES
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]
        # Lists sorted by name (the review queue by applicant) read the first rows in order.
        indexes = [models.Index(fields=["full_name", "email"], name="accounts_user_name_idx")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name or self.email

    @property
    def email_language(self) -> str:
        """The language of this person's emails: the one they chose, else the site's."""
        return self.language or settings.LANGUAGE_CODE

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def mailing_address(self) -> str:
        parts = [
            self.address_line1,
            self.address_line2,
            " ".join(p for p in [self.city, self.region, self.postal_code] if p),
            self.country,
        ]
        return "\n".join(p for p in parts if p)

    def roles_in(self, association) -> set[str]:
        return {
            ra.role for ra in self.role_assignments.all() if ra.association_id == association.pk
        }

    @property
    def has_staff_role(self) -> bool:
        return self.is_superuser or any(
            ra.role in STAFF_ROLES for ra in self.role_assignments.all()
        )


class RoleAssignment(models.Model):
    """A person's role at one association (the tenant). Staff see only their association's data."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    association = models.ForeignKey(
        "endorsements.Association", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "association", "role"], name="unique_role"),
        ]
        indexes = [models.Index(fields=["association", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.association}"
