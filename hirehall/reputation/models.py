"""Feedback (double-blind, per window), the Job Success Score snapshot, weekly badge evaluations.

Fields and constraints only; every rule lives in `rules.py` (pure) and `services.py` (writes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """Who wrote a feedback: the client (about the freelancer) or the freelancer (about the client)."""

    CLIENT = "client", _("Client")
    FREELANCER = "freelancer", _("Freelancer")


class FeedbackWindow(models.Model):
    """One round of feedback on a contract: period 0 when it ends, period n every 90 days while it
    runs (DESIGN §9). Nothing in it is visible until `revealed_at` (both sides left theirs, or the
    window closed)."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField(help_text="0: the end of the contract; n: n × 90 days in")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(help_text="00:00 UTC, 14 days after the day it opened")
    reply_until = models.DateTimeField(help_text="00:00 UTC, 28 days after the day it opened")
    revealed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="closing reminder sent")

    class Meta:
        ordering = ["contract_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "period"], name="reputation_window_once"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="reputation_window_order"
            ),
        ]
        indexes = [models.Index(fields=["revealed_at", "closes_at"], name="reputation_window_due")]

    def __str__(self) -> str:
        return f"contract {self.contract_id} period {self.period}"


class Feedback(models.Model):
    window = models.ForeignKey(FeedbackWindow, on_delete=models.CASCADE, related_name="feedbacks")
    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices, help_text="the author's side")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="the rated side"
    )
    scores = models.JSONField(help_text="{category: 1–5}")
    score = models.DecimalField(max_digits=3, decimal_places=2, help_text="average of the scores")
    comment = models.TextField(max_length=2000, blank=True)
    # Private: never shown to the rated side.
    recommend = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0–10, private")
    reason = models.CharField(max_length=300, blank=True, help_text="reason for ending, private")
    created_at = models.DateTimeField()
    reply = models.TextField(max_length=2000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # One feedback per side per window (per contract for the end window).
            models.UniqueConstraint(fields=["window", "side"], name="reputation_feedback_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="reputation_score_1_5"),
            models.CheckConstraint(
                condition=Q(recommend__isnull=True) | Q(recommend__lte=10), name="reputation_recommend_0_10"
            ),
            models.CheckConstraint(condition=Q(side__in=["client", "freelancer"]), name="reputation_side"),
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | ~Q(reply=""), name="reputation_reply_has_body"
            ),
        ]
        indexes = [
            models.Index(fields=["subject", "side"], name="reputation_fb_subject"),
            models.Index(fields=["contract", "side"], name="reputation_fb_contract"),
        ]

    def __str__(self) -> str:
        return f"{self.side} feedback on contract {self.contract_id}"


class FreelancerReputation(models.Model):
    """The freelancer's last computed JSS (with every input, for the insights page and the API),
    rating and current badges. Written only by `services.jss_recompute` / `badges_evaluate`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    jss = models.PositiveSmallIntegerField(null=True, blank=True, help_text="None until eligible")
    jss_raw = models.PositiveSmallIntegerField(null=True, blank=True, help_text="even when not shown")
    outcomes = models.JSONField(default=list, help_text="every input of the last computation")
    rating = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    computed_on = models.DateField(null=True, blank=True, help_text="the daily sweep's marker")
    badges = models.JSONField(default=list, help_text="current badge slugs")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(jss__isnull=True) | Q(jss__lte=100), name="reputation_jss_0_100"
            ),
            models.CheckConstraint(
                condition=Q(jss_raw__isnull=True) | Q(jss_raw__lte=100), name="reputation_jss_raw_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: JSS {self.jss}"


class BadgeEvaluation(models.Model):
    """One weekly evaluation (history kept): each criterion's value and the badges it granted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField(help_text="Monday of the evaluated week")
    evaluated_at = models.DateTimeField()
    criteria = models.JSONField(help_text="{badge: [{key, label, value, required, met}]}")
    top_rated_eligible = models.BooleanField(help_text="this week's Top Rated criteria (before the 13/16)")
    badges = models.JSONField(default=list)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="reputation_badge_week_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} week {self.week_start}: {self.badges}"


class ExpertVetting(models.Model):
    """Expert-Vetted is granted (and revoked) by staff."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"expert-vetted {self.user_id}"


class LargeContractThreshold(models.Model):
    """Top Rated Plus: a "large contract" per category (default $10,000, DESIGN §9)."""

    category = models.OneToOneField("profiles.Category", on_delete=models.CASCADE, related_name="+")
    amount_cents = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gte=100), name="reputation_threshold_gte_1")
        ]

    def __str__(self) -> str:
        return f"{self.category_id}: {self.amount_cents}"
