"""Note forms: shape only (lengths); the rules are the service's (``ccl_youth.notes.services``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ccl_youth.notes.services import BODY_MAX, KEY_MAX, SUBJECT_MAX


def _body(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=_l("Write your note.")),
            Length(max=BODY_MAX, message=_l(
                "Keep your note to %(max)d characters or less.", max=BODY_MAX)),
        ],
        render_kw={"rows": 5, "maxlength": BODY_MAX},
    )  # fmt: skip


class ReplyForm(FlaskForm):
    body = _body(_l("Your reply"))
    submission_key = HiddenField(validators=[Optional(), Length(max=KEY_MAX)])


class ThreadForm(FlaskForm):
    """A new conversation: its subject and first note (youth and family)."""

    subject = StringField(
        _l("Subject"),
        validators=[
            DataRequired(message=_l("Write a subject.")),
            Length(max=SUBJECT_MAX, message=_l(
                "Keep the subject to %(max)d characters or less.", max=SUBJECT_MAX)),
        ],
        render_kw={"maxlength": SUBJECT_MAX},
    )  # fmt: skip
    body = _body(_l("Your note"))
    submission_key = HiddenField(validators=[Optional(), Length(max=KEY_MAX)])


class StaffThreadForm(ThreadForm):
    """Staff and admins may also keep a conversation to staff (fixed once started)."""

    is_staff_only = BooleanField(_l("Staff only (the family and the youth will not see it)"))
