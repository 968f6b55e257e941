"""Test infrastructure shared by every app's tests, in one place.

- `users.make_user`: the one user builder (conftest's `user_factory`, `user`, `other_user`,
  `staff_user` fixtures use it).
- `api.ApiClient`: the one /api/v1 client (conftest's `api_client_for` and `api` fixtures).
- `race.race(n, fn)`: real concurrency for PostgreSQL tests.
- `reference_data`: the rows data migrations load, registered by each app's `testing.py`, restored
  after every transactional test by the fixture in `pytest_plugin`.

Core imports no app: the user model comes from `get_user_model()`, tokens are minted by the root
conftest, and apps register their reference data themselves. Nothing here imports pytest except
`pytest_plugin`, so apps' `testing.py` builders stay usable by the demo data and benchmarks.
"""

from hirehall.core.testing.api import ApiClient
from hirehall.core.testing.race import Outcome, race
from hirehall.core.testing.reference_data import register_reference_data, restore_reference_data
from hirehall.core.testing.users import PASSWORD, make_user

__all__ = [
    "PASSWORD",
    "ApiClient",
    "Outcome",
    "make_user",
    "race",
    "register_reference_data",
    "restore_reference_data",
]
