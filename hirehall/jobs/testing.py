"""Builders shared by the jobs, connects and proposals tests (and the demo data)."""

from __future__ import annotations

import itertools
from typing import Any

from hirehall.accounts.models import User
from hirehall.core.testing.reference_data import restore_reference_data
from hirehall.jobs.models import Job
from hirehall.jobs.services import JobFields, job_create
from hirehall.profiles.models import Category, Skill, Subcategory

_counter = itertools.count(1)


def any_category() -> Category:
    """The seeded taxonomy's first category (transactional tests flush it: then make one)."""
    category = Category.objects.order_by("position", "pk").first()
    if category is None:
        category = Category.objects.create(name="Development", slug="development")
        sub = Subcategory.objects.create(category=category, name="Data", slug="data")
        for name in ("Python", "PostgreSQL"):
            Skill.objects.create(subcategory=sub, category=category, name=name, slug=name.lower())
    return category


def job_fields(**overrides: Any) -> JobFields:
    category = overrides.pop("category", None) or any_category()
    skills = overrides.pop("skills", None)
    if skills is None:
        skills = list(Skill.objects.filter(category=category).order_by("pk")[:2])
    values: dict[str, Any] = {
        "title": f"Build a data pipeline #{next(_counter)}",
        "description": "We need a reliable pipeline that loads CSV exports into PostgreSQL nightly.",
        "category": category,
        "skills": skills,
        "experience": "intermediate",
        "length": "1to3",
        "workload": "lt30",
        "budget_type": "fixed",
        "fixed_cents": 1_000_00,
        "questions": [],
        "visibility": "public",
        "hires_wanted": 1,
    }
    values.update(overrides)
    return JobFields(**values)


def open_job(client: User, **overrides: Any) -> Job:
    return job_create(actor=client, fields=job_fields(**overrides), publish=True)


# The fee schedule and taxonomy come back after every flush (hirehall/core/testing/reference_data.py);
# this name stays for tests that still call it.
restore_seed_data = restore_reference_data
