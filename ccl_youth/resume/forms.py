"""Résumé forms and the words around the résumé (category headings, hours, dates) in the
reader's language: shape only (types, lengths, choices); the rules about dates and hours are
the service's (``ccl_youth.resume.services``)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ccl_youth.resume.assembly import CATEGORIES, ResumeWords
from ccl_youth.resume.services import (
    DESCRIPTION_MAX,
    ORGANIZATION_MAX,
    RECOGNITION_MAX,
    TITLE_MAX,
)
from ccl_youth.web.forms import options


def category_headings() -> dict[str, str]:
    """Category → its heading, translated (for pages, the PDF and the plan's element (e))."""
    return {
        "education": _("School"),
        "work": _("Work experience"),
        "extracurricular": _("Activities"),
        "service": _("Community service"),
        "award": _("Awards and badges"),
        "other": _("Other"),
    }


def _month(day: date) -> str:
    return format_date(day, "MMM y")


def resume_words() -> ResumeWords:
    """The words the PDF adds around items, translated; dates as "Sep 2025"."""
    return ResumeWords(
        hours=_("%(hours)s hours", hours="{hours}"),
        recognition=_("Recognised with: %(recognition)s", recognition="{recognition}"),
        ongoing=_("now"),
        date_text=_month,
    )


def _max(most: int) -> Length:
    return Length(max=most, message=_l("Keep this to %(max)d characters or less.", max=most))


class EntryForm(FlaskForm):
    category = SelectField(
        _l("Kind of line"),
        choices=options((c, c) for c in CATEGORIES),
        validators=[DataRequired(message=_l("Choose what kind of line this is."))],
    )
    title = StringField(
        _l("What you did"),
        validators=[DataRequired(message=_l("Write what you did.")), _max(TITLE_MAX)],
        render_kw={"maxlength": TITLE_MAX},
    )
    organization_name = StringField(
        _l("Where (school, club, business…) (optional)"),
        validators=[Optional(), _max(ORGANIZATION_MAX)],
        render_kw={"maxlength": ORGANIZATION_MAX},
    )
    start_date = DateField(_l("Started (optional)"), validators=[Optional()])
    end_date = DateField(_l("Ended (optional)"), validators=[Optional()])
    description = TextAreaField(
        _l("More about it (optional)"),
        validators=[Optional(), _max(DESCRIPTION_MAX)],
        render_kw={"rows": 3, "maxlength": DESCRIPTION_MAX},
    )
    hours = DecimalField(
        _l("Hours (optional)"),
        places=2,
        validators=[Optional()],
        render_kw={"inputmode": "decimal"},
    )
    recognition = StringField(
        _l("How it was recognised (optional)"),
        validators=[Optional(), _max(RECOGNITION_MAX)],
        render_kw={"maxlength": RECOGNITION_MAX},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = category_headings()
        self.category.choices = options((c, labels[c]) for c in CATEGORIES)


class HideForm(FlaskForm):
    """The item's new state: hidden ("1") or shown ("0"); not a flip, so a double click holds."""

    hidden = HiddenField(validators=[AnyOf(["0", "1"])])
