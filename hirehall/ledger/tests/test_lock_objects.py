"""Row locks go through each app's `lock_objects.py` (docs/money.md, "Lock order"): one place per app
holds the pk-ordered `select_for_update` querysets, so the documented order is the code's order."""

from __future__ import annotations

import re
from pathlib import Path

import hirehall

ROOT = Path(hirehall.__file__).parent
MONEY_APPS = ("ledger", "payments", "connects", "jobs", "contracts", "proposals")
LOCK = re.compile(r"\.select_for_update\(")


def direct_locks(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts) or path.name == "lock_objects.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if LOCK.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_services_lock_rows_only_through_lock_objects() -> None:
    offenders = [line for app in MONEY_APPS for line in direct_locks(app)]
    assert offenders == [], "take row locks through the app's lock_objects.py:\n" + "\n".join(offenders)


def test_every_lock_objects_queryset_is_pk_ordered_and_locks_its_own_rows() -> None:
    for app in MONEY_APPS:
        path = ROOT / app / "lock_objects.py"
        if not path.exists():
            continue  # payments takes no row locks: its rows are inserted under UNIQUE keys
        for block in path.read_text().split("\ndef ")[1:]:
            if LOCK.search(block):
                assert 'order_by("pk")' in block or 'order_by("expires_at", "pk")' in block, block
                assert app == "ledger" or 'of=("self",)' in block, block


def test_the_scan_would_catch_a_direct_lock(tmp_path: Path) -> None:
    probe = tmp_path / "services.py"
    probe.write_text("def f():\n    return Job.objects.select_for_update().get(pk=1)\n")
    assert LOCK.search(probe.read_text().splitlines()[1])
