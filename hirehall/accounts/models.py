from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hirehall.accounts.locale import validate_language, validate_timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One account, email login; it may act as a client, a freelancer or both (DESIGN §1)."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    is_client = models.BooleanField(default=False)
    is_freelancer = models.BooleanField(default=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Pages and emails for this user are in this language and show times in this timezone; the
    # database keeps every time in UTC. Validated against settings.LANGUAGES / the zoneinfo database
    # (no `choices`, so adding a language needs no migration).
    language = models.CharField(_("language"), max_length=8, default="en", validators=[validate_language])
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC", validators=[validate_timezone])

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    @property
    def roles(self) -> list[str]:
        return [role for role, on in (("client", self.is_client), ("freelancer", self.is_freelancer)) if on]


class ApiToken(models.Model):
    """A personal access token. Only its sha256 is stored; the secret is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, help_text="first characters, to recognise the token")
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, method: str) -> bool:
        return method in {"GET", "HEAD", "OPTIONS"} or self.scope == self.Scope.WRITE
