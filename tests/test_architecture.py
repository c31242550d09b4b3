"""Services, core and pure modules never import Flask, directly or through another module."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ccl_youth"
PACKAGE_INIT = PACKAGE / "__init__.py"
FLASK_NAMES = ("flask", "flask_", "werkzeug", "wtforms")


def module_path(name: str) -> Path | None:
    relative = Path(*name.split("."))
    for candidate in (
        PACKAGE.parent / relative.with_suffix(".py"),
        PACKAGE.parent / relative / "__init__.py",
    ):
        if candidate.exists():
            return candidate
    return None


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def flask_imports_reached(start: str) -> list[str]:
    """Every (module → flask import) pair reachable from ``start`` through ccl_youth modules.
    A package's ``__init__`` is not followed: importing a submodule only runs it."""
    seen: set[str] = set()
    problems: list[str] = []
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_path(name)
        if path is None:
            continue
        for imported in imports_of(path):
            top = imported.split(".")[0]
            if top.startswith(FLASK_NAMES):
                problems.append(f"{name} imports {imported}")
            elif top == "ccl_youth" and module_path(imported) not in (
                None,
                PACKAGE / "__init__.py",
            ):
                todo.append(imported)
    return sorted(set(problems))


SPLIT_FEATURES = (
    "partners",
    "experiences",
    "reflections",
    "placements",
    "skills",
    "progress",
    "badges",
    "credentials",
    "goals",
    "portfolio",
    "plans",
    "resume",
    "notes",
    "events",
)
#: The web glue of those features: forms, CLI, views, and the badge rules' commit listener
#: (it finds the app's content folder; the rules it runs are in badges/evaluation.py).
WEB_GLUE = {"__init__", "forms", "cli", "listener"}


def flask_free_modules() -> list[str]:
    modules = [
        "ccl_youth.db",
        "ccl_youth.accounts.language",
        *(f"ccl_youth.core.{p.stem}" for p in (PACKAGE / "core").glob("*.py")),
        *(f"ccl_youth.{p.parent.name}.services" for p in PACKAGE.glob("*/services.py")),
        *(f"ccl_youth.{p.parent.name}.models" for p in PACKAGE.glob("*/models.py")),
        # Features whose service layer is split across several modules: all but the web glue.
        *(
            f"ccl_youth.{p.parent.name}.{p.stem}"
            for feature in SPLIT_FEATURES
            for p in (PACKAGE / feature).glob("*.py")
            if not (p.stem in WEB_GLUE or p.stem.endswith("views") or "views_" in p.stem)
        ),
    ]
    return sorted(set(modules))


def test_there_are_services_to_check():
    modules = flask_free_modules()
    assert "ccl_youth.accounts.services" in modules
    assert "ccl_youth.core.policies" in modules
    assert len(modules) >= 12


def test_services_core_and_models_never_reach_flask():
    problems = {m: flask_imports_reached(m) for m in flask_free_modules()}
    assert {m: p for m, p in problems.items() if p} == {}


def test_the_checker_sees_a_flask_import():
    assert flask_imports_reached("ccl_youth.web.access")
