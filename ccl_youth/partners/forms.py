"""Forms of the partner pages: they check shape; the services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ccl_youth.partners import rules
from ccl_youth.web.forms import options

#: The kinds of ``PARTNER_KINDS``, translated (a test keeps the keys the same).
KIND_LABELS = {
    "employer": _l("Employer"),
    "museum": _l("Museum or science center"),
    "college": _l("College or training provider"),
    "community": _l("Community organization"),
    "other": _l("Other"),
}
FRAMEWORK_LABELS = {
    "ncc_2024": _l("Career Clusters (2024)"),
    "legacy_16": _l("Career Clusters (16, before 2024)"),
}
#: The same, short enough to follow a cluster's name.
FRAMEWORK_SHORT = {"ncc_2024": _l("2024"), "legacy_16": _l("16 clusters, before 2024")}


class PartnerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=rules.NAME_MAX)])
    kind = SelectField(_l("Kind of partner"), choices=options(KIND_LABELS.items()))
    city = StringField(_l("City"), validators=[Optional(), Length(max=rules.CITY_MAX)])
    website = StringField(
        _l("Website"),
        validators=[Optional(), Length(max=rules.WEBSITE_MAX)],
        render_kw={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"},
    )
    description = TextAreaField(
        _l("What they do"),
        validators=[Optional(), Length(max=rules.DESCRIPTION_MAX)],
        render_kw={"rows": 4},
    )
    # Choices are the clusters of both frameworks, set by the view; shown as checkboxes.
    clusters = SelectMultipleField(
        _l("Career clusters"),
        coerce=int,
        choices=[],
        invalid_choice_message=_l("Choose career clusters from the list."),
    )
    notes = TextAreaField(
        _l("Notes for staff"),
        validators=[Optional(), Length(max=rules.NOTES_MAX)],
        render_kw={"rows": 4},
    )


class ContactForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=rules.PERSON_NAME_MAX)])
    title = StringField(_l("Job title"), validators=[Optional(), Length(max=rules.TITLE_MAX)])
    email = StringField(
        _l("E-mail"),
        validators=[Optional(), Length(max=rules.EMAIL_MAX)],
        render_kw={"inputmode": "email", "autocomplete": "off", "spellcheck": "false"},
    )
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=rules.PHONE_MAX)],
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )


class RoleModelForm(FlaskForm):
    display_name = StringField(
        _l("Name youth will see"),
        validators=[DataRequired(), Length(max=rules.PERSON_NAME_MAX)],
    )
    occupation = StringField(
        _l("Occupation"), validators=[Length(max=100)], render_kw={"autocomplete": "off"}
    )
    # Filled by the view with the occupations a search found; any value is checked by the
    # service against the occupation table.
    occupation_pick = RadioField(_l("Pick the occupation"), choices=[], validate_choice=False)
    story = TextAreaField(
        _l("Their story"),
        validators=[Optional(), Length(max=rules.STORY_MAX)],
        render_kw={"rows": 5, "maxlength": rules.STORY_MAX},
    )


class ArchiveForm(FlaskForm):
    archived = HiddenField(validators=[AnyOf(("0", "1"))])


class VetForm(FlaskForm):
    vetted = HiddenField(validators=[AnyOf(("0", "1"))])
