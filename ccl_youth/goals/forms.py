"""Goal forms: shape only (lengths, bounded ids, dates); the rules about dates and steps are
the service's (``ccl_youth.goals.services``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from ccl_youth.goals.services import COMMENT_MAX, STEP_MAX, STEPS_MAX, TITLE_MAX, WHY_MAX
from ccl_youth.web.routing import MAX_ID


class StepForm(Form):
    """One row of the repeating step fields (no CSRF of its own: the goal form has it)."""

    step_id = IntegerField(
        validators=[Optional(), NumberRange(min=1, max=MAX_ID)], widget=HiddenField.widget
    )
    text = StringField(
        _l("Step"),
        validators=[Optional(), Length(max=STEP_MAX, message=_l(
            "Keep each step to %(max)d characters or less.", max=STEP_MAX))],
        render_kw={"maxlength": STEP_MAX},
    )  # fmt: skip
    target_date = DateField(_l("Do it by (optional)"), validators=[Optional()])


class GoalForm(FlaskForm):
    title = StringField(
        _l("My goal"),
        validators=[
            DataRequired(message=_l("Write your goal.")),
            Length(max=TITLE_MAX, message=_l(
                "Keep your goal to %(max)d characters or less.", max=TITLE_MAX)),
        ],
        render_kw={"maxlength": TITLE_MAX},
    )  # fmt: skip
    why = TextAreaField(
        _l("Why it matters to me (optional)"),
        validators=[Optional(), Length(max=WHY_MAX, message=_l(
            "Keep this to %(max)d characters or less.", max=WHY_MAX))],
        render_kw={"rows": 3, "maxlength": WHY_MAX},
    )  # fmt: skip
    target_date = DateField(_l("Finish by (optional)"), validators=[Optional()])
    steps = FieldList(FormField(StepForm), min_entries=0, max_entries=STEPS_MAX)
    submission_key = HiddenField(validators=[Optional(), Length(max=64)])


class StepDoneForm(FlaskForm):
    """The step's new state: done ("1") or not ("0"); not a flip, so a double click holds."""

    done = HiddenField(validators=[AnyOf(["0", "1"])])


class StatusForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(["complete", "drop", "reopen"])])


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[
            DataRequired(message=_l("Write your comment.")),
            Length(max=COMMENT_MAX, message=_l(
                "Keep your comment to %(max)d characters or less.", max=COMMENT_MAX)),
        ],
        render_kw={"rows": 3, "maxlength": COMMENT_MAX},
    )  # fmt: skip
