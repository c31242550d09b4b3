"""Portfolio forms: shape only (lengths, bounded numbers, dates); which records and sections
may be picked, and the rules of share links, are the services' (``services``, ``sharing``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ccl_youth.portfolio.layout import (
    ABOUT_MAX,
    HEADLINE_MAX,
    NOTE_MAX,
    SECTION_KINDS,
)
from ccl_youth.portfolio.sharing import LABEL_MAX

#: Rows a records form may post (more than any section offers is refused as a whole).
ROWS_MAX = 500


class AboutForm(FlaskForm):
    headline = StringField(
        _l("Headline (optional)"),
        validators=[
            Optional(),
            Length(
                max=HEADLINE_MAX,
                message=_l("Keep your headline to %(max)d characters or less.", max=HEADLINE_MAX),
            ),
        ],
        render_kw={"maxlength": HEADLINE_MAX},
    )
    about_me = TextAreaField(
        _l("About me (optional)"),
        validators=[
            Optional(),
            Length(
                max=ABOUT_MAX, message=_l("Keep this to %(max)d characters or less.", max=ABOUT_MAX)
            ),
        ],
        render_kw={"rows": 5, "maxlength": ABOUT_MAX},
    )


class SectionRowForm(Form):
    kind = HiddenField()
    position = IntegerField(
        _l("Place"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=len(SECTION_KINDS),
                message=_l("Pick a place from 1 to %(max)d.", max=len(SECTION_KINDS)),
            ),
        ],
        render_kw={"inputmode": "numeric", "min": 1, "max": len(SECTION_KINDS)},
    )
    shown = BooleanField(_l("Show"))


class SectionsForm(FlaskForm):
    sections = FieldList(FormField(SectionRowForm), min_entries=0, max_entries=len(SECTION_KINDS))


class ItemRowForm(Form):
    ref = HiddenField(validators=[Length(max=40)])
    shown = BooleanField(_l("Show"))
    position = IntegerField(
        _l("Place"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=ROWS_MAX, message=_l("Pick a place from 1 to %(max)d.", max=ROWS_MAX)
            ),
        ],
        render_kw={"inputmode": "numeric", "min": 1},
    )
    note = StringField(
        _l("My note (optional)"),
        validators=[
            Optional(),
            Length(
                max=NOTE_MAX,
                message=_l("Keep each note to %(max)d characters or less.", max=NOTE_MAX),
            ),
        ],
        render_kw={"maxlength": NOTE_MAX},
    )


class ItemsForm(FlaskForm):
    section = HiddenField(validators=[Length(max=20)])
    items = FieldList(FormField(ItemRowForm), min_entries=0, max_entries=ROWS_MAX)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ShareForm(FlaskForm):
    sections = MultiCheckboxField(_l("Sections to share"), choices=[])
    expires_on = DateField(_l("Last day the link works"), validators=[Optional()])
    label = StringField(
        _l("Label, to tell your links apart (optional)"),
        validators=[
            Optional(),
            Length(
                max=LABEL_MAX,
                message=_l("Keep the label to %(max)d characters or less.", max=LABEL_MAX),
            ),
        ],
        render_kw={"maxlength": LABEL_MAX},
    )
