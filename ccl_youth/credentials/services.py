"""Handing out a youth's badges as signed credentials: one award as Open Badges 3.0 JSON or as
a baked PNG, all of a youth's badges as one CLR 2.0. Each download is a disclosure of the
youth's record, so it goes through VIEW_YOUTH and is audited (``credential.export``).

Re-downloading gives the same bytes: the credential id, recipient salt, dates and proof time
are all fixed by the award and the organization's active key.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.badges.models import BadgeAward
from ccl_youth.core.errors import DomainError, NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.credentials import baking
from ccl_youth.credentials.build import AwardData, badge_credential, clr_credential
from ccl_youth.credentials.keys import (
    ActiveKey,
    active_key,
    identity_salt,
    recipient_pseudonym,
)
from ccl_youth.credentials.public import Publishing, badge_picture
from ccl_youth.credentials.signing import iso_z, sign
from ccl_youth.programs.models import Organization


class Revoked(DomainError):
    """The award was revoked: its credential is not handed out any more."""


class NoBadges(DomainError):
    """The youth holds no badge that can be exported."""


def award_for_export(session: Session, actor: User, award_id: int) -> BadgeAward:
    """The award if the actor may see its youth and it still stands. Raises NotFound,
    Forbidden, Revoked (checked last, so nobody out of scope learns it)."""
    award = session.get(BadgeAward, award_id)
    if award is None:
        raise NotFound("badge_award")
    require(session, actor, Action.VIEW_YOUTH, award.youth_id)
    if award.revoked_dt is not None:
        raise Revoked("badge_award")
    return award


def _later(first: datetime, second: datetime) -> datetime:
    return max(first, second)


def sign_award(
    publishing: Publishing, organization: Organization, key: ActiveKey, award: BadgeAward
) -> dict[str, Any]:
    """The signed OpenBadgeCredential of an award (no access check: callers do it). Raises
    NotFound when the badge is no longer in the content."""
    badge = publishing.badge(award.badge_slug)
    issuer = publishing.issuer(organization)
    data = AwardData(
        credential_id=award.credential_id,
        recipient_id=recipient_pseudonym(publishing.secret, award.youth_id),
        awarded=iso_z(award.awarded_dt),
        status_list_url=publishing.status_url(organization.slug),
        status_index=award.status_index,
        salt=identity_salt(publishing.secret, award.credential_id),
    )
    unsigned = badge_credential(issuer, data, publishing.achievement_data(badge))
    created = _later(award.awarded_dt, key.created_dt)
    return sign(unsigned, key.private_key, issuer.key_url(key.id), created)


def _audit_export(
    session: Session, actor: User, youth_id: int, target_type: str, target_id: int, **detail: Any
) -> None:
    record_event(
        session,
        "credential.export",
        actor=actor,
        youth_id=youth_id,
        target_type=target_type,
        target_id=target_id,
        **detail,
    )


def award_credential(
    session: Session, actor: User, award_id: int, publishing: Publishing, *, form: str = "json"
) -> dict[str, Any]:
    """The award's signed OB 3.0 credential, audited as an export in ``form`` ("json",
    "png", "api"). Raises NotFound, Forbidden, Revoked, NoSigningKey, KeyUnusable."""
    award = award_for_export(session, actor, award_id)
    organization = session.get_one(Organization, award.organization_id)
    key = active_key(session, organization, publishing.secret)
    credential = sign_award(publishing, organization, key, award)
    _audit_export(session, actor, award.youth_id, "badge_award", award.id, format=form, key=key.id)
    return credential


def award_png(session: Session, actor: User, award_id: int, publishing: Publishing) -> bytes:
    """The badge's picture with the signed credential baked in. Raises as award_credential."""
    credential = award_credential(session, actor, award_id, publishing, form="png")
    award = session.get_one(BadgeAward, award_id)
    picture = badge_picture(publishing, award.badge_slug)
    return baking.bake(picture, to_json(credential, compact=True))


def youth_clr(
    session: Session,
    actor: User,
    youth_id: int,
    publishing: Publishing,
    award_ids: Collection[int] | None = None,
) -> dict[str, Any]:
    """All the youth's standing badges as one signed ClrCredential (badges no longer in the
    content are left out); with ``award_ids``, only those of them (the portfolio's choice;
    ids of other youth's awards simply match nothing). Raises NotFound, Forbidden, NoBadges,
    NoSigningKey, KeyUnusable."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    youth = session.get_one(User, youth_id)
    organization = session.get_one(Organization, youth.organization_id)
    known = {badge.slug for badge in publishing.catalog.badges}
    awards = [
        award
        for award in session.scalars(
            select(BadgeAward)
            .where(BadgeAward.youth_id == youth_id, BadgeAward.revoked_dt.is_(None))
            .order_by(BadgeAward.awarded_dt, BadgeAward.id)
        )
        if award.badge_slug in known and (award_ids is None or award.id in award_ids)
    ]
    if not awards:
        raise NoBadges("youth")
    key = active_key(session, organization, publishing.secret)
    inner = [sign_award(publishing, organization, key, award) for award in awards]
    issuer = publishing.issuer(organization)
    valid_from = max(award.awarded_dt for award in awards)
    salt = identity_salt(publishing.secret, f"clr:{organization.id}:{youth_id}")
    unsigned = clr_credential(
        issuer, recipient_pseudonym(publishing.secret, youth_id), salt, iso_z(valid_from), inner
    )
    signed = sign(
        unsigned, key.private_key, issuer.key_url(key.id), _later(valid_from, key.created_dt)
    )
    _audit_export(
        session,
        actor,
        youth_id,
        "youth",
        youth_id,
        format="clr",
        key=key.id,
        awards=[award.id for award in awards],
    )
    return signed


def to_json(document: dict[str, Any], compact: bool = False) -> str:
    """The text of a credential file (the signature covers meaning, not layout)."""
    if compact:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(document, ensure_ascii=False, indent=2)
