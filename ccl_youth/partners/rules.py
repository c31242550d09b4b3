"""Rules shared by the partner services: which partner an actor may reach, and the shape of
names, addresses, e-mail addresses and phone numbers. No Flask here."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.core.errors import NotFound
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.partners.models import Partner
from ccl_youth.programs.models import Organization

NAME_MAX = 200
CITY_MAX = 120
WEBSITE_MAX = 300
DESCRIPTION_MAX = 2000
NOTES_MAX = 4000
PERSON_NAME_MAX = 120
TITLE_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 40
STORY_MAX = 1000

# One "@", no spaces, a dot in the domain: the rest only a message to the address can tell.
_EMAIL = re.compile(r"[^@\s<>\x00-\x1f]+@[^@\s<>.\x00-\x1f]+(\.[^@\s<>.\x00-\x1f]+)+")
# Digits with the usual separators, and maybe an extension ("x 12", "ext. 12").
_PHONE = re.compile(r"\+?[0-9 ().\-/]+(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?", re.IGNORECASE)
_HOST = re.compile(r"[A-Za-z0-9\u00a1-\uffff-]+(\.[A-Za-z0-9\u00a1-\uffff-]+)+")


def own_organization(session: Session, actor: User) -> Organization:
    """The actor's organization (the target of the partner actions)."""
    organization = session.get(Organization, actor.organization_id)
    if organization is None:
        raise NotFound("organization")
    return organization


def require_partners(
    session: Session, actor: User, action: Action = Action.MANAGE_PARTNERS
) -> None:
    """Raise Forbidden unless the actor may do ``action`` to their organization's partners."""
    require(session, actor, action, own_organization(session, actor))


def partner_in_scope(
    session: Session, actor: User, partner_id: int, action: Action = Action.MANAGE_PARTNERS
) -> Partner:
    """The partner if it belongs to the actor's organization and the actor may do ``action``.
    Raises NotFound (another organization's, or none), Forbidden (visible, not allowed)."""
    partner = session.get(Partner, partner_id)
    if partner is None or partner.organization_id != actor.organization_id:
        raise NotFound("partner")
    require_partners(session, actor, action)
    return partner


def clean(value: str | None) -> str:
    """Text with surrounding whitespace removed."""
    return (value or "").strip()


def one_line(value: str | None) -> str:
    """Text on one line with runs of whitespace made one space (names, titles, cities)."""
    return " ".join((value or "").split())


def length_error(value: str, largest: int) -> str | None:
    return (
        N_("Use at most %(largest)s characters.", largest=largest) if len(value) > largest else None
    )


def website_error(url: str) -> str | None:
    """Why ``url`` is not a web address we link to, or None (an empty one is fine)."""
    if not url:
        return None
    if len(url) > WEBSITE_MAX:
        return N_("Use at most %(website_max)s characters.", website_max=WEBSITE_MAX)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return N_("Enter a web address that starts with http:// or https://.")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return N_("Enter a web address that starts with http:// or https://.")
    if parts.username or parts.password or any(ch.isspace() for ch in url):
        return N_("Enter a web address like https://example.org (no spaces or passwords).")
    if not _HOST.fullmatch(host):
        return N_("Enter a web address with a full site name, like https://example.org.")
    return None


def email_error(email: str) -> str | None:
    """Why ``email`` is not an e-mail address, or None (an empty one is fine)."""
    if not email:
        return None
    if len(email) > EMAIL_MAX or not _EMAIL.fullmatch(email):
        return N_("Enter an e-mail address like name@example.org.")
    return None


def phone_error(phone: str) -> str | None:
    """Why ``phone`` is not a phone number, or None (an empty one is fine)."""
    if not phone:
        return None
    digits = sum(ch.isdigit() for ch in re.split(r"(?i)x|ext", phone)[0])
    if len(phone) > PHONE_MAX or not _PHONE.fullmatch(phone) or not 7 <= digits <= 15:
        return N_("Enter a phone number of 7 to 15 digits, like (206) 555-0100.")
    return None
