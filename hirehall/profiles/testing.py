"""Test support for profiles: the skills taxonomy its data migration loads, registered with core's
reference-data registry so it comes back after a transactional test's flush."""

from __future__ import annotations

from hirehall.core.testing.reference_data import register_reference_data, run_data_migration

register_reference_data(
    "profiles.taxonomy",
    models=("profiles.Category", "profiles.Subcategory", "profiles.Skill", "profiles.SkillAlias"),
    load=lambda: run_data_migration("profiles", "0002_seed_taxonomy"),
)
