"""Only `hirehall/ledger/services.py` writes ledger rows.

Static half: no other source module calls a write method on a ledger model's manager, queryset or
reverse relation. Runtime half (helpers.only_services_write, autouse in the ledger and payments
tests): every model save/delete of a ledger row comes from inside the services module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import hirehall
from hirehall.ledger.tests.helpers import LEDGER_MODELS

ROOT = Path(hirehall.__file__).parent
WRITER = ROOT / "ledger" / "services.py"
WRITES = {
    "create",
    "bulk_create",
    "update",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "delete",
    "save",
}
# Names that reach ledger rows: the models themselves and their reverse relations.
LEDGER_NAMES = set(LEDGER_MODELS) | {"transfers", "resolved_transfers", "debits", "credits"}


def _chain(node: ast.AST) -> list[str]:
    names = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        else:
            return names


def ledger_writes_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            chain = _chain(node.func.value)
            if LEDGER_NAMES & set(chain):
                found.append(f"{path}:{node.lineno}: {'.'.join(reversed(chain))}.{node.func.attr}()")
    return found


def source_files() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and p != WRITER
    ]


def test_no_module_but_ledger_services_writes_ledger_rows():
    offenders = [line for path in source_files() for line in ledger_writes_in(path)]
    assert offenders == [], "ledger rows written outside hirehall/ledger/services.py:\n" + "\n".join(
        offenders
    )


def test_the_scan_would_catch_a_write(tmp_path):
    bad = tmp_path / "probe.py"
    bad.write_text(
        "from hirehall.ledger.models import Transfer\n"
        "def f(group):\n"
        "    Transfer.objects.filter(pk=1).update(amount=2)\n"
        "    group.transfers.all().delete()\n"
    )
    assert len(ledger_writes_in(bad)) == 2


def test_the_writer_itself_is_scanned_as_a_writer():
    assert ledger_writes_in(WRITER), "the scan no longer recognises the services module's writes"
