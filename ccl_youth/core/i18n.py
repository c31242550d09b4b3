"""Messages that services raise, marked for translation without importing Flask.

Services cannot call gettext (no Flask, no request locale), so they mark each user-facing
message with ``N_("…")``. The message reads and compares as its English text, and also keeps its
message id and values; the web layer translates it at render time (``web.i18n.translate``).
Values go in ``%(name)s`` placeholders, filled in after translation; a ``date`` value reads
as day and month ("7 October"), in the reader's language once translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date


class Message(str):
    """English text that remembers its message id and values for later translation."""

    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, params: Mapping[str, object] | None = None) -> Message:
        values = dict(params or {})
        english = {name: english_value(value) for name, value in values.items()}
        message = super().__new__(cls, msgid % english if values else msgid)
        message.msgid = msgid
        message.params = values
        return message


def english_value(value: object) -> object:
    """A value as the English text shows it (a date as "7 October")."""
    if isinstance(value, date):
        return f"{value.day} {value:%B}"
    return value


def N_(msgid: str, /, **params: object) -> Message:
    """Mark ``msgid`` for extraction; ``params`` fill its ``%(name)s`` placeholders."""
    return Message(msgid, params)
