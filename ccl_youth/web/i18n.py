"""Languages in the web layer: which locale a request gets, and translating service messages.

A signed-in user's ``preferred_language`` wins. Before signing in, ``?lang=xx`` (the switch on
the sign-in and join pages) picks a language and a cookie remembers it; otherwise the browser's
Accept-Language header; otherwise English. API calls may ask with ``?lang=xx`` whoever calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from babel.dates import format_skeleton
from flask import Flask, Response, current_app, has_request_context, request
from flask_babel import get_locale, gettext
from flask_login import current_user

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.i18n import Message, english_value
from ccl_youth.core.roles import LANGUAGES

DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "ccl_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600


def _chosen(value: str | None) -> str | None:
    return value if value in LANGUAGES else None


def select_locale() -> str:
    """The language of this request (Flask-Babel's locale selector)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if request.path.startswith("/api/") and _chosen(request.args.get("lang")):
        return request.args["lang"]
    if current_user and current_user.is_authenticated:
        preferred = _chosen(getattr(current_user, "preferred_language", None))
        if preferred:
            return preferred
    chosen = _chosen(request.args.get("lang")) or _chosen(request.cookies.get(LANGUAGE_COOKIE))
    if chosen:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def translate(message: str) -> str:
    """A service message in the request's language; English when no translation exists."""
    if not message:
        return message
    if isinstance(message, Message):
        return gettext(message.msgid, **{k: _local(v) for k, v in message.params.items()})
    return gettext(message)


def _local(value: object) -> object:
    """A message's value as the reader sees it: nested messages translated, dates in words."""
    if isinstance(value, Message):
        return translate(value)
    if isinstance(value, date):
        locale = get_locale()
        if locale is None or locale.language == "en":
            return english_value(value)
        return format_skeleton("MMMMd", value, locale=locale)  # "7 de octubre"
    return value


def translate_all(messages: Iterable[str]) -> list[str]:
    return [translate(message) for message in messages]


def translate_errors(errors: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """``ValidationFailed.errors`` with every message translated."""
    return {name: translate_all(messages) for name, messages in errors.items()}


def error_text(error: ValidationFailed) -> str:
    """Every message of a ValidationFailed, translated, as one sentence run (for flashes)."""
    return " ".join(translate(m) for messages in error.errors.values() for m in messages)


def _remember_choice(response: Response) -> Response:
    """Keep an anonymous visitor's ``?lang=`` choice for the pages that follow."""
    chosen = _chosen(request.args.get("lang"))
    if (
        chosen
        and not request.path.startswith("/api/")
        and request.cookies.get(LANGUAGE_COOKIE) != chosen
    ):
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=LANGUAGE_COOKIE_AGE,
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
            httponly=True,
            samesite="Lax",
        )
    return response


def register_language_choice(app: Flask) -> None:
    app.after_request(_remember_choice)
    # ``{{ message|translate }}`` for a service message a template shows as it is.
    app.jinja_env.filters["translate"] = translate
    app.jinja_env.globals["get_locale"] = get_locale  # <html lang>, the language switch
