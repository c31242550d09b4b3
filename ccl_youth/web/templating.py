"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, g, url_for
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from ccl_youth.core.roles import LANGUAGES, Role, Stage, grade_label
from ccl_youth.web.routing import MAX_ID

STAGE_LABELS = {
    Stage.AWARENESS.value: _l("Awareness"),
    Stage.EXPLORATION.value: _l("Exploration"),
    Stage.PREPAREDNESS.value: _l("Preparedness"),
}
STAGE_BLURBS = {
    Stage.AWARENESS.value: _l("Finding out what kinds of work people do."),
    Stage.EXPLORATION.value: _l("Trying out interests and learning about careers up close."),
    Stage.PREPAREDNESS.value: _l(
        "Getting ready: skills, work experience and a plan after high school."
    ),
}
CONSENT_LABELS = {
    "not_required": _l("Not needed (13 or older)"),
    "pending": _l("Waiting for a parent or guardian"),
    "granted": _l("Given"),
    "withdrawn": _l("Withdrawn"),
}
ROLE_LABELS = {
    Role.YOUTH.value: _l("Youth"),
    Role.STAFF.value: _l("Staff"),
    Role.FAMILY.value: _l("Family"),
    Role.ADMIN.value: _l("Admin"),
}


def _label(table: dict[str, Any], value: str) -> str:
    """The translated label for a stored value, translated once per request (long lists
    repeat the same few labels hundreds of times)."""
    cache: dict[tuple[int, str], str] = g.setdefault("_labels", {})
    key = (id(table), value)
    if key not in cache:
        cache[key] = str(table.get(value, value))
    return cache[key]


def row_url(endpoint: str, **values: int) -> str:
    """``url_for`` for long lists: the URL is built once per request and endpoint, then only
    the one id changes from row to row (``url_for`` per row is most of a list's cost)."""
    ((name, value),) = values.items()
    cache: dict[tuple[str, str], tuple[str, str]] = g.setdefault("_row_urls", {})
    key = (endpoint, name)
    if key not in cache:
        before, _sentinel, after = url_for(endpoint, **{name: MAX_ID}).partition(str(MAX_ID))
        cache[key] = (before, after)
    before, after = cache[key]
    return f"{before}{int(value)}{after}"


def _when(value: datetime | None) -> str:
    return format_datetime(value, "medium") if value else "—"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["grade"] = grade_label
    app.jinja_env.filters["when"] = _when
    app.jinja_env.filters["stage"] = lambda v: _label(STAGE_LABELS, v)
    app.jinja_env.filters["consent"] = lambda v: _label(CONSENT_LABELS, v)
    app.jinja_env.filters["role"] = lambda v: _label(ROLE_LABELS, v)

    @app.context_processor
    def globals_() -> dict[str, Any]:
        return {"STAGE_BLURBS": STAGE_BLURBS, "LANGUAGES": LANGUAGES, "row_url": row_url}
