"""The pure core is sealed: it imports no database, HTTP, async, web or CLI code, not even
through another module of ticketrelay."""

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

# A package stands for itself and every module below it, so a new file there is checked too.
PURE = ("ticketrelay.rules", "ticketrelay.model", "ticketrelay.delivery.plan")
FORBIDDEN = (
    "sqlalchemy",
    "httpx",
    "anyio",
    "asyncio",
    "fastapi",
    "starlette",
    "jinja2",
    "uvicorn",
    "psycopg",
    "ticketrelay.store",
    "ticketrelay.web",
    "ticketrelay.cli",
    "ticketrelay.intake",
    "ticketrelay.delivery",
    "ticketrelay.integrations",
    "ticketrelay.relay",
    "ticketrelay.crypto",
    "ticketrelay.kintone.client",
    "ticketrelay.kintone.connection",
    "ticketrelay.kintone.auth",
    "ticketrelay.kintone.sim",
)
ADVICE = (
    "The pure core decides on plain data and does no I/O: pass the data in from the edge "
    "(intake, delivery, store, web) instead, or move the code that needs this import there."
)
# The shipped fakes stand on the pure rules, the demo's people and texts, and the socket a
# server is served on; product code
# never leans on a fake: only the command line, the demo and the benchmark (and tests) use them.
FAKES = "ticketrelay.fakes"
FAKES_MAY_IMPORT = (
    FAKES,
    "ticketrelay.rules",
    "ticketrelay.demo",
    "ticketrelay.errors",
    "ticketrelay.serving",
)
FAKES_USERS = (FAKES, "ticketrelay.cli", "ticketrelay.demo", "ticketrelay.benchmark")


@dataclass(frozen=True)
class Import:
    """One import statement's module, as written in `importer` at `line`."""

    importer: str
    target: str
    line: int


@dataclass
class Report:
    """The modules whose source was read, and one message per forbidden import found."""

    checked: set[str] = field(default_factory=set)
    breaches: list[str] = field(default_factory=list)


def check(src: Path, pure: Iterable[str], forbidden: Iterable[str]) -> Report:
    """Follow the imports of every pure module through the modules of `src`, at any depth."""
    modules = {m for name in pure for m in modules_under(src, name)}
    report = Report()
    for start in sorted(modules):
        report.breaches += _breaches(src, start, modules, tuple(forbidden), report.checked)
    return report


def modules_under(src: Path, name: str) -> list[str]:
    """`name`, and every module below it if it is a package."""
    path = module_file(src, name)
    assert path is not None, f"{name} is listed as pure, but no file under {src} defines it."
    if path.name != "__init__.py":
        return [name]
    return sorted(_module_name(src, p) for p in path.parent.rglob("*.py"))


def module_file(src: Path, module: str) -> Path | None:
    """The file that defines a module under `src`; None for other packages' modules."""
    base = src.joinpath(*module.split("."))
    return next((p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()), None)


