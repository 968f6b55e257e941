"""Cached profile completeness, taxonomy and talent filters (hirehall/core/fragments.py)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.profiles import selectors
from hirehall.profiles.models import Category, FreelancerProfile


def test_profile_completeness_is_cached_until_the_profile_changes(
    user_factory, fragment_cache, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    user = user_factory()
    with django_capture_on_commit_callbacks(execute=True):
        profile = FreelancerProfile.objects.create(user=user, title="Data engineer")
    assert selectors.own_profile_complete(user) is False
    with django_assert_num_queries(0):
        assert selectors.own_profile_complete(user) is False
    with django_capture_on_commit_callbacks(execute=True):
        profile.title = "Senior data engineer"
        profile.save(update_fields=["title"])
    with CaptureQueriesContext(connection) as queries:  # bumped: the whole profile is loaded again
        selectors.own_profile_complete(user)
    assert len(queries) > 0


def test_the_taxonomy_is_cached_until_a_category_changes(
    db, fragment_cache, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    names = [c.name for c in selectors.categories_tree()]
    with django_assert_num_queries(0):
        assert [c.name for c in selectors.categories_tree()] == names
    category = Category.objects.order_by("position", "name").first()
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Renamed category"
        category.save(update_fields=["name"])
    assert "Renamed category" in [c.name for c in selectors.categories_tree()]


def test_talent_filters_follow_the_query_string(client, db, fragment_cache) -> None:
    """The filters are one cached fragment per query string and language: another query's selected
    values never show."""
    first = client.get("/talent/?country=PT").content.decode()
    second = client.get("/talent/?country=FR").content.decode()
    assert '<option value="PT" selected>' in first
    assert '<option value="FR" selected>' in second and '<option value="PT" selected>' not in second
    again = client.get("/talent/?country=PT").content.decode()

    def filters(html: str) -> str:
        return html[html.index('role="search"') : html.index("</form>")]

    assert filters(again) == filters(first)
