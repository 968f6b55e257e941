"""Skills taxonomy (category → subcategory → skill), freelancer and client profiles, portfolio."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower


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
