"""Form helpers: turn a service's ValidationFailed into field errors on the form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectChoice

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.web.i18n import translate_errors


def apply_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Attach each message, translated, to its field, or to the form when no field has that
    name."""
    for name, messages in translate_errors(error.errors).items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors), *messages]
        else:
            form.form_errors.extend(messages)


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as the choices a SelectField or RadioField takes."""
    return [SelectChoice(value, label) for value, label in pairs]
