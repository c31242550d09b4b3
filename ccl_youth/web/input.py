"""Refuse text no field may hold before any view sees it: the NUL character. PostgreSQL cannot
store it in text columns (the driver raises), so letting it through would be a 500 on one
database and stored garbage on the other."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_babel import gettext as _

from ccl_youth.web.errors import render_error

NUL = "\x00"


def _field_with_nul(value: Any, name: str) -> str | None:
    """The path of the first string holding NUL in a decoded JSON value (``name`` for the
    value itself, ``key.inner`` / ``key[3]`` inside), or None. Walks with a stack, not
    recursion, so any depth the JSON decoder accepted is fine."""
    stack: list[tuple[Any, str]] = [(value, name)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return path or "body"
        elif isinstance(item, dict):
            for key, inner in reversed(list(item.items())):
                if NUL in key:
                    return path or "body"
                stack.append((inner, f"{path}.{key}" if path else key))
        elif isinstance(item, list):
            stack.extend((inner, f"{path}[{i}]") for i, inner in reversed(list(enumerate(item))))
    return None


def offending_field() -> str | None:
    """The first query, form or JSON field (or upload file name) of the request holding NUL."""
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if NUL in key or NUL in value:
                return key.replace(NUL, "")
    for key, upload in request.files.items(multi=True):
        if upload.filename and NUL in upload.filename:
            return key
    if request.is_json:
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # nested too deep to decode: the views refuse it as malformed
            return None
        return _field_with_nul(body, "")
    return None


def register_input_checks(app: Flask) -> None:
    @app.before_request
    def refuse_nul() -> Any:
        field = offending_field()
        if field is None:
            return None
        return render_error(
            400,
            detail=_(
                "The field “%(field)s” holds a character that cannot be saved (NUL). "
                "Remove it and try again.",
                field=field or "body",
            ),
        )
