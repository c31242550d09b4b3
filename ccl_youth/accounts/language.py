"""A user's own language choice for the pages they see."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.roles import LANGUAGES


def set_language(session: Session, user: User, language: str) -> bool:
    """Save ``user``'s own page language; True when it changed. Any role may change their
    own. Raises ValidationFailed (``language``) for a language the app does not have."""
    if language not in LANGUAGES:
        raise ValidationFailed(language=N_("Choose a language from the list."))
    if user.preferred_language == language:
        return False
    user.preferred_language = language
    record_event(
        session,
        "user.set_language",
        actor=user,
        youth_id=user.id if user.role == "youth" else None,
        target_type="user",
        target_id=user.id,
        language=language,
    )
    session.flush()
    return True
