"""Builders shared by the jobs, connects and proposals tests (and the demo data)."""

from __future__ import annotations

import itertools
from typing import Any

from hirehall.accounts.models import User
from hirehall.jobs.models import Job
from hirehall.jobs.services import JobFields, job_create
from hirehall.profiles.models import Category, Skill

_counter = itertools.count(1)


def job_fields(**overrides: Any) -> JobFields:
    category = overrides.pop("category", None) or Category.objects.order_by("position", "pk").first()
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
