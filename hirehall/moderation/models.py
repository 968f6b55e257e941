"""Trust and safety rows: flags, strikes, restrictions, reports, appeals and the staff audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FlagSource(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    JOB = "job", _("Job post")
    MESSAGE = "message", _("Message")
    PROFILE = "profile", _("Profile")


class FlagStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("flag status", "Open")
    DISMISSED = "dismissed", _("Dismissed")
    ACTIONED = "actioned", _("Actioned")


class Flag(models.Model):
    """A sent item the off-platform detector flagged: one per item and text (an edit to the same text
    does not flag twice)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=12, choices=FlagSource.choices)
    object_id = models.PositiveBigIntegerField()
    digest = models.CharField(max_length=64)
    excerpt = models.TextField(max_length=2000)
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=12, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    created_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["source", "object_id", "digest"], name="moderation_flag_once")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id}"


class Strike(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    flag = models.OneToOneField(Flag, null=True, blank=True, on_delete=models.SET_NULL, related_name="strike")
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    voided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"strike {self.pk} on {self.user_id}"


FEATURE_LABELS = {
    "proposals": _("send proposals"),
    "jobs": _("post jobs"),
    "messages": _("send messages"),
    "reports": _("send reports"),
}


class RestrictionKind(models.TextChoices):
    RESTRICT = "restrict", _("Restricted")
    SUSPEND = "suspend", _("Suspended")


class Restriction(models.Model):
    """What a user may not do, why, until when (or until staff review it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=RestrictionKind.choices, default=RestrictionKind.RESTRICT)
    features = models.JSONField(default=list)
    reason = models.CharField(max_length=500)
    pending_review = models.BooleanField(default=False)
    until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id}"

    @property
    def feature_labels(self) -> list[str]:
        """What the user cannot do, in words ("send proposals")."""
        return [FEATURE_LABELS.get(f, f) for f in self.features]


class ReportTarget(models.TextChoices):
    USER = "user", _("User")
    JOB = "job", _("Job")
    PROPOSAL = "proposal", _("Proposal")
    MESSAGE = "message", _("Message")


class ReportReason(models.TextChoices):
    OFF_PLATFORM = "off_platform", _("Asked to pay or talk outside Hirehall")
    SCAM = "scam", _("Scam or fraud")
    SPAM = "spam", _("Spam")
    GHOST_JOB = "ghost_job", _("Fake or ghost job")
    HARASSMENT = "harassment", _("Harassment")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("report status", "Open")
    ACTIONED = "actioned", _("Action taken")
    DISMISSED = "dismissed", _("No action needed")


class Report(models.Model):
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target_type = models.CharField(max_length=10, choices=ReportTarget.choices)
    target_id = models.PositiveBigIntegerField()
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    details = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    outcome = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=models.Q(status="open"),
                name="moderation_report_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"report {self.target_type}:{self.target_id}"


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for staff")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")


class Appeal(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    restriction = models.ForeignKey(
        Restriction, null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    strike = models.ForeignKey(
        Strike, null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    text = models.TextField(max_length=3000)
    status = models.CharField(max_length=12, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    answer = models.CharField(max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(restriction__isnull=False) | models.Q(strike__isnull=False),
                name="moderation_appeal_has_subject",
            ),
            models.UniqueConstraint(
                fields=["restriction"], condition=models.Q(status="open"), name="moderation_appeal_one_open_r"
            ),
            models.UniqueConstraint(
                fields=["strike"], condition=models.Q(status="open"), name="moderation_appeal_one_open_s"
            ),
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk}"


class AppendOnlyError(Exception):
    """The audit log is append-only: rows are never changed or deleted."""


class StaffActionQuerySet(models.QuerySet["StaffAction"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the staff audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the staff audit log is append-only")


# What the audit log's `action` codes mean, in words for the staff pages (the API returns the codes).
ACTION_LABELS = {
    "warn": _("Warning"),
    "restrict": _("Restriction"),
    "suspend": _("Suspension"),
    "reinstate": _("Reinstatement"),
    "remove_job": _("Job post removed"),
    "hide_message": _("Message hidden"),
    "dismiss_flag": _("Flag dismissed"),
    "resolve_report": _("Report closed"),
    "answer_appeal": _("Appeal answered"),
    "adjustment_request": _("Adjustment requested"),
    "adjustment_approve": _("Adjustment approved"),
    "adjustment_refuse": _("Adjustment refused"),
    "adjustment_apply": _("Adjustment applied"),
    "identity_approve": _("Identity approved"),
    "identity_refuse": _("Identity refused"),
}


class StaffAction(models.Model):
    """Append-only audit log of every staff action: who, what, why, before and after."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_ref = models.CharField(max_length=80)
    reason = models.CharField(max_length=1000)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    objects: ClassVar[StaffActionQuerySet] = StaffActionQuerySet.as_manager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return f"{self.action} {self.target_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("update_fields"):
            raise AppendOnlyError("the staff audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the staff audit log is append-only")

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


# Registered with this app; kept in their own module (ledger adjustments, identity queue).
from hirehall.moderation.casework_models import (  # noqa: E402, F401
    AdjustmentAccount,
    AdjustmentDirection,
    AdjustmentStatus,
    IdentityStatus,
    IdentitySubmission,
    LedgerAdjustment,
)
