"""Service messages: English as they are, their message id and values kept for translation."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import date

from flask import Flask

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.i18n import N_, Message
from ccl_youth.web.i18n import error_text, translate, translate_errors

SPANISH = {"Accept-Language": "es"}


def test_a_message_reads_as_english_and_keeps_its_id_and_values() -> None:
    message = N_("Use at least %(min_password)s characters.", min_password=8)
    assert message == "Use at least 8 characters."
    assert isinstance(message, str) and isinstance(message, Message)
    assert (message.msgid, message.params) == (
        "Use at least %(min_password)s characters.",
        {"min_password": 8},
    )
    assert json.dumps({"password": [message]}) == '{"password": ["Use at least 8 characters."]}'
    copy = deepcopy(message)
    assert (copy, copy.msgid, copy.params) == (message, message.msgid, message.params)


def test_a_message_without_values_leaves_percent_signs_alone() -> None:
    assert N_("100% done") == "100% done"


def test_a_date_reads_as_day_and_month() -> None:
    message = N_(
        "Entry of %(day)s changed since you opened the page; check it again.",
        day=date(2026, 10, 7),
    )
    assert message == "Entry of 7 October changed since you opened the page; check it again."


def test_translation_happens_when_the_page_is_drawn(app: Flask) -> None:
    message = N_("Use at least %(min_password)s characters.", min_password=8)
    # Each request in its own app context, as on a server (the locale is kept per context).
    with app.app_context(), app.test_request_context("/", headers=SPANISH):
        assert translate(message) == "Mínimo 8 caracteres."
    with app.app_context(), app.test_request_context("/"):
        assert translate(message) == "Use at least 8 characters."


def test_nested_messages_and_dates_are_translated_too(app: Flask) -> None:
    problem = N_("A plan needs the youth's grade. Ask staff to add it to their profile.")
    refused = N_("%(problem)s The plan can be read but not changed.", problem=problem)
    changed = N_(
        "Entry of %(day)s changed since you opened the page; check it again.",
        day=date(2026, 10, 7),
    )
    with app.test_request_context("/", headers=SPANISH):
        assert translate(refused) == (
            "Un plan necesita el grado del joven. Pida al personal que lo agregue a su perfil. "
            "El plan se puede leer pero no cambiar."
        )
        assert translate(changed) == (
            "El registro del 7 de octubre cambió después de que abrió la página; revíselo otra vez."
        )


def test_validation_errors_translate_field_by_field(app: Flask) -> None:
    error = ValidationFailed(
        {"username": [N_("That username is taken. Try another.")]},
        password=N_("Use at most %(max_password)s characters.", max_password=128),
    )
    with app.test_request_context("/", headers=SPANISH):
        assert translate_errors(error.errors) == {
            "username": ["Ese nombre de usuario ya existe. Pruebe otro."],
            "password": ["Máximo 128 caracteres."],
        }
        assert error_text(error) == (
            "Ese nombre de usuario ya existe. Pruebe otro. Máximo 128 caracteres."
        )


def test_empty_and_unknown_text_come_back_unchanged(app: Flask) -> None:
    with app.test_request_context("/", headers=SPANISH):
        assert translate("") == ""
        assert translate("Lincoln Elementary") == "Lincoln Elementary"
