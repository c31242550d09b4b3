"""Who may make and revoke a youth's share links, in plain words. Nobody may share for a
youth with a directory opt-out, or under 13 without guardian consent. A youth 13 or older
makes their own links (family may not); under 13 a linked guardian makes them. Family may
revoke whatever the youth's age below 18; from 18 the youth controls their own record and
family may neither make nor revoke links. Ages use ``core.roles``: an unknown birth date
counts as under 13.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.core.i18n import N_
from ccl_youth.core.roles import ConsentState, Role, age_in_years, is_under_13

#: From this age the youth controls their record: family may neither make nor revoke links.
ADULT_AGE = 18


def blocked(profile: YouthProfile | None, today: date) -> str | None:
    """Why nobody may share this youth's portfolio now (None: they may)."""
    if profile is None:
        return N_("This account cannot share a portfolio.")
    if profile.directory_opt_out:
        return N_("Sharing is turned off for this account (it is kept out of listings).")
    young = is_under_13(profile.birth_year, profile.birth_month, today)
    if young and profile.consent_state != ConsentState.GRANTED.value:
        return N_("A parent or guardian has to give consent before links can be made.")
    return None


def _is_adult(profile: YouthProfile | None, today: date) -> bool:
    """18 or older (an unknown birth date counts as under 13, so not)."""
    if profile is None or profile.birth_year is None or profile.birth_month is None:
        return False
    return age_in_years(profile.birth_year, profile.birth_month, today) >= ADULT_AGE


def adult_refusal(actor: User, profile: YouthProfile | None, today: date) -> str | None:
    """Why a family member may not touch this youth's links at all (None: may)."""
    if actor.role == Role.FAMILY.value and _is_adult(profile, today):
        return N_("At 18, youth look after their own record and links.")
    return None


def refusal(session: Session, actor: User, youth_id: int, today: date) -> str | None:
    """Why this actor may not make a link for this youth now, in plain words (None: may)."""
    profile = session.get(YouthProfile, youth_id)
    closed = blocked(profile, today)
    if closed is not None or profile is None:
        return closed
    adult = adult_refusal(actor, profile, today)
    if adult is not None:
        return adult
    if actor.role == Role.FAMILY.value and not is_under_13(
        profile.birth_year, profile.birth_month, today
    ):
        return N_("Youth aged 13 or older make their own links.")
    return None
