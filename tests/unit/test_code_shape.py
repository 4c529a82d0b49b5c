"""The code keeps the shape STYLE.md asks for: short modules and short functions."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "ticketrelay"
MIGRATIONS = PACKAGE / "store" / "migrations"  # written once, by hand or by alembic, then frozen
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if MIGRATIONS not in p.parents)


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef)
    return [node for node in ast.walk(tree) if isinstance(node, kinds)]


def _length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    assert node.end_lineno is not None
    return node.end_lineno - node.lineno + 1


def test_the_tree_is_read() -> None:
    """The checks below look at every module of the package, migrations aside."""
    found = {p.relative_to(PACKAGE).as_posix() for p in _modules()}
    assert {"relay.py", "rules/triggers.py", "intake/ingest.py"} <= found
    assert not any(name.startswith("store/migrations/") for name in found)


def test_no_module_is_over_300_lines() -> None:
    """A module that grows past 300 lines holds more than one concept: split it by concept."""
    counts = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    long = [
        f"  {p.relative_to(ROOT)}:1  {n} lines" for p, n in counts.items() if n > MAX_MODULE_LINES
    ]
    if long:
        pytest.fail(
            f"These modules are over {MAX_MODULE_LINES} lines; split each into modules of one "
            "concept (STYLE.md 1):\n" + "\n".join(long),
            pytrace=False,
        )


def test_no_function_is_over_40_lines() -> None:
    """A function that grows past 40 lines does several things: give each a name of its own."""
    long = [
        f"  {path.relative_to(ROOT)}:{node.lineno}  {node.name}  {_length(node)} lines"
        for path in _modules()
        for node in _functions(path)
        if _length(node) > MAX_FUNCTION_LINES
    ]
    if long:
        pytest.fail(
            f"These functions are over {MAX_FUNCTION_LINES} lines, from `def` to their last "
            "line; split each into steps with names (STYLE.md 1):\n" + "\n".join(long),
            pytrace=False,
        )
