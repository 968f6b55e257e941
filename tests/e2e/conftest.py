"""Browser tests use transactional databases, whose flush empties the data migrations' rows too.

Put them back around every browser test so the next test (in this file or a later one: xdist schedules
by file) still finds the fee schedule and the skills taxonomy (the demo seed needs both).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hirehall.jobs.testing import restore_seed_data


@pytest.fixture(autouse=True)
def _seed_data_back(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        restore_seed_data()
    yield
    with django_db_blocker.unblock():
        restore_seed_data()
