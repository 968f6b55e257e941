"""Demo jobs for `make run`: open jobs from the demo clients across categories, and one draft.

Idempotent: a job is keyed by its client and title. Runs inside `seed_demo`'s transaction, so it
calls the services' bodies (`__wrapped__`: the same rules, without the durable transaction that
would refuse to nest).
"""

from __future__ import annotations

from typing import Any

from hirehall.accounts.models import User
from hirehall.jobs.models import Job
from hirehall.jobs.services import JobFields, job_create
from hirehall.profiles.models import Category, Skill

JOBS: list[dict[str, Any]] = [
    {
        "client": "acme@hirehall.test",
        "title": "Django REST API for our robot fleet dashboard",
        "description": "We run 40 warehouse robots and need a Django + PostgreSQL API for telemetry, "
        "alerts and a small admin. You will work with our firmware team.",
        "skills": ["django", "python", "postgresql"],
        "experience": "expert",
        "length": "3to6",
        "workload": "gt30",
        "budget_type": "hourly",
        "hourly_min_cents": 45_00,
        "hourly_max_cents": 80_00,
        "questions": ["Which Django projects of yours run in production?", "What is your time zone?"],
        "hires_wanted": 2,
        "contract_to_hire": True,
    },
    {
        "client": "acme@hirehall.test",
        "title": "React front end for the robot dashboard",
        "description": "Charts, live status and alerts in React, talking to our new API.",
        "skills": ["react", "typescript"],
        "experience": "intermediate",
        "length": "1to3",
        "workload": "lt30",
        "budget_type": "fixed",
        "fixed_cents": 4_000_00,
    },
    {
        "client": "client@hirehall.test",
        "title": "Logo and brand colours for a neighbourhood bakery",
        "description": "A warm, simple logo for signage, bags and Instagram, with a small colour palette.",
        "skills": ["logo-design"],
        "experience": "entry",
        "length": "lt1",
        "workload": "as_needed",
        "budget_type": "fixed",
        "fixed_cents": 300_00,
        "questions": ["Please link two logos you designed."],
    },
    {
        "client": "northwind@hirehall.test",
        "title": "SEO blog posts about sustainable shipping",
        "description": "Eight 1,500-word articles a month on green logistics, researched and optimised.",
        "skills": ["seo-writing", "copywriting"],
        "experience": "intermediate",
        "length": "gt6",
        "workload": "lt30",
        "budget_type": "hourly",
        "hourly_min_cents": 25_00,
        "hourly_max_cents": 40_00,
    },
    {
        "client": "northwind@hirehall.test",
        "title": "Python script to reconcile supplier invoices",
        "description": "Match CSV invoices against purchase orders and flag differences in a report.",
        "skills": ["python"],
        "experience": "intermediate",
        "length": "lt1",
        "workload": "as_needed",
        "budget_type": "fixed",
        "fixed_cents": 650_00,
    },
    {
        "client": "both@hirehall.test",
        "title": "Invite-only: migrate our shop to PostgreSQL",
        "description": "Move a small shop from MySQL to PostgreSQL with no downtime.",
        "skills": ["postgresql"],
        "experience": "expert",
        "length": "lt1",
        "workload": "lt30",
        "budget_type": "fixed",
        "fixed_cents": 1_500_00,
        "visibility": "invite_only",
    },
]
DRAFT = {
    "client": "client@hirehall.test",
    "title": "Menu photography for the bakery (draft)",
    "description": "",
    "skills": [],
    "budget_type": "fixed",
}


def _fields(spec: dict[str, Any]) -> JobFields:
    skills = list(Skill.objects.filter(slug__in=spec["skills"]).select_related("category"))
    values = {k: v for k, v in spec.items() if k not in {"client", "skills"}}
    # Without the seeded taxonomy (a flushed test database) any category will do.
    category = skills[0].category if skills else Category.objects.order_by("position", "pk").first()
    return JobFields(**values, skills=skills, category=category)


def seed() -> None:
    create = job_create.__wrapped__  # type: ignore[attr-defined]
    for spec, publish in [*((j, True) for j in JOBS), (DRAFT, False)]:
        client = User.objects.filter(email=spec["client"]).first()
        if client is None or Job.objects.filter(client=client, title=spec["title"]).exists():
            continue
        fields = _fields(spec)
        if publish and fields.category is None:
            continue  # no taxonomy at all: nothing can be posted
        create(actor=client, fields=fields, publish=publish)
