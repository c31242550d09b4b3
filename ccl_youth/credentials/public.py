"""What this app publishes for anyone to fetch — issuer profiles (with their keys), badge
classes and their pictures, revocation status lists — and checking credentials against them.

No sign-in, no Flask: the views pass a ``Publishing`` (the app's external base URL, its secret,
its content). Keys and status lists are resolved from the database, never over the network,
and only for URLs under this app's own base URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccl_youth.badges.models import BadgeAward
from ccl_youth.core.errors import NotFound
from ccl_youth.credentials import baking
from ccl_youth.credentials.build import AchievementData, Issuer, achievement_document
from ccl_youth.credentials.build import issuer_profile as build_profile
from ccl_youth.credentials.keys import active_key, organization_by_slug, published_keys
from ccl_youth.credentials.models import SigningKey
from ccl_youth.credentials.signing import iso_z, sign
from ccl_youth.credentials.status import encode_list, status_list_credential
from ccl_youth.credentials.verify import PublishedKey, Verification, verify_document, verify_text
from ccl_youth.db import utcnow
from ccl_youth.programs.models import Organization

ORG_SLUG = r"[a-z0-9][a-z0-9-]{0,39}"


class BadgeLike(Protocol):
    """What credentials read of a content badge (``core.content_recognition.Badge``)."""

    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def criteria(self) -> str: ...
    @property
    def image(self) -> str: ...
    @property
    def skills(self) -> Sequence[str]: ...


class SkillLike(Protocol):
    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...


class CatalogLike(Protocol):
    """What credentials need of the recognition catalog (``content/badges.yaml``)."""

    @property
    def badges(self) -> Sequence[BadgeLike]: ...

    @property
    def skills(self) -> Sequence[SkillLike]: ...


@dataclass(frozen=True)
class Publishing:
    """Where credentials point and what they are made from."""

    base_url: str  # no trailing slash, e.g. https://ccl.example.org
    secret: str
    content_root: str
    catalog: CatalogLike

    def profile_url(self, org_slug: str) -> str:
        return f"{self.base_url}/credentials/issuers/{org_slug}"

    def status_url(self, org_slug: str) -> str:
        return f"{self.base_url}/credentials/status/{org_slug}"

    def achievement_url(self, badge_slug: str) -> str:
        return f"{self.base_url}/credentials/achievements/{badge_slug}"

    def image_url(self, badge_slug: str) -> str:
        return f"{self.achievement_url(badge_slug)}/image.png"

    def issuer(self, organization: Organization) -> Issuer:
        return Issuer(self.profile_url(organization.slug), organization.name)

    def badge(self, slug: str) -> BadgeLike:
        """The catalog's badge; NotFound for a slug the catalog does not have."""
        found = next((b for b in self.catalog.badges if b.slug == slug), None)
        if found is None:
            raise NotFound("badge")
        return found

    def achievement_data(self, badge: BadgeLike) -> AchievementData:
        names = {skill.slug: skill.name for skill in self.catalog.skills}
        return AchievementData(
            url=self.achievement_url(badge.slug),
            name=badge.name,
            description=badge.description,
            criteria=badge.criteria,
            image_url=self.image_url(badge.slug),
            tags=tuple(names[s] for s in badge.skills if s in names),
        )


# --- documents anyone may fetch ---------------------------------------------------------------


def _organization(session: Session, org_slug: str) -> Organization:
    organization = organization_by_slug(session, org_slug)
    if organization is None:
        raise NotFound("organization")
    return organization


def issuer_profile(session: Session, publishing: Publishing, org_slug: str) -> dict[str, Any]:
    """The organization's Profile and controller document: every key it has signed with, as
    Multikeys under ``assertionMethod``. Raises NotFound."""
    organization = _organization(session, org_slug)
    keys = [(k.id, k.public_key_multibase) for k in published_keys(session, organization.id)]
    return build_profile(publishing.issuer(organization), keys)


def achievement(publishing: Publishing, badge_slug: str) -> dict[str, Any]:
    """The badge class as an OB 3.0 Achievement. Raises NotFound."""
    return achievement_document(publishing.achievement_data(publishing.badge(badge_slug)))


def badge_picture(publishing: Publishing, badge_slug: str) -> bytes:
    """The badge's picture as a PNG (its SVG from content, rendered). Raises NotFound."""
    badge = publishing.badge(badge_slug)
    root = Path(publishing.content_root).resolve()
    path = (root / badge.image).resolve()
    svg = None
    if path.suffix == ".svg" and path.is_relative_to(root) and path.is_file():
        svg = path.read_text(encoding="utf-8")
    return _rendered(svg or baking.fallback_svg(badge.name))


