"""Forms for taking inventories, entering paper sheets and assigning instruments.

The answers of an inventory page are radio groups named ``answer-<item key>``; which items a
page has depends on the instrument, so :func:`read_answers` reads them by name and checks only
their shape. Whether an item exists and a value is on the scale is the service's rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Length

ANSWER_PREFIX = "answer-"
#: More answer fields than any instrument has items is not a real form.
MAX_ANSWERS = 200


class AssignForm(FlaskForm):
    instrument = SelectField(_l("Inventory"), validators=[DataRequired()])


class ChooseInstrumentForm(FlaskForm):
    """Step one of a paper entry: which inventory the sheet is (a GET form, no token)."""

    class Meta:
        csrf = False

    instrument = SelectField(_l("Inventory on the sheet"), validators=[DataRequired()])


class PaperSheetForm(FlaskForm):
    """Step two of a paper entry; the answers are read by :func:`read_answers`. The key is made
    when the form is shown, so sending the same sheet twice saves it once."""

    instrument = HiddenField(validators=[DataRequired(), Length(max=40)])
    submission_key = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])


def parse_value(raw: object) -> object:
    """A whole number from a form or JSON value when it is one ("3" or 3); anything else is
    handed on unchanged for the service to refuse, naming the item."""
    if isinstance(raw, str):
        text = raw.strip()
        digits = text[1:] if text.startswith("-") else text
        if 0 < len(digits) <= 3 and digits.isascii() and digits.isdigit():
            return int(text)
    return raw


def read_answers(formdata: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Item key → value for every ``answer-<key>`` field with a value (an empty one is a
    skipped item), and field errors for a form with too many answer fields."""
    answers: dict[str, Any] = {}
    for name in formdata:
        if not name.startswith(ANSWER_PREFIX):
            continue
        if len(answers) >= MAX_ANSWERS:
            return {}, {"answers": str(_l("That form has more answers than any inventory."))}
        raw = formdata.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        answers[name[len(ANSWER_PREFIX) :]] = parse_value(raw)
    return answers, {}
