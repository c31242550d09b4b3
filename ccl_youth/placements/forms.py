"""Forms of the placements feature: they check shape; services check the rules."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ccl_youth.placements.evaluations import DEFAULT_DAYS, MAX_COMMENTS, MAX_DAYS, MIN_DAYS
from ccl_youth.placements.rubric import LEVELS, SKILLS
from ccl_youth.web.forms import options
from ccl_youth.web.routing import MAX_ID

CONSENT_METHOD_LABELS = {
    "paper_form": _l("Paper form"),
    "online": _l("Online"),
    "phone": _l("Phone call"),
}
STATUS_LABELS = {
    "planned": _l("Planned"),
    "active": _l("Active"),
    "completed": _l("Completed"),
    "ended_early": _l("Ended early"),
}
HOURS_STATUS_LABELS = {
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


def form_id(value: str | None) -> int | None:
    """An id typed into a form or query string: ASCII digits, at most 10, within 1..MAX_ID
    (what ``<int:…>`` accepts in a path); None for anything else. int() is only ever given
    short digit strings, so no value can overflow a column or hit int()'s digit limit."""
    if value and len(value) <= 10 and value.isascii() and value.isdigit():
        number = int(value)
        if 1 <= number <= MAX_ID:
            return number
    return None


def _optional_int(value: Any) -> int | None:
    """A select's id (the choices' own ints pass through); ValueError for anything that is not
    one, which the field reports as an invalid choice."""
    if value in (None, "", "None"):
        return None
    if isinstance(value, int):
        return value
    number = form_id(str(value))
    if number is None:
        raise ValueError("not an id")
    return number


class PlacementForm(FlaskForm):
    type_slug = SelectField(_l("Type"), validators=[DataRequired()])
    title = StringField(_l("Role title"), validators=[DataRequired(), Length(max=200)])
    partner_id = SelectField(_l("Partner"), coerce=_optional_int, validators=[Optional()])
    supervisor_name = StringField(
        _l("Supervisor's name"), validators=[DataRequired(), Length(max=120)]
    )
    supervisor_email = StringField(
        _l("Supervisor's e-mail"), validators=[Optional(), Length(max=254)]
    )
    supervisor_phone = StringField(
        _l("Supervisor's phone"), validators=[Optional(), Length(max=40)]
    )
    start_date = DateField(_l("Start date"), validators=[InputRequired()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    planned_hours = IntegerField(
        _l("Planned hours"), default=0, validators=[Optional(), NumberRange(0, 2000)]
    )
    consent_given_by = StringField(_l("Consent given by"), validators=[Optional(), Length(max=120)])
    consent_method = SelectField(
        _l("How consent was given"),
        choices=options([("", "—"), *CONSENT_METHOD_LABELS.items()]),
        validators=[Optional()],
    )
    consent_date = DateField(_l("Date consent was given"), validators=[Optional()])
    agreement = FileField(_l("Training agreement (PDF, PNG, JPEG, DOCX or ODT, up to 10 MB)"))


class NewPlacementForm(PlacementForm):
    """A new placement's form carries a key made when it is shown: sending it twice (a double
    click) makes one placement."""

    submission_key = HiddenField(validators=[Optional(), Length(min=8, max=64)])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), validators=[DataRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])


class HoursForm(FlaskForm):
    work_date = DateField(_l("Date"), validators=[InputRequired()])
    hours = IntegerField(_l("Hours"), default=0, validators=[Optional(), NumberRange(0, 24)])
    minutes = IntegerField(_l("Minutes"), default=0, validators=[Optional(), NumberRange(0, 1440)])
    description = TextAreaField(_l("What I did"), validators=[DataRequired(), Length(max=1000)])
    submission_key = HiddenField(validators=[Optional(), Length(min=8, max=64)])

    def total_minutes(self) -> int:
        return (self.hours.data or 0) * 60 + (self.minutes.data or 0)


class ReviewForm(FlaskForm):
    """The checked entries travel as ``hours_ids`` (read by the view, so an id out of reach
    is a 404, not a form error)."""

    comment = TextAreaField(
        _l("Comment for the youth (needed to return)"), validators=[Optional(), Length(max=1000)]
    )


class EvaluationRequestForm(FlaskForm):
    days = IntegerField(
        _l("The link works for (days)"),
        default=DEFAULT_DAYS,
        validators=[InputRequired(), NumberRange(MIN_DAYS, MAX_DAYS)],
    )


class EvaluationFormBase(FlaskForm):
    evaluator_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    evaluator_title = StringField(_l("Your job title"), validators=[Optional(), Length(max=120)])
    comments = TextAreaField(
        _l("Comments (optional)"), validators=[Optional(), Length(max=MAX_COMMENTS)]
    )


def _rating_field(skill_index: int) -> RadioField:
    skill = SKILLS[skill_index]
    return RadioField(
        skill.name,
        coerce=int,
        choices=options(
            (level, f"{LEVEL_LABELS[level]}: {skill.descriptor(level)}") for level, _ in LEVELS
        ),
        validators=[InputRequired(message=_l("Choose a level."))],
    )


#: The supervisor's form: name, title, one rating per skill (``skill_<slug>``), comments.
EvaluationForm = type(
    "EvaluationForm",
    (EvaluationFormBase,),
    {f"skill_{skill.slug}": _rating_field(i) for i, skill in enumerate(SKILLS)},
)
