"""The detector is a pure function low in the layer order: it imports nothing of Hirehall's and no
Django, so every app (and the moderation app on top) can call it (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_offplatform_imports_nothing_of_ours_and_no_django():
    sources = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.relative_to(PACKAGE).parts]
    assert sources
    for path in sources:
        for name in _imports(path):
            assert not name.startswith(("hirehall", "config", "django")), f"{path.name} imports {name}"
