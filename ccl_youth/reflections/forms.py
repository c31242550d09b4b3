"""Forms youth fill in about their experiences. Shape only: which prompts an activity asks and
who may answer are the service's rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ccl_youth.reflections.services import ANSWER_MAX_LENGTH


class ReflectionForm(FlaskForm):
    answer = TextAreaField(
        _l("Your answer"),
        validators=[
            DataRequired(message=_l("Write your answer.")),
            Length(
                max=ANSWER_MAX_LENGTH,
                message=_l(
                    "Keep your answer to %(max)d characters or less.", max=ANSWER_MAX_LENGTH
                ),
            ),
        ],
        render_kw={"rows": 6, "maxlength": ANSWER_MAX_LENGTH},
    )
    is_shared_with_family = BooleanField(_l("My family can read this"), default=False)


class ShareForm(FlaskForm):
    """One button: share with family ("1") or stop sharing ("0"). The value is the new state,
    not a toggle, so a double click does not undo itself."""

    shared = HiddenField(validators=[AnyOf(["0", "1"])])
    back = HiddenField(validators=[Optional(), AnyOf(["reflections", "timeline", "edit"])])