def imports(src: Path, module: str) -> Iterator[Import]:
    """Every import of a module: at the top, in functions and under `if TYPE_CHECKING`."""
    path = module_file(src, module)
    assert path is not None
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (Import(module, a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(package, node.module, node.level)
            for alias in node.names:
                name = f"{base}.{alias.name}"  # `from package import module`
                yield Import(module, name if module_file(src, name) else base, node.lineno)


def _breaches(
    src: Path, start: str, pure: set[str], forbidden: tuple[str, ...], checked: set[str]
) -> list[str]:
    found: list[str] = []
    reached: dict[str, Import | None] = {start: None}
    queue = [start]
    while queue:
        module = queue.pop(0)
        checked.add(module)
        for imp in imports(src, module):
            if imp.target not in pure and _is_under(imp.target, forbidden):
                found.append(_message(src, start, _chain(reached, imp)))
            elif imp.target not in reached and module_file(src, imp.target):
                reached[imp.target] = imp
                queue.append(imp.target)
    return found


def _is_under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(f"{p}.") for p in prefixes)


def _chain(reached: dict[str, Import | None], last: Import) -> list[Import]:
    chain = [last]
    while (step := reached[chain[0].importer]) is not None:
        chain.insert(0, step)
    return chain


def _message(src: Path, start: str, chain: list[Import]) -> str:
    via = f" through {', '.join(i.target for i in chain[:-1])}" if len(chain) > 1 else ""
    lines = [f"{start} imports {chain[-1].target}{via}:"]
    for imp in chain:
        path = module_file(src, imp.importer)
        assert path is not None
        lines.append(f"  {path.relative_to(src)}:{imp.line} imports {imp.target}")
    return "\n".join([*lines, ADVICE])


def _absolute(package: str, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    parts = parts[: len(parts) - level + 1]  # `from . import x` stays in `package`
    return ".".join([*parts, module] if module else parts)


def _module_name(src: Path, path: Path) -> str:
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_pure_core_imports_no_io() -> None:
    """Nor does anything it imports, down to the last module of ticketrelay it reaches."""
    report = check(SRC, PURE, FORBIDDEN)
    if report.breaches:
        pytest.fail("\n\n".join(report.breaches), pytrace=False)


def test_every_module_of_the_rules_package_is_checked() -> None:
    """A new file under `ticketrelay/rules` is held to the contract without being listed."""
    files = sorted((SRC / "ticketrelay" / "rules").rglob("*.py"))
    report = check(SRC, PURE, FORBIDDEN)
    assert len(files) > 10
    assert {_module_name(SRC, f) for f in files} <= report.checked
    assert {"ticketrelay.model", "ticketrelay.delivery.plan"} <= report.checked


def test_the_fakes_import_only_the_rules_the_demo_the_errors_and_serving() -> None:
    """A fake that reached for the store or the web would test ticketrelay with itself."""
    breaches = [
        f"{imp.importer}:{imp.line} imports {imp.target}"
        for module in modules_under(SRC, FAKES)
        for imp in imports(SRC, module)
        if _is_under(imp.target, ("ticketrelay",)) and not _is_under(imp.target, FAKES_MAY_IMPORT)
    ]
    assert breaches == []


def test_only_the_command_line_demo_and_benchmark_import_the_fakes() -> None:
    """No product module depends on a fake; the fakes serve the tools around the product."""
    modules = sorted(_module_name(SRC, p) for p in (SRC / "ticketrelay").rglob("*.py"))
    breaches = [
        f"{imp.importer}:{imp.line} imports {imp.target}"
        for module in modules
        if not _is_under(module, FAKES_USERS)
        for imp in imports(SRC, module)
        if _is_under(imp.target, (FAKES,))
    ]
    assert "ticketrelay.fakes.command" in modules
    assert breaches == []


def test_the_check_finds_direct_and_indirect_imports(tmp_path: Path) -> None:
    """A test of the test: it finds an import in a function, and one behind an allowed module."""
    _write(tmp_path, "fake/__init__.py", "")
    _write(tmp_path, "fake/core/__init__.py", '"""The fake pure core."""\n')
    _write(tmp_path, "fake/core/direct.py", "import json\n\n\ndef f():\n    import sqlalchemy\n")
    _write(tmp_path, "fake/core/indirect.py", "from .. import vocabulary\n")
    _write(tmp_path, "fake/core/clean.py", "from fake.words import WORDS\n")
    guarded = "if TYPE_CHECKING:\n    from sqlalchemy.engine import Row\n"
    _write(tmp_path, "fake/vocabulary.py", f"from typing import TYPE_CHECKING\n\n{guarded}")
    _write(tmp_path, "fake/words.py", "import re\n\nWORDS = re.compile('x')\n")
    report = check(tmp_path, ["fake.core"], ["sqlalchemy"])
    assert report.breaches == [
        "fake.core.direct imports sqlalchemy:\n"
        f"  fake/core/direct.py:5 imports sqlalchemy\n{ADVICE}",
        "fake.core.indirect imports sqlalchemy.engine through fake.vocabulary:\n"
        "  fake/core/indirect.py:1 imports fake.vocabulary\n"
        f"  fake/vocabulary.py:4 imports sqlalchemy.engine\n{ADVICE}",
    ]
    assert {"fake.core.clean", "fake.words", "fake.vocabulary"} <= report.checked


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
