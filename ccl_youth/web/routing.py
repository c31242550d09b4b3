"""URL converters: ids in paths are positive and fit the database's integer column."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import BaseConverter, IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` limited to 1 … 2³¹−1, so an absurd id is a 404, never a database error."""

    # ASCII digits only: werkzeug's ``\d+`` also matches other scripts' digits, which int()
    # accepts, so /youth/٦ would otherwise open /youth/6.
    regex = r"[0-9]+"

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class SocCodeConverter(BaseConverter):
    """``<soc:…>``: an O*NET-SOC occupation code such as 15-1252.00, ASCII digits only; anything
    else matches no route (a 404 before any view runs)."""

    regex = r"[0-9]{2}-[0-9]{4}\.[0-9]{2}"


class SlugConverter(BaseConverter):
    """``<slug:…>``: a content slug such as riasec-48 (lowercase ASCII letters, digits and
    hyphens, at most 40, as content requires); anything else matches no route."""

    regex = r"[a-z0-9][a-z0-9-]{0,39}"


class BadgeSlugConverter(BaseConverter):
    """``<badge_slug:…>``: a badge slug as content writes them — a lowercase ASCII letter, then
    lowercase letters, digits or underscores, 4 to 40 in all (every badge slug is a word or
    two). Anything else (ids such as ``0`` or ``abc``, paths, dots, capitals) matches no route:
    a 404 before any view runs."""

    regex = r"[a-z][a-z0-9_]{3,39}"


class ItemKeyConverter(BaseConverter):
    """``<item_key:…>``: a record named by kind and id, such as ``entry-12`` or
    ``placement-3`` (a lowercase word, a hyphen, a positive id of at most 10 digits). Anything
    else matches no route; ids beyond the column's range are refused by the service."""

    regex = r"[a-z][a-z_]{2,19}-[1-9][0-9]{0,9}"


def id_schema(converter: IdConverter) -> dict[str, Any]:
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def register_converters(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["soc"] = SocCodeConverter
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["badge_slug"] = BadgeSlugConverter
    app.url_map.converters["item_key"] = ItemKeyConverter
