"""Plan forms: shape only (lengths, which boxes there are). Choices are drawn from the catalog
by the views; whether a value is one of them, credits, grades and dates are the rules of
``plans.rules``, checked by the services, whose messages name the field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ccl_youth.plans.rules import SIGN_OFF_NOTE_MAX, TEXT_MAX, TITLE_MAX
from ccl_youth.web.forms import options


def _text(label: object) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[Optional(), Length(max=TEXT_MAX, message=_l(
            "Keep this to %(max)d characters or less.", max=TEXT_MAX))],
        render_kw={"rows": 3, "maxlength": TEXT_MAX},
    )  # fmt: skip


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlanForm(FlaskForm):
    year = HiddenField()
    career_goals = _text(_l("My career goals"))
    interests_note = _text(_l("What I am interested in and good at"))
    secondary_goals = _text(_l("My goals for high school"))
    postsecondary_goals = _text(_l("My goals for after high school"))
    postsecondary_route = SelectField(_l("After high school I plan to go to"),
                                      validate_choice=False)  # fmt: skip
    course_alignment = _text(_l("How my courses fit my goals"))
    acceleration_notes = _text(_l("Advanced and dual-credit courses I plan to take"))
    cte_notes = _text(_l("Career and technical courses, work-based learning, apprenticeships"))
    credit_recovery_notes = _text(_l("Credits to make up, or to earn faster"))
    pathways = CheckboxesField(_l("Graduation pathways I plan to complete"),
                               validate_choice=False)  # fmt: skip
    pathway_notes = _text(_l("Notes about my pathway"))


class CourseForm(FlaskForm):
    year = HiddenField()
    grade = SelectField(_l("Grade"), validate_choice=False)
    area = SelectField(_l("Requirement area"), validate_choice=False)
    title = StringField(_l("Course name"), validators=[Optional(), Length(max=TITLE_MAX, message=_l(
        "Course name: keep it to %(max)d characters or less.", max=TITLE_MAX))],
        render_kw={"maxlength": TITLE_MAX})  # fmt: skip
    # Text, not a number field: "abc" or 2.3 come back as a message that names the field.
    credits = StringField(_l("Credits"), render_kw={"inputmode": "decimal", "maxlength": 6})
    acceleration = SelectField(_l("Advanced or dual credit"), validate_choice=False)
    is_cte_equivalency = BooleanField(_l("Career and technical course that counts for a core "
                                         "subject (CTE equivalency)"))  # fmt: skip
    is_credit_recovery = BooleanField(_l("Credit recovery (making up a credit)"))
    status = SelectField(
        _l("Status"),
        choices=options([("planned", _l("Planned")), ("in_progress", _l("Taking it now")),
                         ("completed", _l("Done"))]),
        validate_choice=False,
    )  # fmt: skip


class SignOffForm(FlaskForm):
    year = HiddenField()
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Optional(), Length(max=SIGN_OFF_NOTE_MAX, message=_l(
            "Note: keep it to %(max)d characters or less.", max=SIGN_OFF_NOTE_MAX))],
        render_kw={"rows": 2, "maxlength": SIGN_OFF_NOTE_MAX},
    )  # fmt: skip


class StartForm(FlaskForm):
    """Start this school year's version (a button)."""


class AidForm(FlaskForm):
    """One date box per checklist item, added by ``aid_form`` from the catalog."""

    year = HiddenField()


def aid_form(slugs_and_names: list[tuple[str, str]], **kwargs: object) -> AidForm:
    """An ``AidForm`` with a ``received_<slug>`` date field per item, labelled by its name."""

    class _Form(AidForm):
        pass

    for slug, name in slugs_and_names:
        setattr(_Form, f"received_{slug}", DateField(name, validators=[Optional()]))
    return _Form(**kwargs)
