"""The "Notes (2 new)" count on the pages that link to a youth's notes: the youth's home, the
family's youth page and the roster's youth page.

Those pages belong to other features, so their views do not load the count: just before one of
their templates renders, this adds ``notes_new`` (one statement, see
``reading.unread_count``) to its context. The template only shows the number it is given.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, before_render_template
from flask_login import current_user
from jinja2 import Template

from ccl_youth.extensions import db
from ccl_youth.notes.reading import unread_count
from ccl_youth.web.access import actor

#: Template → the path in its context to the youth it is about.
PAGES: dict[str, tuple[str, ...]] = {
    "home/youth.html": ("me",),
    "family/youth.html": ("view", "user"),
    "roster/youth.html": ("record", "user"),
}


def _youth_id(context: dict[str, Any], path: tuple[str, ...]) -> int | None:
    value: Any = context.get(path[0])
    for name in path[1:]:
        value = getattr(value, name, None)
    youth_id = getattr(value, "id", None)
    return youth_id if isinstance(youth_id, int) else None


def add_unread_count(
    sender: Flask, template: Template, context: dict[str, Any], **extra: Any
) -> None:
    path = PAGES.get(template.name or "")
    if path is None or not current_user.is_authenticated:
        return
    youth_id = _youth_id(context, path)
    if youth_id is not None:
        context["notes_new"] = unread_count(db.session, actor(), youth_id)


def connect_unread_counts(app: Flask) -> None:
    before_render_template.connect(add_unread_count, app)
