from __future__ import annotations

from collections.abc import Iterator

import pytest

from hirehall.ledger.tests.helpers import only_services_write


@pytest.fixture(autouse=True)
def _ledger_single_writer() -> Iterator[None]:
    with only_services_write():
        yield
