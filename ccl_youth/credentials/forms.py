"""The verify page's form: paste a credential or choose a file (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

#: Pasted text and uploaded files larger than this are not read.
MAX_CREDENTIAL_BYTES = 400_000


class VerifyForm(FlaskForm):
    credential = TextAreaField(
        _l("Paste the credential"),
        validators=[
            Optional(),
            Length(max=MAX_CREDENTIAL_BYTES, message=_l("That is too long to be a credential.")),
        ],
        render_kw={"rows": 8, "spellcheck": "false", "autocomplete": "off"},
    )
    upload = FileField(_l("Or choose a file"))
