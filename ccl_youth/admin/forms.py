from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ccl_youth.programs.services import PROGRAM_KINDS
from ccl_youth.roster.forms import NewYouthForm
from ccl_youth.web.forms import options


class ProgramForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=options(PROGRAM_KINDS.items()))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    program_id = SelectField(_l("Program"), coerce=int, validate_choice=False)
    school_year = StringField(
        _l("School year (like 2026-2027)"), validators=[Optional(), Length(max=9)]
    )


class StaffForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocapitalize": "none"},
    )
    role = SelectField(
        _l("Role"), choices=options([("staff", _l("Staff")), ("admin", _l("Admin"))])
    )
    password = PasswordField(
        _l("First password (leave empty to make one)"),
        validators=[Optional(), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )


class AdminYouthForm(NewYouthForm):
    cohort_id = SelectField(_l("Cohort"), coerce=int, validate_choice=False)


class PickForm(FlaskForm):
    """Choose one person from a list (assign staff, enroll youth)."""

    person_id = SelectField(
        _l("Who"), coerce=int, validate_choice=False, validators=[DataRequired()]
    )


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )
