from __future__ import annotations

import pytest

from hirehall.profiles import selectors, services
from hirehall.profiles.completeness import completeness
from hirehall.profiles.tests.factories import own, png_upload

pytestmark = pytest.mark.django_db


def _score(user):
    return completeness(own(user))


def test_empty_profile_is_zero_with_the_full_checklist(freelancer):
    services.freelancer_profile_ensure(actor=freelancer)
    result = _score(freelancer)
    assert result.percent == 0
    assert [i.key for i in result.missing] == [
        "photo",
        "title",
        "overview",
        "rate",
        "skills",
        "portfolio",
        "location",
        "languages",
        "availability",
    ]


def test_each_item_adds_its_weight_until_100(freelancer):
    profile = services.freelancer_profile_ensure(actor=freelancer)
    steps = [
        (
            lambda: services.freelancer_profile_update(
                actor=freelancer, profile=profile, title="Django developer"
            ),
            10,
        ),
        (
            lambda: services.freelancer_profile_update(actor=freelancer, profile=profile, overview="x" * 99),
            10,
        ),
        (
            lambda: services.freelancer_profile_update(actor=freelancer, profile=profile, overview="x" * 100),
            25,
        ),
        (
            lambda: services.freelancer_profile_update(
                actor=freelancer, profile=profile, hourly_rate_cents=4500
            ),
            35,
        ),
        (
            lambda: services.freelancer_profile_set_skills(
                actor=freelancer, profile=profile, skills=selectors.skills_by_slugs(["python", "django"])
            ),
            35,  # two skills are not enough
        ),
        (
            lambda: services.freelancer_profile_set_skills(
                actor=freelancer,
                profile=profile,
                skills=selectors.skills_by_slugs(["python", "django", "sql"]),
            ),
            50,
        ),
        (lambda: services.portfolio_item_create(actor=freelancer, profile=profile, title="Shop rebuild"), 65),
        (lambda: services.freelancer_profile_update(actor=freelancer, profile=profile, country="DE"), 65),
        (
            lambda: services.freelancer_profile_update(
                actor=freelancer, profile=profile, timezone="Europe/Berlin"
            ),
            75,
        ),
        (
            lambda: services.freelancer_profile_set_languages(
                actor=freelancer, profile=profile, languages=[("en", "fluent")]
            ),
            80,
        ),
        (
            lambda: services.freelancer_profile_update(actor=freelancer, profile=profile, hours_per_week=30),
            85,
        ),
        (
            lambda: services.freelancer_profile_set_photo(
                actor=freelancer, profile=profile, upload=png_upload()
            ),
            100,
        ),
    ]
    for action, expected in steps:
        action()
        assert _score(freelancer).percent == expected
    result = _score(freelancer)
    assert result.is_complete and result.missing == []


def test_optional_extras_do_not_count(freelancer):
    profile = services.freelancer_profile_ensure(actor=freelancer)
    services.employment_create(
        actor=freelancer, profile=profile, company="Acme", role="Engineer", start_year=2019
    )
    services.education_create(actor=freelancer, profile=profile, school="TU Berlin")
    services.freelancer_profile_update(actor=freelancer, profile=profile, video_url="https://youtu.be/abc")
    assert _score(freelancer).percent == 0
