"""Forms of the activity pages. They check shape only: choices from the database (cohorts,
partners, youth, clusters) are checked by the services, which name the field that is wrong.
Every id must be a whole number from 1 to ``MAX_ID`` (what the database's integer column
holds): anything else is a field error here, before any query sees it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ccl_youth.experiences.services import KEY_MAX, MAX_MINUTES, MIN_MINUTES, NOTES_MAX, TITLE_MAX
from ccl_youth.web.routing import MAX_ID

#: Pasted attendance rows: as much as the 1 MB file allows.
PASTE_MAX = 1_000_000


def bounded_id(value: Any) -> int:
    """A posted id: a whole number from 1 to MAX_ID, else ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        if not (0 < len(text) <= 10 and text.isascii() and text.isdigit()):
            raise ValueError("not an id")
        number = int(text)
    if not 1 <= number <= MAX_ID:
        raise ValueError("not an id")
    return number


def optional_id(value: Any) -> int | None:
    """A select's value as an id, or None for the empty choice; ValueError otherwise."""
    if value in (None, "", "None"):
        return None
    return bounded_id(value)


def id_select(label: Any, message: Any, *, optional: bool = False, **kwargs: Any) -> SelectField:
    """A select of ids: a value that is not one is the field error ``message``."""
    return SelectField(
        label,
        coerce=optional_id if optional else bounded_id,
        validate_choice=False,
        invalid_value_message=message,
        **kwargs,
    )


class IdListField(SelectMultipleField):
    """Ticked ids (checkboxes or a multiple select). Ids that cannot be are a field error,
    and are left out of ``data`` so that the page shows the rest as they were ticked."""

    def __init__(self, label: Any = None, message: Any = None, **kwargs: Any) -> None:
        super().__init__(label, coerce=bounded_id, validate_choice=False, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        ids, wrong = [], 0
        for value in valuelist:
            try:
                ids.append(bounded_id(value))
            except ValueError:
                wrong += 1
        self.data = ids
        if wrong:
            raise ValueError(self.message)


class ShownIdsField(Field):
    """Hidden ids the page showed (rendered by the template as one hidden input each): ids
    that cannot be are dropped, since no row can have them."""

    data: list[int] | None

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        ids = []
        for value in valuelist:
            try:
                ids.append(bounded_id(value))
            except ValueError:
                continue
        self.data = ids


class ActivityForm(FlaskForm):
    submission_key = HiddenField(validators=[Optional(), Length(max=KEY_MAX)])
    cohort_id = id_select(
        _l("Cohort"),
        _l("Choose one of your cohorts."),
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
    partner_id = id_select(
        _l("Partner (optional)"), _l("Choose a partner from the list."), optional=True
    )
    role_model_id = id_select(
        _l("Guest speaker (optional)"), _l("Choose a guest speaker from the list."), optional=True
    )
    cluster_ids = IdListField(_l("Career clusters"), _l("Choose career clusters from the list."))
    tactic_ids = SelectMultipleField(_l("Framework tactics"), validate_choice=False)
    notes = TextAreaField(_l("Notes (optional)"), validators=[Optional(), Length(max=NOTES_MAX)])
    attendees = IdListField(_l("Who came"), _l("Choose youth from the list."))
    extra_attendees = IdListField(
        _l("Add youth from your other cohorts"), _l("Choose youth from the list.")
    )
    #: On an edit: the youth the checklist showed as present when the form was opened.
    shown = ShownIdsField()


class DeleteForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, delete this activity and its attendance"),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), render_kw={"accept": ".csv,text/csv"})
    rows = TextAreaField(
        _l("Or paste the rows here"), validators=[Optional(), Length(max=PASTE_MAX)]
    )
