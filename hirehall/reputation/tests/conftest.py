from __future__ import annotations

from collections.abc import Iterator

import pytest

from hirehall.ledger.verify import verify_ledger


@pytest.fixture(autouse=True)
def _ledger_stays_consistent(request: pytest.FixtureRequest) -> Iterator[None]:
    """Reputation builds real paid contracts: the ledger must stay consistent after each test."""
    yield
    if {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    ) or request.node.get_closest_marker("django_db"):
        assert verify_ledger() == []
