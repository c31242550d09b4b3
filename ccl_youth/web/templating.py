"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from ccl_youth.core.roles import LANGUAGES, Role, Stage, grade_label

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


def _when(value: datetime | None) -> str:
    return format_datetime(value, "medium") if value else "—"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["grade"] = grade_label
    app.jinja_env.filters["when"] = _when
    app.jinja_env.filters["stage"] = lambda v: STAGE_LABELS.get(v, v)
    app.jinja_env.filters["consent"] = lambda v: CONSENT_LABELS.get(v, v)
    app.jinja_env.filters["role"] = lambda v: ROLE_LABELS.get(v, v)

    @app.context_processor
    def globals_() -> dict[str, Any]:
        return {"STAGE_BLURBS": STAGE_BLURBS, "LANGUAGES": LANGUAGES}
