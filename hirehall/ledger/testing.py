"""Test support for the ledger: the rows its data migrations load, registered with core's
reference-data registry so they come back after a transactional test's flush."""

from __future__ import annotations

from hirehall.core.testing.reference_data import register_reference_data, run_data_migration

register_reference_data(
    "ledger.fee_schedule",
    models=("ledger.FeeSchedule", "ledger.FeeTier"),
    load=lambda: run_data_migration("ledger", "0002_seed_fee_schedule"),
)
