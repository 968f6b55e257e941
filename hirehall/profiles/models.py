"""Skills taxonomy (category → subcategory → skill), freelancer and client profiles, portfolio."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Subcategory(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="subcategories")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category__position", "position", "name"]
        verbose_name_plural = "subcategories"
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="subcategory_name_unique_in_category")
        ]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A skill from the taxonomy. Profiles, portfolio items and (later) jobs point at these rows."""

    subcategory = models.ForeignKey(Subcategory, on_delete=models.PROTECT, related_name="skills")
    # Denormalised from the subcategory so "skills of a category" needs no join; kept equal by
    # the services that create skills (the taxonomy changes only through data migrations/admin).
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="skills")
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True, help_text="Retired skills stay on old records.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SkillAlias(models.Model):
    """Another name people type for a skill ("js" → JavaScript). Stored lower-case."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "skill aliases"
        constraints = [models.CheckConstraint(condition=models.Q(alias=Lower("alias")), name="alias_lower")]

    def __str__(self) -> str:
        return f"{self.alias} → {self.skill_id}"


# --- freelancer profile ----------------------------------------------------------------------


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone, and search engines")
    LOGGED_IN = "logged_in", _("Only signed-in Hirehall users")
    PRIVATE = "private", _("Private: only you (hidden from search)")


class FreelancerProfile(models.Model):
    """What clients see and search. One per freelancer; created on first edit (DESIGN §1)."""

    MIN_RATE_CENTS = 3_00  # the marketplace's minimum hourly rate (DESIGN §2)
    MAX_RATE_CENTS = 999_00

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="freelancer_profile"
    )
    title = models.CharField(max_length=120, blank=True)
    overview = models.TextField(max_length=5000, blank=True)
    hourly_rate_cents = models.PositiveBigIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    timezone = models.CharField(max_length=64, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    available_now = models.BooleanField(default=False)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    # Storage names chosen by the server (never the client's file name); served by a checked view.
    photo = models.CharField(max_length=255, blank=True)
    photo_thumb = models.CharField(max_length=255, blank=True)
    video = models.CharField(max_length=255, blank=True)
    video_content_type = models.CharField(max_length=50, blank=True)
    video_url = models.URLField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hourly_rate_cents__isnull=True)
                | models.Q(hourly_rate_cents__gte=300, hourly_rate_cents__lte=99900),
                name="profile_rate_in_bounds",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True)
                | models.Q(hours_per_week__gte=1, hours_per_week__lte=80),
                name="profile_hours_in_bounds",
            ),
            models.CheckConstraint(
                condition=models.Q(visibility__in=["public", "logged_in", "private"]),
                name="profile_visibility_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title or '(no title)'}"


class ProfileSkill(models.Model):
    """A skill on a profile, in the freelancer's order (the first ones are shown on cards)."""

    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="profile_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="profile_skill_unique"),
            models.UniqueConstraint(fields=["profile", "position"], name="profile_skill_position_unique"),
        ]
        indexes = [models.Index(fields=["skill", "profile"])]

    def __str__(self) -> str:
        return f"{self.profile_id}:{self.skill_id}@{self.position}"


class LanguageLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    CONVERSATIONAL = "conversational", _("Conversational")
    FLUENT = "fluent", _("Fluent")
    NATIVE = "native", _("Native or bilingual")


class ProfileLanguage(models.Model):
    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=8, help_text="ISO 639-1 code")
    level = models.CharField(max_length=16, choices=LanguageLevel.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="profile_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.level})"


class Employment(models.Model):
    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="employments")
    company = models.CharField(max_length=120)
    role = models.CharField(max_length=120)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="empty: current")
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-start_year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True) | models.Q(end_year__gte=models.F("start_year")),
                name="employment_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.company}"


class Education(models.Model):
    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="educations")
    school = models.CharField(max_length=150)
    degree = models.CharField(max_length=120, blank=True)
    field_of_study = models.CharField(max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-end_year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="education_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.school


class PortfolioItem(models.Model):
    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="portfolio_items")
    title = models.CharField(max_length=120)
    description = models.TextField("case study", max_length=5000, blank=True)
    role = models.CharField("your role", max_length=120, blank=True)
    result = models.CharField("measurable result", max_length=200, blank=True)
    link = models.URLField(max_length=300, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "-id"]

    def __str__(self) -> str:
        return self.title


class PortfolioFile(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        FILE = "file", _("File")

    item = models.ForeignKey(PortfolioItem, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    path = models.CharField(max_length=255)
    thumb_path = models.CharField(max_length=255, blank=True)
    original_name = models.CharField(max_length=200, help_text="shown to people; never used on disk")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


# --- client profile and favourites -----------------------------------------------------------


class CompanySize(models.TextChoices):
    JUST_ME = "1", _("Just me")
    SMALL = "2-9", _("2–9 employees")
    MEDIUM = "10-99", _("10–99 employees")
    LARGE = "100-999", _("100–999 employees")
    ENTERPRISE = "1000+", _("1,000+ employees")


class ClientProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_profile"
    )
    company_name = models.CharField(max_length=150, blank=True)
    description = models.TextField(max_length=3000, blank=True)
    size = models.CharField(max_length=8, choices=CompanySize.choices, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True)
    website = models.URLField(max_length=300, blank=True)
    # Set by staff (or the payments app) once a billing method is verified; never by the client.
    payment_verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.company_name or str(self.user_id)


class FavouriteList(models.Model):
    """A client's named list of freelancers ("Saved talent" is created on first save)."""

    DEFAULT_NAME = "Saved talent"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_lists"
    )
    name = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="favourite_list_name_unique")]

    def __str__(self) -> str:
        return self.name


class FavouriteEntry(models.Model):
    favourite_list = models.ForeignKey(FavouriteList, on_delete=models.CASCADE, related_name="entries")
    profile = models.ForeignKey(FreelancerProfile, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["favourite_list", "profile"], name="favourite_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.favourite_list_id}:{self.profile_id}"
