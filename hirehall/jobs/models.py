"""Job posts (DESIGN §2): fields, budget bounds and the lifecycle draft → open → closed.

Rules that span rows (who may edit, expiry, the Connects cost) live in services; what one row can
say about itself is a CHECK constraint here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MIN_HOURLY_CENTS = 3_00
MIN_FIXED_CENTS = 5_00
MAX_SCREENING_QUESTIONS = 5


class Experience(models.TextChoices):
    ENTRY = "entry", _("Entry level")
    INTERMEDIATE = "intermediate", _("Intermediate")
    EXPERT = "expert", _("Expert")


class Length(models.TextChoices):
    LT1 = "lt1", "Less than 1 month"
    M1_3 = "1to3", "1 to 3 months"
    M3_6 = "3to6", "3 to 6 months"
    GT6 = "gt6", "More than 6 months"


class Workload(models.TextChoices):
    LT30 = "lt30", "Less than 30 hrs/week"
    GT30 = "gt30", "More than 30 hrs/week"
    AS_NEEDED = "as_needed", _("As needed")


class BudgetType(models.TextChoices):
    HOURLY = "hourly", _("Hourly")
    FIXED = "fixed", _("Fixed price")


class JobVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can find it and apply")
    INVITE_ONLY = "invite_only", _("Invite-only: only freelancers you invite")


class JobStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    FILLED = "filled", _("Filled")
    CANCELLED = "cancelled", _("Cancelled by the client")
    EXPIRED = "expired", _("Expired")
    REMOVED = "removed", _("Removed by staff")


# The lifecycle, all of it: any other change is refused by the services.
TRANSITIONS: dict[str, set[str]] = {
    JobStatus.DRAFT: {JobStatus.OPEN, JobStatus.CLOSED},
    JobStatus.OPEN: {JobStatus.CLOSED},
    JobStatus.CLOSED: set(),
}


class Job(models.Model):
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=10_000, blank=True)
    category = models.ForeignKey(
        "profiles.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    skills = models.ManyToManyField("profiles.Skill", blank=True, related_name="+")
    experience = models.CharField(max_length=16, choices=Experience.choices, default=Experience.INTERMEDIATE)
    length = models.CharField(max_length=8, choices=Length.choices, default=Length.M1_3)
    workload = models.CharField(max_length=12, choices=Workload.choices, default=Workload.LT30)
    budget_type = models.CharField(max_length=8, choices=BudgetType.choices, default=BudgetType.FIXED)
    hourly_min_cents = models.PositiveBigIntegerField(null=True, blank=True)
    hourly_max_cents = models.PositiveBigIntegerField(null=True, blank=True)
    fixed_cents = models.PositiveBigIntegerField(null=True, blank=True)
    visibility = models.CharField(max_length=12, choices=JobVisibility.choices, default=JobVisibility.PUBLIC)
    hires_wanted = models.PositiveSmallIntegerField(default=1)
    contract_to_hire = models.BooleanField(default=False)
    # Reading check (docs/spam-signals.md): a phrase the client asks for in the description; never
    # shown to freelancers as a field. The proposal list marks who started their reply with it.
    reading_check = models.CharField(max_length=80, blank=True)
    # Repost signal: set when published, the client's near-duplicate job of the last 30 days that
    # ended or is still open without a hire. Staff see it in admin.
    repost_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.DRAFT)
    close_reason = models.CharField(max_length=12, choices=CloseReason.choices, blank=True)
    close_note = models.CharField(max_length=500, blank=True)
    # Fixed when the job opens (DESIGN §3) and never recomputed: freelancers see one price.
    connects_required = models.PositiveSmallIntegerField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    warning_sent_for = models.DateTimeField(
        null=True, blank=True, help_text="the expires_at the 5-day warning was sent for"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    boost_ends_at = models.DateTimeField(null=True, blank=True)
    boost_closed_at = models.DateTimeField(null=True, blank=True)

    # Activity counters (F() updates) shown on the job page and used by search.
    proposal_count = models.PositiveIntegerField(default=0)
    interviewing_count = models.PositiveIntegerField(default=0)
    invites_sent = models.PositiveIntegerField(default=0)
    hires_count = models.PositiveIntegerField(default=0)
    client_last_viewed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "expires_at"], name="jobs_open_expiry"),
            models.Index(fields=["client", "-id"], name="jobs_client"),
            models.Index(fields=["status", "boost_ends_at"], name="jobs_boost_close"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "closed"]), name="jobs_status_valid"
            ),
            models.CheckConstraint(condition=Q(hires_wanted__gte=1), name="jobs_hires_wanted_gte_1"),
            models.CheckConstraint(
                condition=Q(hourly_min_cents__isnull=True) | Q(hourly_min_cents__gte=MIN_HOURLY_CENTS),
                name="jobs_hourly_min_gte_3",
            ),
            models.CheckConstraint(
                condition=Q(hourly_max_cents__isnull=True)
                | Q(hourly_min_cents__isnull=True)
                | Q(hourly_max_cents__gte=F("hourly_min_cents")),
                name="jobs_hourly_max_gte_min",
            ),
            models.CheckConstraint(
                condition=Q(fixed_cents__isnull=True) | Q(fixed_cents__gte=MIN_FIXED_CENTS),
                name="jobs_fixed_gte_5",
            ),
            # An open job always has its price in Connects and its expiry.
            models.CheckConstraint(
                condition=~Q(status="open")
                | (
                    Q(connects_required__isnull=False)
                    & Q(expires_at__isnull=False)
                    & Q(opened_at__isnull=False)
                ),
                name="jobs_open_has_cost_and_expiry",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(close_reason=""), name="jobs_closed_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == JobStatus.OPEN

    @property
    def budget_cents(self) -> int | None:
        """The number search filters on: the fixed amount, or the top of the hourly range."""
        return self.fixed_cents if self.budget_type == BudgetType.FIXED else self.hourly_max_cents


class ScreeningQuestion(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="jobs_question_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_SCREENING_QUESTIONS),
                name="jobs_question_position_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class JobAttachment(models.Model):
    """Stored under a server-chosen name; the client's file name is only shown as text."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="attachments")
    path = models.CharField(max_length=255)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class SavedSearch(models.Model):
    """A freelancer's job search, kept with its filters; alerts list new matching jobs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_job_searches"
    )
    name = models.CharField(max_length=100)
    params = models.JSONField(default=dict)
    alerts = models.BooleanField(default=True)
    # Jobs opened after this instant are "new" for the next alert run.
    last_alert_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="jobs_saved_search_name_unique")]

    def __str__(self) -> str:
        return self.name


class JobAlert(models.Model):
    """One new job matching a saved search (an in-app alert; an email goes out after commit)."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerts_sent")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["saved_search", "job"], name="jobs_alert_unique")]

    def __str__(self) -> str:
        return f"{self.saved_search_id}:{self.job_id}"
