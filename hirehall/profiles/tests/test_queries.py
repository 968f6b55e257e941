"""Pages and endpoints run a constant number of queries whatever the data size (2 vs 20)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.core.testing import make_user
from hirehall.profiles import services
from hirehall.profiles.tests.factories import PDF_BYTES, make_profile, png_upload, upload

pytestmark = pytest.mark.django_db


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _searchable(n, tag):
    for i in range(n):
        profile = make_profile(
            title=f"{tag} Python developer {i}",
            overview="Django apps.",
            hourly_rate_cents=3000 + i * 100,
            country="DE",
            skills=["python", "django", "sql"],
            languages=[("en", "fluent")],
        )
        services.freelancer_profile_set_photo(
            actor=profile.user, profile=profile, upload=png_upload(size=(40, 40))
        )


def _rich_profile(items):
    profile = make_profile(
        title="Designer",
        skills=["figma", "ux-design", "ui-design"],
        languages=[("en", "fluent"), ("fr", "basic")],
    )
    for i in range(items):
        item = services.portfolio_item_create(actor=profile.user, profile=profile, title=f"Case {i}")
        services.portfolio_file_add(actor=profile.user, item=item, upload=upload(f"{i}.pdf", PDF_BYTES))
        services.employment_create(
            actor=profile.user, profile=profile, company=f"Co {i}", role="Dev", start_year=2015
        )
        services.education_create(actor=profile.user, profile=profile, school=f"School {i}")
    return profile


@pytest.mark.parametrize("signed_in", [False, True])
def test_search_page_queries_do_not_grow(client, signed_in, django_assert_num_queries):
    if signed_in:
        client.force_login(make_user(freelancer=False))
    _searchable(2, "alpha")
    small = _count(client, "/talent/", {"q": "python"})
    _searchable(18, "beta")
    with django_assert_num_queries(small):
        response = client.get("/talent/", {"q": "python"})
    assert response.content.decode().count('data-testid="result"') == 20


def test_search_api_queries_do_not_grow(client, django_assert_num_queries):
    client.force_login(make_user(freelancer=False))
    _searchable(2, "alpha")
    small = _count(client, "/api/v1/freelancers", {"q": "python", "skills": "python"})
    _searchable(18, "beta")
    with django_assert_num_queries(small):
        response = client.get("/api/v1/freelancers", {"q": "python", "skills": "python"})
    assert len(response.json()["items"]) == 20


def test_profile_page_queries_do_not_grow(client, django_assert_num_queries):
    client.force_login(make_user(freelancer=False))
    small = _rich_profile(2)
    big = _rich_profile(20)
    expected = _count(client, f"/freelancers/{small.pk}/")
    with django_assert_num_queries(expected):
        client.get(f"/freelancers/{big.pk}/")
    expected = _count(client, f"/api/v1/freelancers/{small.pk}")
    with django_assert_num_queries(expected):
        client.get(f"/api/v1/freelancers/{big.pk}")


def test_profile_editor_queries_do_not_grow(client, django_assert_num_queries):
    small, big = _rich_profile(2), _rich_profile(20)
    client.force_login(small.user)
    expected = _count(client, "/profile/")
    client.force_login(big.user)
    with django_assert_num_queries(expected):
        client.get("/profile/")
