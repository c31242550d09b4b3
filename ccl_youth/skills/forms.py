"""Forms of the skills feature: they check shape; services check the rules (skills known,
activity attended, file type from its bytes)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ccl_youth.skills.checks import MAX_BODY, MAX_COMMENT, MAX_ID, MAX_TITLE, MAX_URL
from ccl_youth.skills.levels import LOWEST
from ccl_youth.web.forms import options

KIND_LABELS = {
    "text": _l("Words: I write about it"),
    "link": _l("A link to a web page"),
    "file": _l("A file: a picture or a document"),
}
STATUS_LABELS = {
    "submitted": _l("Waiting for review"),
    "verified": _l("Verified"),
    "returned": _l("Returned"),
}
LEVEL_LABELS = {
    1: _l("Emerging"),
    2: _l("Developing"),
    3: _l("Proficient"),
    4: _l("Advanced"),
}
#: A hint for the browser's file picker only: the type is checked from the file's bytes.
ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,.pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp"
SOURCE_LABELS = {
    "evidence": _l("Evidence"),
    "evaluation": _l("Supervisor evaluation"),
}


def form_id(value: Any) -> int | None:
    """A select's id: ASCII digits, at most 10, within 1..MAX_ID; None for "none chosen".
    ValueError for anything else, which the field reports as an invalid choice (so no value
    can overflow a column or reach int()'s digit limit)."""
    if value in (None, "", "None"):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value)
        if not (len(text) <= 10 and text.isascii() and text.isdigit()):
            raise ValueError("not an id")
        number = int(text)
    if not 1 <= number <= MAX_ID:
        raise ValueError("not an id")
    return number


def level_value(value: Any) -> int | None:
    """A rubric level from a radio button: one ASCII digit; None for anything else (the
    service then asks for a level)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value or "")
    return int(text) if len(text) == 1 and text.isascii() and text.isdigit() else None


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EvidenceForm(FlaskForm):
    kind = RadioField(
        _l("What are you sending?"),
        choices=options(KIND_LABELS.items()),
        default="text",
        validators=[DataRequired(message=_l("Choose what you are sending."))],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=MAX_TITLE)])
    body = TextAreaField(_l("Tell about it"), validators=[Optional(), Length(max=MAX_BODY)])
    url = StringField(_l("Web link"), validators=[Optional(), Length(max=MAX_URL)])
    file = FileField(_l("File"), render_kw={"accept": ACCEPT})
    # Known skills are checked by the service; the choices only draw the boxes.
    skills = CheckboxesField(_l("Skills it shows"), validate_choice=False)
    activity_id = SelectField(_l("Activity (optional)"), coerce=form_id, validators=[Optional()])
    placement_id = SelectField(
        _l("Work placement (optional)"), coerce=form_id, validators=[Optional()]
    )
    submission_key = HiddenField(validators=[Optional(), Length(min=8, max=64)])


class ReviewFormBase(FlaskForm):
    """The reviewer's choice comes from the button pressed (``action``); one ``level_<slug>``
    radio group per tagged skill is added by ``review_form``."""

    comment = TextAreaField(
        _l("Comment for the youth (needed to return it)"),
        validators=[Optional(), Length(max=MAX_COMMENT)],
    )
    seen = HiddenField()


def review_form(skills: list[tuple[str, str, list[str]]], **kwargs: Any) -> ReviewFormBase:
    """A review form with one level choice per skill: ``skills`` are (slug, name, the four
    descriptors for the youth's grade band, lowest first)."""

    class ReviewForm(ReviewFormBase):
        pass

    for slug, name, descriptors in skills:
        choices = [
            (level, f"{LEVEL_LABELS[level]}: {text}")
            for level, text in enumerate(descriptors, start=LOWEST)
        ]
        field = RadioField(
            name, coerce=level_value, choices=options(choices), validate_choice=False
        )
        setattr(ReviewForm, f"level_{slug}", field)
    return ReviewForm(**kwargs)