@lru_cache(maxsize=64)
def _rendered(svg: str) -> bytes:
    return baking.render_png(svg)


def revoked_indices(session: Session, organization_id: int) -> tuple[list[int], int]:
    """The status indexes of the organization's revoked awards, and the largest index in use
    (two aggregate statements)."""
    revoked = session.scalars(
        select(BadgeAward.status_index).where(
            BadgeAward.organization_id == organization_id, BadgeAward.revoked_dt.is_not(None)
        )
    ).all()
    largest = session.scalar(
        select(func.max(BadgeAward.status_index)).where(
            BadgeAward.organization_id == organization_id
        )
    )
    return list(revoked), int(largest or 0)


#: Signed status lists by what they say (list URL, key, revoked indices, length): a list that
#: has not changed is served as signed before instead of being signed again on every request.
_SIGNED_LISTS: dict[tuple[Any, ...], dict[str, Any]] = {}
_SIGNED_LISTS_MAX = 64


def status_list(
    session: Session, publishing: Publishing, org_slug: str, now: datetime | None = None
) -> dict[str, Any]:
    """The organization's signed revocation list, dated when it was first signed with this
    content (``now`` given: signed afresh at that time). Raises NotFound, NoSigningKey,
    KeyUnusable."""
    organization = _organization(session, org_slug)
    key = active_key(session, organization, publishing.secret)
    revoked, largest = revoked_indices(session, organization.id)
    url = publishing.status_url(org_slug)
    issuer = publishing.issuer(organization)
    cache_key = (
        url,
        issuer.profile_url,
        key.id,
        key.public_key_multibase,
        tuple(sorted(revoked)),
        largest,
    )
    if now is None and (cached := _SIGNED_LISTS.get(cache_key)) is not None:
        return cached
    moment = iso_z(now or utcnow())
    unsigned = status_list_credential(
        url, issuer.profile_url, moment, encode_list(revoked, largest)
    )
    signed = sign(unsigned, key.private_key, issuer.key_url(key.id), moment)
    if now is None:
        if len(_SIGNED_LISTS) >= _SIGNED_LISTS_MAX:
            _SIGNED_LISTS.pop(next(iter(_SIGNED_LISTS)))
        _SIGNED_LISTS[cache_key] = signed
    return signed


# --- checking credentials ---------------------------------------------------------------------


class Resolvers:
    """Keys and status lists of this app, looked up in the database by their URLs."""

    def __init__(self, session: Session, publishing: Publishing) -> None:
        self.session, self.publishing = session, publishing
        base = re.escape(publishing.base_url)
        self._key_url = re.compile(rf"{base}/credentials/issuers/({ORG_SLUG})#key-([0-9]{{1,10}})")
        self._status_url = re.compile(rf"{base}/credentials/status/({ORG_SLUG})")
        self._keys: dict[str, PublishedKey | None] = {}
        self._lists: dict[str, str | None] = {}

    def key(self, verification_method: str) -> PublishedKey | None:
        if verification_method not in self._keys:
            self._keys[verification_method] = self._published_key(verification_method)
        return self._keys[verification_method]

    def _published_key(self, verification_method: str) -> PublishedKey | None:
        found = self._key_url.fullmatch(verification_method)
        if found is None:
            return None
        org_slug, key_id = found.group(1), int(found.group(2))
        multibase = self.session.scalar(
            select(SigningKey.public_key_multibase)
            .join(Organization, Organization.id == SigningKey.organization_id)
            .where(SigningKey.id == key_id, Organization.slug == org_slug)
        )
        if multibase is None:
            return None
        return PublishedKey(multibase, self.publishing.profile_url(org_slug))

    def status(self, list_url: str) -> str | None:
        if list_url not in self._lists:  # a CLR names the same list for every badge
            self._lists[list_url] = self._encoded_list(list_url)
        return self._lists[list_url]

    def _encoded_list(self, list_url: str) -> str | None:
        found = self._status_url.fullmatch(list_url)
        organization = organization_by_slug(self.session, found.group(1)) if found else None
        if organization is None:
            return None
        revoked, largest = revoked_indices(self.session, organization.id)
        return encode_list(revoked, largest)


def check_credential(
    session: Session,
    publishing: Publishing,
    credential: object,
    now: datetime | None = None,
) -> Verification:
    """Verify a credential (parsed JSON, or JSON text) against this app's keys and status
    lists. Never raises: a broken input is an outcome like any other."""
    resolvers = Resolvers(session, publishing)
    moment = now or utcnow()
    if isinstance(credential, str | bytes):
        return verify_text(credential, resolvers.key, resolvers.status, moment)
    return verify_document(credential, resolvers.key, resolvers.status, moment)
