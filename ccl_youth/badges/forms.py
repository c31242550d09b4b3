"""Forms of the badge pages. They check shape; the services check the rules (which badge,
who already has it) and name the field that is wrong."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ccl_youth.badges.services import MAX_NOTE, MIN_NOTE
from ccl_youth.web.routing import MAX_ID

NOTE_LENGTH = Length(min=MIN_NOTE, max=MAX_NOTE, message=_l("Write %(min)d to %(max)d characters."))


class AwardForm(FlaskForm):
    """Award one badge to one youth."""

    # Any value passes here: the service says when a badge is unknown or already held.
    badge = SelectField(_l("Badge"), validators=[InputRequired()], validate_choice=False)
    note = TextAreaField(
        _l("Evidence note"),
        validators=[InputRequired(message=_l("Say what the youth did.")), NOTE_LENGTH],
        description=_l("What the youth did to earn it (3 to 1,000 characters)."),
    )


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[InputRequired(message=_l("Say why the badge is taken back.")), NOTE_LENGTH],
    )


class CohortBadgeForm(FlaskForm):
    """Step 1 of a cohort award: which badge (sent with GET)."""

    class Meta:
        csrf = False

    badge = SelectField(_l("Badge"), validators=[InputRequired()], validate_choice=False)


class CohortAwardForm(FlaskForm):
    """Step 2: the ticks (``youth_ids``) and notes (``note-<id>``) are read from the request;
    ``note_all`` fills the note of every ticked youth whose own note is empty."""

    badge = HiddenField(validators=[InputRequired()])
    note_all = TextAreaField(
        _l("Note for everyone ticked"),
        validators=[Optional(), Length(max=MAX_NOTE)],
        description=_l("Used for each ticked youth whose own note is empty."),
    )


def form_id(value: Any) -> int | None:
    """A posted id: ASCII digits, at most 10, within 1..MAX_ID; None for anything else."""
    text = str(value or "")
    if text and len(text) <= 10 and text.isascii() and text.isdigit():
        number = int(text)
        if 1 <= number <= MAX_ID:
            return number
    return None
