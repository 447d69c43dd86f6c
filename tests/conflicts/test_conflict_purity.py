"""Domain code is plain Python: app/conflicts, geo and calendars import nothing from Flask, SQLAlchemy or
the rest of `app` (checked on the source with ast, so a lazy import inside a function is caught too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "sqlalchemy", "geoalchemy2", "werkzeug", "alembic")
PACKAGES = {"app/conflicts": ("app.conflicts",), "geo": (), "calendars": ()}


def imported(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def sources() -> list[tuple[str, Path]]:
    return [(pkg, p) for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]


def test_there_is_something_to_check():
    assert {pkg for pkg, _ in sources()} == set(PACKAGES)


@pytest.mark.parametrize(("package", "path"), sources(), ids=lambda v: str(v).split("overblik")[-1])
def test_domain_module_imports_nothing_from_the_web_or_db_layers(package, path):
    for name in imported(path):
        top = name.split(".")[0]
        assert top not in FORBIDDEN, f"{path} imports {name}"
        if top == "app":
            assert name.startswith(PACKAGES[package]) and PACKAGES[package], f"{path} imports {name}"
