from __future__ import annotations

from collections.abc import Iterator

import pytest

from hirehall.ledger.tests.helpers import only_services_write


@pytest.fixture(autouse=True)
def _ledger_single_writer() -> Iterator[None]:
    with only_services_write():
        yield


@pytest.fixture(autouse=True)
def _fee_schedule(request: pytest.FixtureRequest) -> None:
    # Tests elsewhere in the run that truncate tables (transaction=True) also remove the fee schedule
    # seeded by migration; put v1 back so these tests see the database `migrate` produces.
    if request.node.get_closest_marker("django_db"):
        from hirehall.ledger.services import fee_schedule_ensure_default

        fee_schedule_ensure_default()
