"""The reputation and client figures pages show are cached per user and fresh after every change
(sources.py's cached_* and receivers.py's version bumps; hirehall/core/fragments.py)."""

from __future__ import annotations

import pytest

from hirehall.jobs.testing import open_job
from hirehall.profiles import sources
from hirehall.reputation.testing import paid_contract

pytestmark = pytest.mark.django_db  # the database first: the ledger check runs after each test


def test_client_activity_is_served_from_the_cache_until_the_client_posts(
    user_factory, fragment_cache, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    client = user_factory()
    with django_capture_on_commit_callbacks(execute=True):
        open_job(client)
    assert sources.client_activity_for([client.pk])[client.pk].open_jobs == 1
    with django_assert_num_queries(0):
        assert sources.client_activity_for([client.pk])[client.pk].open_jobs == 1
    with django_capture_on_commit_callbacks(execute=True):
        open_job(client)
    assert sources.client_activity_for([client.pk])[client.pk].open_jobs == 2


def test_earnings_show_on_the_next_read_after_a_payment(
    user_factory, fragment_cache, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    client, freelancer = user_factory(), user_factory()
    assert sources.reputation_for([freelancer.pk])[freelancer.pk].earnings_cents == 0
    with django_assert_num_queries(0):
        sources.reputation_for([freelancer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        paid_contract(client, freelancer, 500_00)
    assert sources.reputation_for([freelancer.pk])[freelancer.pk].earnings_cents == 500_00
    history = sources.work_history_for(freelancer.pk, "freelancer")
    assert [h.earnings_cents for h in history] == [500_00]


def test_a_change_not_yet_committed_does_not_bump(
    user_factory, fragment_cache, django_capture_on_commit_callbacks
) -> None:
    """The bump waits for the commit: a read between the write and the commit would otherwise cache
    the old figures under the new version."""
    client = user_factory()
    sources.client_activity_for([client.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        open_job(client)
    assert callbacks  # the bump is queued for the commit, not done
    assert sources.client_activity_for([client.pk])[client.pk].open_jobs == 0  # still the cached figure
    for callback in callbacks:
        callback()
    assert sources.client_activity_for([client.pk])[client.pk].open_jobs == 1
