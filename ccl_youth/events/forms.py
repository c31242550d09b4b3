"""Forms of the family-event pages: shape only (choices, lengths, ASCII numbers, dates in a
sane range); the rules are the services' (``ccl_youth.events``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from ccl_youth.events import rules
from ccl_youth.partners import rules as partner_rules
from ccl_youth.partners.forms import KIND_LABELS as PARTNER_KIND_LABELS
from ccl_youth.web.forms import options
from ccl_youth.web.routing import MAX_ID

#: The kinds of ``rules.KINDS``, translated (a test keeps the keys the same).
KIND_LABELS = {
    "stem_night": _l("Family STEM night"),
    "career_day": _l("Career day"),
    "take_home": _l("Take-home activity"),
    "showcase": _l("Showcase"),
    "other": _l("Other"),
}
ANSWER_LABELS = {"yes": _l("Yes, we will come"), "maybe": _l("Maybe"), "no": _l("No")}
STATUS_LABELS = {
    "new": _l("New"),
    "contacted": _l("Contacted"),
    "added": _l("Guest speaker"),
    "declined": _l("Declined"),
}
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
#: The audience choice that invites every family of the organization.
EVERYONE = "all"


def posted_id(text: str | None) -> int | None:
    """A posted id: ASCII digits within 1..MAX_ID; None for anything else."""
    value = (text or "").strip()
    if value and len(value) <= 10 and value.isascii() and value.isdigit():
        number = int(value)
        return number if 1 <= number <= MAX_ID else None
    return None


def _sane_year(form: FlaskForm, field: Field) -> None:
    if field.data is not None and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
        raise ValidationError(
            _l("Pick a date between %(first)d and %(last)d.", first=EARLIEST_YEAR,
               last=LATEST_YEAR)
        )  # fmt: skip


def _audience(form: FlaskForm, field: Field) -> None:
    if field.data != EVERYONE and posted_id(field.data) is None:
        raise ValidationError(_l("Choose who is invited from the list."))


def _party(form: FlaskForm, field: Field) -> None:
    value = (field.data or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 2) or not (
        rules.PARTY_MIN <= int(value) <= rules.PARTY_MAX
    ):
        raise ValidationError(
            _l("Enter how many people will come, from %(low)d to %(high)d.",
               low=rules.PARTY_MIN, high=rules.PARTY_MAX)
        )  # fmt: skip


def _length(largest: int) -> Length:
    return Length(max=largest, message=_l("Use at most %(max)d characters.", max=largest))


class EventForm(FlaskForm):
    kind = SelectField(
        _l("Kind of event"),
        choices=options(KIND_LABELS.items()),
        validate_choice=True,
    )
    title = StringField(
        _l("Name of the event"),
        validators=[DataRequired(message=_l("Give the event a name.")),
                    _length(rules.TITLE_MAX)],
        render_kw={"maxlength": rules.TITLE_MAX},
    )  # fmt: skip
    description = TextAreaField(
        _l("What families will do (optional)"),
        validators=[Optional(), _length(rules.DESCRIPTION_MAX)],
        render_kw={"rows": 4, "maxlength": rules.DESCRIPTION_MAX},
    )
    location = StringField(
        _l("Where (optional)"),
        validators=[Optional(), _length(rules.LOCATION_MAX)],
        render_kw={"maxlength": rules.LOCATION_MAX},
    )
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional(), _sane_year],
    )
    ends_at = DateTimeLocalField(
        _l("Ends (optional)"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional(), _sane_year],
    )
    # Choices (everyone, and the cohorts the actor may invite) are set by the view; any other
    # id is the service's to refuse, by name.
    audience = SelectField(_l("Who is invited"), validators=[_audience], validate_choice=False)


class CancelForm(FlaskForm):
    """Only the CSRF token: cancelling asks nothing more."""


class RsvpForm(FlaskForm):
    answer = RadioField(
        _l("Will you come?"),
        choices=options(ANSWER_LABELS.items()),
        validators=[DataRequired(message=_l("Choose yes, maybe or no."))],
    )
    party_size = StringField(
        _l("How many people, counting you"),
        default="1",
        validators=[_party],
        render_kw={"inputmode": "numeric", "maxlength": 2, "autocomplete": "off"},
    )
    note = StringField(
        _l("A short note (optional)"),
        validators=[Optional(), _length(rules.NOTE_MAX)],
        render_kw={"maxlength": rules.NOTE_MAX},
    )


class SpeakForm(FlaskForm):
    occupation = StringField(
        _l("Your work"),
        validators=[DataRequired(message=_l("Tell us what work you do.")),
                    _length(rules.OCCUPATION_MAX)],
        render_kw={"autocomplete": "off"},
    )  # fmt: skip
    occupation_pick = RadioField(_l("Pick the job closest to yours"), choices=[],
                                 validate_choice=False)  # fmt: skip
    employer = StringField(
        _l("Where you work (optional)"), validators=[Optional(), _length(rules.EMPLOYER_MAX)]
    )
    about = TextAreaField(
        _l("What you could tell young people (optional)"),
        validators=[Optional(), _length(rules.ABOUT_MAX)],
        render_kw={"rows": 4},
    )
    availability = StringField(
        _l("When you could come (optional)"),
        validators=[Optional(), _length(rules.AVAILABILITY_MAX)],
    )
    contact = StringField(
        _l("How staff can reach you"),
        validators=[DataRequired(message=_l("Tell us how to reach you.")),
                    _length(rules.CONTACT_MAX)],
    )  # fmt: skip


class FollowUpForm(FlaskForm):
    status = HiddenField(validators=[AnyOf(rules.FOLLOW_UPS)])
    note = TextAreaField(
        _l("Note for staff (optional)"),
        validators=[Optional(), _length(rules.STAFF_NOTE_MAX)],
        render_kw={"rows": 2},
    )


class GuestSpeakerForm(FlaskForm):
    # "new" or a partner's id; the view offers the organization's partners.
    partner = SelectField(_l("Partner"), validate_choice=False)
    name = StringField(
        _l("New partner's name"), validators=[Optional(), _length(partner_rules.NAME_MAX)]
    )
    kind = SelectField(_l("Kind of partner"), choices=options(PARTNER_KIND_LABELS.items()))
    display_name = StringField(
        _l("Name youth will see"),
        validators=[DataRequired(), _length(partner_rules.PERSON_NAME_MAX)],
    )
    occupation = StringField(
        _l("Occupation"), validators=[_length(100)], render_kw={"autocomplete": "off"}
    )
    occupation_pick = RadioField(_l("Pick the occupation"), choices=[], validate_choice=False)
    story = TextAreaField(
        _l("Their story"),
        validators=[Optional(), _length(partner_rules.STORY_MAX)],
        render_kw={"rows": 5, "maxlength": partner_rules.STORY_MAX},
    )
