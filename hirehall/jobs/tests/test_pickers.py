"""Pickers instead of slugs: skills suggested as you type, chosen as chips; the wizard's review step
shows everything that will be posted; fields appear only for the chosen budget type or offer kind."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hirehall.jobs.models import Job
from hirehall.jobs.services import saved_search_create
from hirehall.jobs.testing import any_category
from hirehall.profiles.models import Skill

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_suggestions_match_names_and_aliases_with_constant_queries() -> None:
    c = Client()
    page = c.get("/skills/suggest/", {"skills_q": "pyth"})
    assert page.status_code == 200
    assert b'data-value="python"' in page.content and b"<html" not in page.content
    assert b'data-value="python"' in c.get("/skills/suggest/", {"q": "Python"}).content
    assert c.get("/skills/suggest/", {"q": ""}).content.strip() == b""
    assert "No skill matches “zzzz”".encode() in c.get("/skills/suggest/", {"q": "zzzz"}).content
    # Hostile input is refused or answered, never a 500.
    assert c.get("/skills/suggest/", {"q": "x" * 5000}).status_code == 200
    assert c.get("/skills/suggest/", {"q": "py\x00"}).status_code in (200, 400, 422)
    with CaptureQueriesContext(connection) as few:
        c.get("/skills/suggest/", {"q": "pyth"})
    with CaptureQueriesContext(connection) as many:
        c.get("/skills/suggest/", {"q": "a"})  # ten results, each with aliases and a category
    assert len(many) == len(few) <= 3


def test_suggestions_put_the_chosen_category_first() -> None:
    category = any_category()
    inside = Skill.objects.filter(category=category).order_by("name").first()
    assert inside is not None
    words = inside.name[:2].lower()
    content = Client().get("/skills/suggest/", {"q": words, "category": category.slug}).content.decode()
    first = content.split('data-value="', 2)[1].split('"', 1)[0]
    assert Skill.objects.get(slug=first).category_id == category.pk


def test_wizard_takes_picked_skills_and_typed_names_and_shows_them_as_chips(user_factory) -> None:
    client = user_factory()
    c = signed_in(client)
    category = any_category()
    new = c.get("/jobs/new/").content.decode()
    assert "slug" not in new.lower().replace("skills_suggest", "")
    assert 'data-picker data-name="skills"' in new and 'hx-get="/skills/suggest/"' in new
    r = c.post(
        "/jobs/new/",
        {"title": "Booking app", "category": category.slug, "skills": ["python"], "skills_q": "PostgreSQL"},
    )
    assert r.status_code == 302, r.content
    job = Job.objects.get(client=client)
    assert {s.slug for s in job.skills.all()} == {"python", "postgresql"}
    again = html.unescape(c.get(f"/jobs/{job.pk}/edit/1/").content.decode())
    assert 'name="skills" value="python"' in again and "Remove PostgreSQL" in again
    refused = c.post(f"/jobs/{job.pk}/edit/1/", {"title": "Booking app", "skills_q": "notaskill"})
    assert refused.status_code == 200 and "Unknown skill(s): notaskill" in refused.content.decode()


def test_budget_fields_show_only_for_their_budget_type_and_review_shows_everything(user_factory) -> None:
    client = user_factory()
    c = signed_in(client)
    c.post("/jobs/new/", {"title": "Booking app", "category": any_category().slug, "skills": ["python"]})
    job = Job.objects.get(client=client)
    budget = c.get(f"/jobs/{job.pk}/edit/3/").content.decode()
    assert budget.count('data-show-when="budget_type=hourly"') == 2
    assert budget.count('data-show-when="budget_type=fixed"') == 1
    scoped = c.post(
        f"/jobs/{job.pk}/edit/2/",
        {"experience": "expert", "length": "3to6", "workload": "gt30", "hires_wanted": "2"},
    )
    assert scoped.status_code == 302
    c.post(f"/jobs/{job.pk}/edit/3/", {"budget_type": "fixed", "fixed_budget": "2000.00"})
    c.post(
        f"/jobs/{job.pk}/edit/4/",
        {
            "description": "A booking app with payments.",
            "questions": "Have you built Stripe flows?\nWhen can you start?",
            "visibility": "public",
        },
    )
    review = html.unescape(c.get(f"/jobs/{job.pk}/edit/5/").content.decode())
    for shown in (
        "Booking app",
        any_category().name,
        "Python",
        "Expert",
        "3 to 6 months",
        "More than 30 hrs/week",
        "Freelancers to hire",
        "$2,000.00 fixed price",
        "A booking app with payments.",
        "Have you built Stripe flows?",
        "When can you start?",
        "Public",
        "Connects to apply",
    ):
        assert shown in review, shown
    for step in (1, 2, 3, 4):
        assert f'href="/jobs/{job.pk}/edit/{step}/"' in review


def test_offer_form_fields_follow_the_offer_kind(user_factory) -> None:
    from hirehall.proposals.testing import _proposal

    client, freelancer = user_factory(), user_factory()
    proposal = _proposal(client, freelancer, hourly=False, title="Booking app")
    page = signed_in(client).get(f"/proposals/{proposal.pk}/offer/").content.decode()
    assert page.count('data-show-when="kind=hourly"') == 3
    assert page.count('data-show-when="kind=fixed"') == 2  # milestones and the escrow note


def test_job_search_filters_use_pickers_and_saved_searches_read_in_words(user_factory) -> None:
    user = user_factory()
    category = any_category()
    saved_search_create(
        actor=user, name="Python work", params={"skills": ["python"], "category": category.slug, "q": "api"}
    )
    page = html.unescape(signed_in(user).get("/jobs/", {"skills": "python"}).content.decode())
    assert 'placeholder="slug"' not in page
    assert f'<option value="{category.slug}"' in page and 'name="skills" value="python"' in page
    assert f"“api” · {category.name} · Python" in page
    typed = signed_in(user).get("/jobs/", {"skills_q": "Python"})
    assert typed.status_code == 200 and b"Some filters are not valid" not in typed.content


def test_profile_editor_and_talent_search_use_the_picker(user_factory) -> None:
    user = user_factory()
    c = signed_in(user)
    form = c.get("/profile/sections/skills/?edit=1").content.decode()
    assert 'data-picker data-name="skills"' in form
    r = c.post("/profile/sections/skills/", {"skills": ["python"], "skills_q": ""})
    assert r.status_code in (200, 302)
    shown = html.unescape(c.get("/profile/sections/skills/?edit=1").content.decode())
    assert 'name="skills" value="python"' in shown
    talent = c.get("/talent/").content.decode()
    assert 'data-picker data-name="skills"' in talent and "Comma-separated" not in talent
