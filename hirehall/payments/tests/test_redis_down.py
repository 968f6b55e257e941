"""Redis down (issue 16, docs/reliability.md): REDIS_URL points at a closed port. Pages and API calls
keep answering, sign-in keeps working (rate limits fail open), and money keeps moving."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from hirehall.core import cache as degrading
from hirehall.core.testing import PASSWORD, make_user
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import assert_ledger_ok
from hirehall.payments.tests.helpers import card

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:  # bound, then closed: nothing listens there
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_down() -> Iterator[str]:
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    caches = {
        "default": {
            "BACKEND": "hirehall.core.cache.DegradingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    degrading.DegradingRedisCache._down_until = 0.0
    with override_settings(CACHES=caches, REDIS_URL=url):
        yield url
    degrading.DegradingRedisCache._down_until = 0.0


def test_with_the_plain_redis_cache_signing_in_would_crash_so_the_outage_is_real(redis_down, client):
    make_user("plain@example.com")
    plain = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_down}}
    with override_settings(CACHES=plain), pytest.raises(RedisConnectionError):
        client.post("/accounts/login/", {"login": "plain@example.com", "password": PASSWORD})


def test_cache_errors_are_misses_logged_once_per_interval(redis_down, caplog):
    assert isinstance(caches["default"], degrading.DegradingRedisCache)
    with caplog.at_level(logging.ERROR, logger="hirehall.core.cache"):
        assert cache.get("k", "default") == "default"
        cache.set("k", 1)
        assert cache.add("lock", True) is True  # as if the key were new: allauth's lock is taken
        assert cache.get_many(["a", "b"]) == {}
        assert cache.delete("k") is False
        with pytest.raises(ValueError):
            cache.incr("n")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "treated as a miss" in errors[0].getMessage()  # then the breaker is open


def test_pages_sign_in_and_the_api_keep_answering_and_money_keeps_moving(redis_down, client, api_client_for):
    user = make_user("redis@example.com")
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    for _ in range(3):  # rate-limited form: the limit fails open, sign-in is not refused or a 500
        signed_in = client.post("/accounts/login/", {"login": "redis@example.com", "password": PASSWORD})
        assert signed_in.status_code == 302, signed_in.content[:500]
    assert client.get("/wallet/").status_code == 200

    api = api_client_for(user)
    assert api.get("/api/v1/wallet").status_code == 200
    method = card(user)
    deposit = api.post(
        "/api/v1/wallet/deposits", {"amount": "25.00", "payment_method_id": str(method.pk)}, key="redis-down"
    )
    assert deposit.status_code == 201, deposit.content
    replay = api.post(
        "/api/v1/wallet/deposits", {"amount": "25.00", "payment_method_id": str(method.pk)}, key="redis-down"
    )
    assert replay.json() == deposit.json()  # idempotency keys live in the database, not in Redis
    assert balances_for(user).wallet_balance == 25_00
    assert_ledger_ok()
