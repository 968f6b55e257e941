"""The layer order (docs/decisions/0007-layer-order.md), checked on every module's imports.

Rules, for every module under hirehall/ (migrations excepted: Django writes them):
1. an app imports only itself and apps in lower layers; apps in one layer do not import each other;
2. no app imports `config` (the settings, URLs and API root sit on top of every app);
3. no production module imports test code (`<app>.tests`);
4. views and API handlers never import another app's `api` or `views` (they read its selectors, and
   shared output schemas live in the owning app's `schemas`); core's `api` is the shared API machinery;
5. every app is in the order, so a new app is checked from its first commit.
Test code (`<app>/tests/`) is exempt from rules 1, 2 and 4: whole-product tests (the authorization
matrix, schemathesis, the API shell) and worlds that span layers (a job with proposals) need apps above
their own. Production code may never lean on that: rule 3.
Every import counts: module level, inside functions, and under TYPE_CHECKING (a type is a dependency).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

HIREHALL = Path(__file__).resolve().parents[2]

# Lowest first. Apps that do not exist yet are listed so they are checked from their first commit.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core", "offplatform"),  # offplatform: a pure function, imports nothing of ours
    ("accounts",),
    ("notifications",),
    ("taxonomy", "search"),
    ("ledger",),
    ("payments",),
    ("profiles",),
    ("connects",),
    ("jobs",),
    ("contracts",),
    ("proposals",),
    ("messaging",),
    ("reputation",),
    ("moderation",),
    ("webhooks", "privacy"),
    ("web",),  # the web shell: the dashboard reads every app below
)
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
ENTRY_POINTS = {"api", "views"}


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    imported: str
    rule: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.imported}: {self.rule}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(HIREHALL.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, *, is_package: bool) -> list[tuple[int, str]]:
    """Every module an import statement names (`from a import b` yields a.b too: b may be a module)."""
    found: list[tuple[int, str]] = []
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names if alias.name != "*")
    return found


def _app_and_rest(name: str) -> tuple[str, list[str]] | None:
    parts = name.split(".")
    if parts[0] != "hirehall" or len(parts) < 2:
        return None
    return parts[1], parts[2:]


def _is_test_code(rest: list[str]) -> bool:
    return "tests" in rest


def _is_entry_point(rest: list[str]) -> bool:
    return bool(rest) and rest[0] in ENTRY_POINTS


def check_module(module: str, source: str, *, is_package: bool = False) -> list[Violation]:
    own = _app_and_rest(module)
    if own is None:
        return []
    app, rest = own
    test_code = _is_test_code(rest)
    violations: list[Violation] = []
    for line, name in imported_modules(source, module, is_package=is_package):
        if any(v.line == line and name.startswith(v.imported + ".") for v in violations):
            continue  # `from a import b` already reported as a
        if name == "config" or name.startswith("config."):
            if not test_code:
                violations.append(Violation(module, line, name, "config sits above every app"))
            continue
        target = _app_and_rest(name)
        if target is None:
            continue
        other, other_rest = target
        if other not in RANK:  # not an app (checked by test_every_app_is_in_the_order)
            continue
        if _is_test_code(other_rest) and not test_code:
            violations.append(Violation(module, line, name, "production code never imports test code"))
        if other == app or test_code:
            continue
        if RANK[other] >= RANK[app]:
            rule = "same layer: peers stay independent" if RANK[other] == RANK[app] else "import upwards"
            violations.append(Violation(module, line, name, f"{rule} ({app} is below {other})"))
        if _is_entry_point(rest) and _is_entry_point(other_rest) and other != "core":
            rule = "handlers read other apps' selectors/schemas, never their api/views"
            violations.append(Violation(module, line, name, rule))
    return violations


def app_packages() -> list[str]:
    return sorted(p.parent.name for p in HIREHALL.glob("*/__init__.py"))


def production_and_test_modules() -> list[Path]:
    return sorted(p for p in HIREHALL.rglob("*.py") if "migrations" not in p.parts)


def test_every_app_is_in_the_order() -> None:
    missing = [app for app in app_packages() if app not in RANK]
    assert not missing, f"add {missing} to LAYERS here and to docs/decisions/0007-layer-order.md"


def test_no_module_imports_against_the_layer_order() -> None:
    violations = []
    for path in production_and_test_modules():
        violations += check_module(
            module_name(path), path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py"
        )
    assert not violations, "\n".join(map(str, violations))


# --- the checker itself: each rule fails on a module that breaks it ---------------------------------
def _rules(module: str, source: str, *, is_package: bool = False) -> list[str]:
    return [v.rule for v in check_module(module, source, is_package=is_package)]


def test_checker_flags_an_upward_import_wherever_it_is() -> None:
    assert _rules("hirehall.core.api", "from hirehall.accounts.models import User")
    assert _rules("hirehall.jobs.views", "def f():\n    from hirehall.proposals.models import Proposal")
    typing_only = "if TYPE_CHECKING:\n    from hirehall.proposals.models import Offer"
    assert _rules("hirehall.contracts.services._create", typing_only)
    assert _rules("hirehall.contracts.demo", "from hirehall import proposals")
    assert _rules("hirehall.contracts.demo", "import hirehall.proposals.services")
    assert _rules("hirehall.ledger.services", "from hirehall.messaging import services")  # not built yet


def test_checker_resolves_relative_imports() -> None:
    assert _rules("hirehall.contracts.services.fixed", "from ...proposals import services")
    assert _rules("hirehall.contracts.services", "from ...proposals import models", is_package=True)
    assert not _rules("hirehall.contracts.services", "from ..models import Contract", is_package=True)
    assert not _rules("hirehall.contracts.services.fixed", "from . import common")


def test_checker_refuses_peers_config_and_test_code() -> None:
    assert _rules("hirehall.search.engine", "from hirehall.taxonomy import models")
    assert _rules("hirehall.jobs.selectors", "from config.settings import DEBUG")
    assert _rules("hirehall.proposals.testing", "from hirehall.contracts.tests.helpers import x")


def test_checker_refuses_handlers_reading_another_apps_handlers() -> None:
    rules = _rules("hirehall.proposals.api", "from hirehall.contracts.api import X")
    assert rules and "handlers read" in rules[0]
    assert _rules("hirehall.proposals.api.offers", "from hirehall.contracts.api.schemas import X")
    assert _rules("hirehall.proposals.views", "from hirehall.jobs import views")
    assert not _rules("hirehall.proposals.api", "from hirehall.contracts.schemas import ContractOut")
    assert not _rules("hirehall.proposals.api", "from hirehall.jobs.selectors import job_get_for")
    assert not _rules("hirehall.proposals.api", "from hirehall.core.api import problems")


def test_checker_allows_downward_imports_and_lets_tests_span_layers() -> None:
    assert not _rules("hirehall.proposals.services", "from hirehall.contracts.services import X")
    assert not _rules("hirehall.jobs.tests.test_api", "from hirehall.proposals.testing import apply")
    assert not _rules("hirehall.core.tests.test_x", "from config.api import api")
    assert not _rules("hirehall.core.tests.test_x", "from hirehall.accounts.models import User")
