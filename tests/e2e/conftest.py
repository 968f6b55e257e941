"""Browser tests use transactional databases, whose flush empties the data migrations' rows too.

Put them back after each module so test files that run later in the same process (xdist schedules
by file) still find the fee schedule and the skills taxonomy.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hirehall.jobs.testing import restore_seed_data


@pytest.fixture(scope="module", autouse=True)
def _seed_data_back(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        restore_seed_data()
    yield
    with django_db_blocker.unblock():
        restore_seed_data()
