from __future__ import annotations

import pytest

from hirehall.accounts.models import User
from hirehall.profiles import sources
from hirehall.profiles.tests.factories import make_user


@pytest.fixture(autouse=True)
def _taxonomy(request):
    """The taxonomy is migration data; a transactional test elsewhere (e2e, PostgreSQL concurrency
    tests) flushes it for every later test in the same process. Put it back when it is gone."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    from hirehall.profiles.demo import ensure_taxonomy

    ensure_taxonomy()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a per-test directory, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_sources():
    """Tests that install fake reputation/contract sources get the defaults back afterwards."""
    yield
    sources.set_reputation_source(None)
    sources.set_contract_rate_source(None)
    sources.set_client_activity_source(None)


@pytest.fixture
def freelancer(db) -> User:
    return make_user(is_freelancer=True)


@pytest.fixture
def client_user(db) -> User:
    return make_user(is_client=True)


@pytest.fixture
def api_client(client):
    """Django test client signed in as a fresh user with both roles; `.user` holds it."""
    user = make_user(is_client=True, is_freelancer=True)
    client.force_login(user)
    client.user = user
    return client
