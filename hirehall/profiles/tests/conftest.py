from __future__ import annotations

import itertools

import pytest

from hirehall.accounts.models import User

_seq = itertools.count(1)


def make_user(**extra: object) -> User:
    n = next(_seq)
    extra.setdefault("name", f"User {n}")
    return User.objects.create_user(f"user{n}@example.test", "pw-123456789", **extra)


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
