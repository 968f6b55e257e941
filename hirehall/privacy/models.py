"""Data exports (a ZIP built in the background) and the record that an account was deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class DataExport(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    path = models.CharField(max_length=255, blank=True, help_text="storage path of the ZIP (server-chosen)")
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.status})"


class AccountDeletion(models.Model):
    """Kept after the personal data is gone: when, and what was retained for financial law."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deletion")
    deleted_at = models.DateTimeField()
    name_retained = models.BooleanField(help_text="the legal name stays on receipts and invoices")
    retain_until = models.DateField(help_text="financial records are kept until then")

    def __str__(self) -> str:
        return f"deletion of user {self.user_id}"
