"""Dependencies run one way (README "代码结构"): accounts ← audit ← imports ← units ←
rectification, indicators ← reports ← core, and the library healthreport/lib below them all.
An app imports only apps below it; rectification and indicators are siblings and import nothing
from each other; the library imports no app. Read from the source (ast), migrations excluded: a
migration names the apps it depends on by design.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The lower the number, the lower the layer; an app may import only apps with a lower number.
LAYERS = {
    "accounts": 1,
    # The audit trail: every app may record to it (and core's menu asks its policy); it stands
    # on accounts (the user, the client's address) and the library only.
    "audit": 1.5,
    # The record of every import (ImportBatch) and the flow that keeps it: the importing apps
    # stand on it, the library's flow cannot (it imports no app).
    "imports": 2,
    "units": 3,
    "rectification": 4,
    "indicators": 4,
    "reports": 5,
    "core": 6,
}
LIBRARY = "healthreport/lib"

# Imports made for the type checker only (inside `if TYPE_CHECKING:`), which run against the
# direction, each with its reason. Nothing is imported at run time; a new one must be added here.
TYPE_ONLY = {
    # A person's scope is a region (User.region is a ForeignKey to units.Region by name), and the
    # scoping rules take one as an argument.
    ("accounts/scoping.py", "units.models"),
    # The library's requests and importers carry the project's user (AuthenticatedRequest.user).
    ("healthreport/lib/http.py", "accounts.models"),
    ("healthreport/lib/imports.py", "accounts.models"),
}

# healthreport/ itself is configuration only.
CONFIG = {"__init__.py", "settings.py", "urls.py", "wsgi.py", "asgi.py", "lib"}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, type_only: bool = False):
    """(line, module, type_only) for every absolute import, however deep (functions included)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, type_only
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, type_only
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), True)
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), type_only)
        else:
            yield from _imports(node, type_only)


def _sources(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def _against_direction() -> tuple[list[str], set[tuple[str, str]]]:
    """Every import that runs against the direction, and the TYPE_ONLY entries that were used."""
    violations: list[str] = []
    used: set[tuple[str, str]] = set()
    for package, own in [*LAYERS.items(), (LIBRARY, 0)]:
        for path in _sources(package):
            name = path.relative_to(ROOT).as_posix()
            for line, module, type_only in _imports(ast.parse(path.read_text(encoding="utf-8"))):
                top = module.split(".")[0]
                if top not in LAYERS or top == package or LAYERS[top] < own:
                    continue
                if type_only and (name, module) in TYPE_ONLY:
                    used.add((name, module))
                    continue
                violations.append(f"{name}:{line} imports {module}")
    return violations, used


def test_no_app_imports_an_app_above_it_or_beside_it():
    violations, _used = _against_direction()
    assert violations == []


def test_every_type_only_exception_is_still_needed():
    _violations, used = _against_direction()
    assert TYPE_ONLY - used == set()


def test_the_project_package_is_config_only():
    names = {p.relative_to(ROOT / "healthreport").parts[0] for p in _sources("healthreport")}
    assert names <= CONFIG


def test_the_walk_sees_imports_in_functions_and_type_checking_blocks():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from core.models import A\n"
        "def f():\n    import reports.views\n"
    )
    assert [(m, t) for _line, m, t in _imports(tree)] == [
        ("typing", False),
        ("core.models", True),
        ("reports.views", False),
    ]
