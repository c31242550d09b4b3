"""Forms of the activity pages. They check shape only: choices from the database (cohorts,
partners, youth, clusters) are checked by the services, which name the field that is wrong."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ccl_youth.experiences.services import KEY_MAX, MAX_MINUTES, MIN_MINUTES, NOTES_MAX, TITLE_MAX

#: Pasted attendance rows: as much as the 1 MB file allows.
PASTE_MAX = 1_000_000


def optional_id(value: Any) -> int | None:
    """A select's value as an id, or None for the empty choice."""
    if value in (None, "", "None"):
        return None
    return int(value)


class ActivityForm(FlaskForm):
    submission_key = HiddenField(validators=[Optional(), Length(max=KEY_MAX)])
    cohort_id = SelectField(
        _l("Cohort"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose a cohort."))],
    )
    type_slug = SelectField(
        _l("Type of activity"),
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose a type of activity."))],
    )
    title = StringField(_l("Title (optional)"), validators=[Optional(), Length(max=TITLE_MAX)])
    activity_date = DateField(
        _l("Date"), validators=[InputRequired(message=_l("Enter the date it happened."))]
    )
    minutes = IntegerField(
        _l("How long, in minutes (optional)"),
        validators=[
            Optional(),
            NumberRange(
                MIN_MINUTES,
                MAX_MINUTES,
                message=_l("Enter the length in minutes, from 1 to 1440 (24 hours)."),
            ),
        ],
    )
    partner_id = SelectField(_l("Partner (optional)"), coerce=optional_id, validate_choice=False)
    role_model_id = SelectField(
        _l("Guest speaker (optional)"), coerce=optional_id, validate_choice=False
    )
    cluster_ids = SelectMultipleField(_l("Career clusters"), coerce=int, validate_choice=False)
    tactic_ids = SelectMultipleField(_l("Framework tactics"), validate_choice=False)
    notes = TextAreaField(_l("Notes (optional)"), validators=[Optional(), Length(max=NOTES_MAX)])
    attendees = SelectMultipleField(_l("Who came"), coerce=int, validate_choice=False)
    extra_attendees = SelectMultipleField(
        _l("Add youth from your other cohorts"), coerce=int, validate_choice=False
    )


class DeleteForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, delete this activity and everything recorded with it"),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), render_kw={"accept": ".csv,text/csv"})
    rows = TextAreaField(
        _l("Or paste the rows here"), validators=[Optional(), Length(max=PASTE_MAX)]
    )
