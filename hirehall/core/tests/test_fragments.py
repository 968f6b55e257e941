"""Cached per-object values with version keys (hirehall/core/fragments.py)."""

from __future__ import annotations

from hirehall.core import fragments


def test_a_cached_value_is_computed_once_per_version(fragment_cache) -> None:
    calls: list[list[int]] = []

    def compute(ids: list[int]) -> dict[int, str]:
        calls.append(ids)
        return {pk: f"v{len(calls)}:{pk}" for pk in ids}

    assert fragments.cached_many("thing", [1, 2], compute) == {1: "v1:1", 2: "v1:2"}
    assert fragments.cached_many("thing", [2, 1], compute) == {1: "v1:1", 2: "v1:2"}
    assert calls == [[1, 2]]
    # Only the bumped object is computed again; the other stays cached.
    fragments.bump("user:2")
    assert fragments.cached_many("thing", [1, 2], compute) == {1: "v1:1", 2: "v2:2"}
    assert calls == [[1, 2], [2]]


def test_scopes_and_names_are_separate(fragment_cache) -> None:
    def compute(ids: list[int]) -> dict[int, int]:
        return {pk: pk * 10 for pk in ids}

    fragments.cached_many("a", [1], compute, scope=lambda pk: f"profile:{pk}")
    fragments.bump("user:1")  # another scope: the profile-scoped entry is still served
    calls: list[int] = []

    def counting(ids: list[int]) -> dict[int, int]:
        calls.extend(ids)
        return compute(ids)

    assert fragments.cached_many("a", [1], counting, scope=lambda pk: f"profile:{pk}") == {1: 10}
    assert calls == []
    assert fragments.cached_many("b", [1], counting, scope=lambda pk: f"profile:{pk}") == {1: 10}
    assert calls == [1]


def test_turned_off_every_call_computes(settings) -> None:
    settings.HIREHALL_FRAGMENT_CACHE = False
    calls: list[list[int]] = []

    def compute(ids: list[int]) -> dict[int, int]:
        calls.append(ids)
        return {pk: pk for pk in ids}

    fragments.cached_many("thing", [1], compute)
    fragments.cached_many("thing", [1], compute)
    assert calls == [[1], [1]]


def test_a_down_cache_means_computing(fragment_cache, monkeypatch) -> None:
    """Redis down (DegradingRedisCache answers misses, drops writes): the value is computed each time."""
    monkeypatch.setattr(fragment_cache, "get_many", lambda keys, version=None: {})
    monkeypatch.setattr(fragment_cache, "set_many", lambda data, timeout=None, version=None: [])
    monkeypatch.setattr(fragment_cache, "add", lambda key, value, timeout=None, version=None: True)
    calls: list[list[int]] = []

    def compute(ids: list[int]) -> dict[int, int]:
        calls.append(ids)
        return {pk: pk for pk in ids}

    assert fragments.cached_many("thing", [3], compute) == {3: 3}
    assert fragments.cached_many("thing", [3], compute) == {3: 3}
    assert calls == [[3], [3]]
