"""The badge rules, awards and pages' data never import Flask: only the listener may (to find
the app's catalogs) and the web glue."""

from __future__ import annotations

from tests.test_architecture import flask_imports_reached


def test_badge_logic_never_reaches_flask():
    for module in ("evaluation", "awarding", "changes", "services", "board"):
        assert flask_imports_reached(f"ccl_youth.badges.{module}") == [], module


def test_the_checker_sees_the_listener_import_flask():
    assert "ccl_youth.badges.listener imports flask" in flask_imports_reached(
        "ccl_youth.badges.listener"
    )
