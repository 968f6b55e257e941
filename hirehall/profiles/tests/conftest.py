from __future__ import annotations

import pytest

from hirehall.accounts.models import User
from hirehall.core.testing import make_user
from hirehall.profiles import sources


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a per-test directory, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_sources():
    """Tests that install fake reputation/contract sources get the installed ones back afterwards
    (the apps' own, e.g. contracts' client activity, registered in AppConfig.ready)."""
    saved = (sources._reputation, sources._contract_rates, sources._client_activity)
    yield
    sources.set_reputation_source(saved[0])
    sources.set_contract_rate_source(saved[1])
    sources.set_client_activity_source(saved[2])


@pytest.fixture
def freelancer(db) -> User:
    return make_user(client=False)


@pytest.fixture
def client_user(db) -> User:
    return make_user(freelancer=False)


@pytest.fixture
def api_client(client):
    """Django test client signed in as a fresh user with both roles; `.user` holds it."""
    user = make_user()
    client.force_login(user)
    client.user = user
    return client
