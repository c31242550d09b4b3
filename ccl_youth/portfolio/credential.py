"""The portfolio as a CLR 2.0 credential: the badges its shown badges section holds, signed
as the youth's full learning record is (``credentials.services.youth_clr``, filtered to those
awards). The full record of every standing badge stays at ``/youth/<id>/clr.json``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.credentials.public import Publishing
from ccl_youth.credentials.services import NoBadges, youth_clr
from ccl_youth.portfolio.services import portfolio_for


def portfolio_clr(
    session: Session,
    youth: User,
    experiences: ExperienceCatalog,
    recognition: RecognitionCatalog,
    publishing: Publishing,
) -> dict[str, Any]:
    """The youth's own portfolio badges as one signed ClrCredential (audited as a
    credential export). Raises Forbidden, NoBadges (no badge shows in the portfolio),
    NoSigningKey, KeyUnusable."""
    portfolio = portfolio_for(session, youth, youth.id, experiences, recognition)
    award_ids = portfolio.shown_badge_ids()
    if not award_ids:
        raise NoBadges("portfolio")
    return youth_clr(session, youth, youth.id, publishing, award_ids=award_ids)
