"""The docs stay true: every path in a guide's "where things live" table exists, and every
"DESIGN §N" the code and docs cite is a section of docs/product-rules.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
RULES = DOCS / "product-rules.md"
# Docs that are references, not guides: they need no "where things live" table.
NOT_GUIDES = {"product-rules.md"}
SCANNED = ("hirehall", "config", "docs", "benchmarks", "scripts", "tests", "README.md", "conftest.py")
TEXT_SUFFIXES = {".py", ".md", ".html", ".txt"}
PATH_SUFFIXES = (".py", ".md", ".html", ".toml", ".txt", ".json", ".cfg", ".sh")
TOP_LEVEL = {p.name for p in ROOT.iterdir() if not p.name.startswith(".")}


def guides() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if p.name not in NOT_GUIDES)


def where_things_live(doc: Path) -> list[str]:
    """The table rows right under the "Where things live" heading (empty if there is none)."""
    rows: list[str] = []
    lines = doc.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.fullmatch(r"#+\s+where things live\s*", line.strip(), flags=re.IGNORECASE):
            for row in lines[i + 1 :]:
                if not row.startswith("|"):
                    break
                rows.append(row)
            break
    return rows[2:]  # past the header and the |---| line


def paths_in(row: str) -> list[str]:
    """Backticked tokens that name files or folders of the repository (not URLs, names or commands)."""
    found = []
    for token in re.findall(r"`([^`]+)`", row):
        if token.startswith("/") or any(c in token for c in " …<>{}"):
            continue
        if "/" in token or token.endswith(PATH_SUFFIXES) or token in TOP_LEVEL:
            found.append(token)
    return found


def exists(token: str) -> bool:
    if "*" in token:
        return any(ROOT.glob(token))
    path = ROOT / token
    # A module that became a package keeps its import path: `x.py` is satisfied by `x/`.
    return path.exists() or (token.endswith(".py") and (path.with_suffix("") / "__init__.py").exists())


@pytest.mark.parametrize("doc", guides(), ids=lambda p: p.name)
def test_every_guide_opens_with_a_where_things_live_table(doc: Path) -> None:
    rows = where_things_live(doc)
    assert rows, f"docs/{doc.name} has no '## Where things live' table"
    assert all(paths_in(row) for row in rows), f"docs/{doc.name}: rows without a path: " + "\n".join(
        row for row in rows if not paths_in(row)
    )


@pytest.mark.parametrize("doc", guides(), ids=lambda p: p.name)
def test_every_path_in_where_things_live_exists(doc: Path) -> None:
    missing = [token for row in where_things_live(doc) for token in paths_in(row) if not exists(token)]
    assert missing == [], f"docs/{doc.name} names paths that do not exist: {missing}"


def test_the_path_checker_catches_a_wrong_path() -> None:
    row = "| x | `hirehall/ledger/nope.py`, `hirehall/ledger/services.py`, `/api/v1/wallet`, `escrow_fund` |"
    tokens = paths_in(row)
    assert tokens == ["hirehall/ledger/nope.py", "hirehall/ledger/services.py"]
    assert [exists(t) for t in tokens] == [False, True]
    assert exists("Makefile") and exists("hirehall/contracts/services.py")  # a package now
    assert not exists("hirehall/contracts/nothing.py")


def sections() -> set[int]:
    return {int(n) for n in re.findall(r"^## (\d+)\. ", RULES.read_text(encoding="utf-8"), flags=re.M)}


def citations() -> list[tuple[str, int]]:
    """(file:line, section) for every § number on a line that cites DESIGN, ranges expanded."""
    found = []
    for top in SCANNED:
        base = ROOT / top
        files = [base] if base.is_file() else [p for p in base.rglob("*") if p.suffix in TEXT_SUFFIXES]
        for path in files:
            if "__pycache__" in path.parts or path == RULES:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if "DESIGN" not in line:
                    continue
                for first, last in re.findall(r"§\s*(\d+)(?:\s*[–-]\s*(\d+))?", line):
                    where = f"{path.relative_to(ROOT)}:{number}"
                    found += [(where, n) for n in range(int(first), int(last or first) + 1)]
    return found


def test_design_citations_resolve_to_product_rules() -> None:
    text = RULES.read_text(encoding="utf-8")
    assert 'This file is "DESIGN"' in text
    known = sections()
    assert known == set(range(1, 12))
    cited = citations()
    assert len(cited) > 20  # the scan finds the citations it checks
    unknown = [(where, n) for where, n in cited if n not in known]
    assert unknown == [], f"citations of sections docs/product-rules.md does not have: {unknown}"


def test_the_repository_depends_on_no_file_outside_it() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}"
        for top in SCANNED
        for path in ([ROOT / top] if (ROOT / top).is_file() else (ROOT / top).rglob("*"))
        if path.suffix in TEXT_SUFFIXES
        and "__pycache__" not in path.parts
        and path.name != Path(__file__).name
        and re.search(r"\.\./shared|/work/shared", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
