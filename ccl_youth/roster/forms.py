from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ccl_youth.core.roles import GRADES, LANGUAGES, grade_label
from ccl_youth.web.forms import options

GRADE_CHOICES = [(str(g), grade_label(g)) for g in GRADES]
MONTH_CHOICES = [("", "—")] + [(str(m), date(2000, m, 1).strftime("%B")) for m in range(1, 13)]
CREDENTIAL_CHOICES = [
    ("password", _l("Password (two words and a number)")),
    ("pin", _l("6-digit PIN (for young children)")),
]


class YouthForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    grade = SelectField(_l("Grade"), choices=options(GRADE_CHOICES), validators=[DataRequired()])
    birth_year = IntegerField(_l("Birth year"), validators=[Optional(), NumberRange(1990, 2100)])
    birth_month = SelectField(
        _l("Birth month"), choices=options(MONTH_CHOICES), validators=[Optional()]
    )
    school = StringField(_l("School"), validators=[Optional(), Length(max=200)])
    preferred_language = SelectField(_l("Preferred language"), choices=options(LANGUAGES.items()))
    directory_opt_out = BooleanField(_l("Family asked us not to share directory information"))


class NewYouthForm(YouthForm):
    credential = RadioField(
        _l("Sign-in with"), choices=options(CREDENTIAL_CHOICES), default="password"
    )


class CredentialForm(FlaskForm):
    credential = RadioField(
        _l("New sign-in"), choices=options(CREDENTIAL_CHOICES), default="password"
    )


class InviteForm(FlaskForm):
    relationship_label = StringField(
        _l("Relationship (optional)"), validators=[Optional(), Length(max=40)]
    )


class ConsentForm(FlaskForm):
    state = RadioField(
        _l("Parent consent"),
        choices=options([("granted", _l("Given")), ("withdrawn", _l("Withdrawn"))]),
        validators=[DataRequired()],
    )
    method = SelectField(
        _l("How"),
        choices=options(
            [
                ("paper_form", _l("Signed paper form")),
                ("school_authorization", _l("School authorization (school-only use)")),
                ("family_online", _l("Family member online")),
            ]
        ),
    )
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])
