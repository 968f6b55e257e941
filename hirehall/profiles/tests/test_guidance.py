from __future__ import annotations

from datetime import timedelta

import pytest

from hirehall.profiles import guidance, sources
from hirehall.profiles.guidance import percentile, rate_guidance
from hirehall.profiles.selectors import category_get, skill_get
from hirehall.profiles.tests.factories import make_profile

pytestmark = pytest.mark.django_db


def test_percentile_interpolates_between_ranks():
    values = [1000, 2000, 3000, 4000]
    assert percentile(values, 0.25) == 1750
    assert percentile(values, 0.5) == 2500
    assert percentile(values, 0.75) == 3250
    assert percentile([4200], 0.5) == 4200


def _freelancers(n, skill, start=2000, step=100, **kw):
    for i in range(n):
        make_profile(hourly_rate_cents=start + i * step, skills=[skill], **kw)


def test_skill_profiles_with_enough_samples():
    _freelancers(21, "django")  # 20.00 … 40.00
    make_profile(skills=["django"])  # no rate: not a sample
    result = rate_guidance(skill=skill_get("django"))
    assert result.basis == "profiles" and result.sample_size == 21
    assert (result.p25, result.p50, result.p75) == (2500, 3000, 3500)


def test_equal_rates_are_all_counted():
    for _ in range(20):
        make_profile(hourly_rate_cents=5000, skills=["flask"])
    result = rate_guidance(skill=skill_get("flask"))
    assert result.sample_size == 20 and result.p50 == 5000


def test_hidden_and_private_profiles_count_but_inactive_users_do_not():
    _freelancers(10, "laravel", visibility="private")
    _freelancers(10, "laravel", visibility="logged_in")
    assert rate_guidance(skill=skill_get("laravel")).sample_size == 20
    profile = make_profile(hourly_rate_cents=9900, skills=["laravel"])
    profile.user.is_active = False
    profile.user.save(update_fields=["is_active"])
    assert rate_guidance(skill=skill_get("laravel")).sample_size == 20


def test_falls_back_to_the_category_when_the_skill_has_too_few():
    _freelancers(5, "svelte", start=9000)
    _freelancers(20, "php", start=1000, step=50)
    result = rate_guidance(skill=skill_get("svelte"))
    assert result.basis == "category_profiles" and result.sample_size == 25
    assert result.skill is not None and result.category is not None
    assert result.skill.slug == "svelte" and result.category.slug == "web-mobile-software-development"
    assert result.p50 == percentile(
        sorted([9000 + i * 100 for i in range(5)] + [1000 + i * 50 for i in range(20)]), 0.5
    )


def test_insufficient_everywhere_reports_the_largest_sample():
    _freelancers(3, "patent-law")
    result = rate_guidance(skill=skill_get("patent-law"))
    assert result.basis == "insufficient" and result.sample_size == 3
    assert result.p25 is result.p50 is result.p75 is None


def test_contracts_win_with_enough_samples_in_the_last_12_months():
    _freelancers(25, "rust")
    calls = []

    def contract_rates(skill_ids, since):
        calls.append((tuple(skill_ids), since))
        return [6000 + i * 100 for i in range(20)] if len(skill_ids) == 1 else []

    sources.set_contract_rate_source(contract_rates)
    result = rate_guidance(skill=skill_get("rust"))
    assert result.basis == "contracts" and result.sample_size == 20 and result.p50 == 6950
    _skill_ids, since = calls[0]
    from hirehall.core.clock import now

    assert abs((now() - since) - timedelta(days=365)) < timedelta(minutes=1)


def test_contracts_with_too_few_samples_fall_back_to_profiles():
    _freelancers(20, "go")
    sources.set_contract_rate_source(lambda skill_ids, since: [10000] * 19)
    result = rate_guidance(skill=skill_get("go"))
    assert result.basis == "profiles" and result.sample_size == 20


def test_the_minimum_is_a_setting(settings):
    settings.HIREHALL_RATE_GUIDANCE = {"min_samples": 2}
    _freelancers(2, "elixir", start=4000)
    result = rate_guidance(skill=skill_get("elixir"))
    assert result.basis == "profiles" and result.p50 == 4050


def test_category_guidance():
    _freelancers(20, "bookkeeping", start=2500)
    result = rate_guidance(category=category_get("accounting-consulting"))
    assert result.basis == "category_profiles" and result.skill is None and result.sample_size == 20


def test_api_guidance(api_client):
    _freelancers(21, "django")
    body = api_client.get("/api/v1/rates/guidance", {"skill": "django"}).json()
    assert body == {
        "skill": {"slug": "django", "name": "Django"},
        "category": {"slug": "web-mobile-software-development", "name": "Web, Mobile & Software Development"},
        "basis": "profiles",
        "basis_label": guidance.BASIS_LABELS["profiles"],
        "sample_size": 21,
        "p25": "25.00",
        "p50": "30.00",
        "p75": "35.00",
        "currency": "USD",
    }
    assert api_client.get("/api/v1/rates/guidance", {"skill": "nope"}).status_code == 404
    assert api_client.get("/api/v1/rates/guidance").status_code == 422
    empty = api_client.get("/api/v1/rates/guidance", {"category": "legal"}).json()
    assert empty["basis"] == "insufficient" and empty["p50"] is None and empty["sample_size"] == 0


def test_guidance_is_shown_on_the_profile_rate_form(client):
    _freelancers(21, "django")
    me = make_profile(skills=["django"])
    client.force_login(me.user)
    html = client.get("/profile/sections/rate/", {"edit": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "$25.00" in html and "$30.00" in html and "$35.00" in html and "21 rates of freelancers" in html, (
        html
    )
