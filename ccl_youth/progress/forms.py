"""The form staff use to move a youth to another framework stage. Shape only: "a different
stage" and "the stage changed since the page opened" are the service's rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ccl_youth.core.content_experiences import STAGES
from ccl_youth.progress.services import REASON_MAX, REASON_MIN


class MoveStageForm(FlaskForm):
    to_stage = RadioField(
        _l("Move to"),
        validators=[DataRequired(message=_l("Choose the stage to move to."))],
        validate_choice=True,
    )
    reason = TextAreaField(
        _l("Why"),
        validators=[
            DataRequired(message=_l("Say why the youth moves.")),
            Length(
                min=REASON_MIN,
                max=REASON_MAX,
                message=_l("Use %(min)d to %(max)d characters.", min=REASON_MIN, max=REASON_MAX),
            ),
        ],
        render_kw={"rows": 3, "maxlength": REASON_MAX},
    )
    #: The stage the page showed: a second click of the same form finds the move made.
    from_stage = HiddenField(validators=[Optional(), AnyOf(list(STAGES))])
