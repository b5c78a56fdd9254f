"""The package's layout as the manual describes it: a core that knows
nothing of MkDocs, and an adapter that holds no state between builds."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from edition import cli

PACKAGE = Path(cli.__file__).parent
ADAPTER = {"mkdocs_site", "plugin"}  # the only modules that speak to MkDocs


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_module_of_the_core_imports_mkdocs() -> None:
    modules = sorted(p for p in PACKAGE.glob("*.py") if p.stem not in ADAPTER)
    assert len(modules) > 20  # the package is where the test looks
    assert [p.name for p in modules if "mkdocs" in _imports(p)] == []


def test_the_adapter_keeps_no_mutable_state_between_builds() -> None:
    """`mkdocs serve` builds again and again in one process: whatever a build
    holds lives on its own object, made when it starts, dropped when it ends."""
    for name in sorted(ADAPTER):
        module = importlib.import_module(f"edition.{name}")
        mutable = [key for key, value in vars(module).items()
                   if not key.startswith("__") and isinstance(value, (dict, list, set, bytearray))]
        assert mutable == [], f"edition/{name}.py keeps {mutable} at module level"
