"""Credentials test helpers: a small badge catalog standing in for content, awards built
straight in the database, and the published 1EdTech test key."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.accounts.models import User
from ccl_youth.badges.models import BadgeAward
from ccl_youth.credentials.keys import generate_signing_key
from ccl_youth.credentials.models import SigningKey
from ccl_youth.credentials.public import Publishing
from ccl_youth.extensions import db
from ccl_youth.programs.models import Organization

#: 1EdTech's published examples and test vectors, copied into the repository (see README.md).
STANDARDS = Path(__file__).resolve().parent / "vectors"
#: The key pair the Open Badges 3.0 spec publishes for its test vectors (test use only).
TEST_VECTOR_SEED = bytes.fromhex("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4")
TEST_VECTOR_MULTIKEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
SECRET = "test-secret"
BASE = "http://localhost"
AWARDED = datetime(2025, 3, 14, 15, 9, 26, tzinfo=UTC)

BADGE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120">'
    '<circle cx="60" cy="60" r="56" fill="#1d4f91"/>'
    '<text x="60" y="66" font-size="14" text-anchor="middle" fill="#fff">Team</text></svg>'
)


def standard(name: str) -> dict[str, Any]:
    return json.loads((STANDARDS / name).read_text(encoding="utf-8"))


def vector_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(TEST_VECTOR_SEED)


@dataclass(frozen=True)
class FakeSkill:
    slug: str
    name: str


@dataclass(frozen=True)
class FakeBadge:
    slug: str
    name: str
    description: str
    criteria: str
    image: str
    skills: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()


@dataclass(frozen=True)
class FakeCatalog:
    badges: tuple[FakeBadge, ...] = ()
    skills: tuple[FakeSkill, ...] = field(default_factory=tuple)


def fake_catalog(content: Path) -> FakeCatalog:
    """Two badges whose pictures are SVGs under ``content`` (one picture missing)."""
    (content / "badges").mkdir(parents=True, exist_ok=True)
    (content / "badges" / "team_player.svg").write_text(BADGE_SVG, encoding="utf-8")
    return FakeCatalog(
        badges=(
            FakeBadge(
                "team_player",
                "Team Player",
                "You share the work, listen and help your team.",
                "Show collaboration at the Developing level or higher, checked by staff.",
                "badges/team_player.svg",
                skills=("collaboration",),
            ),
            FakeBadge(
                "job_spotter",
                "Job Spotter",
                "You met people who told you about the work they do.",
                "Go to 3 guest speakers, career fairs or online career visits.",
                "badges/missing.svg",
                skills=("communication", "no_such_skill"),
            ),
        ),
        skills=(
            FakeSkill("collaboration", "Collaboration"),
            FakeSkill("communication", "Communication"),
        ),
    )


def publishing(content: Path, base: str = BASE) -> Publishing:
    return Publishing(base, SECRET, str(content), fake_catalog(content))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return tmp_path / "content"


@pytest.fixture
def catalog_in_app(app: Flask, monkeypatch: pytest.MonkeyPatch, content: Path) -> FakeCatalog:
    """The app's pages see the fake catalog (and its content folder for pictures)."""
    import ccl_youth.web.catalog as web_catalog

    found = fake_catalog(content)
    monkeypatch.setattr(web_catalog, "recognition", lambda: found, raising=False)
    monkeypatch.setitem(app.config, "CONTENT_PATH", str(content))
    return found


def make_key(org: Organization) -> SigningKey:
    key = generate_signing_key(db.session, org, SECRET)
    db.session.commit()
    return key


def _next_index(youth: User) -> int:
    largest = db.session.scalar(
        select(func.max(BadgeAward.status_index)).where(
            BadgeAward.organization_id == youth.organization_id
        )
    )
    return (largest or 0) + 1


def make_award(
    youth: User,
    badge_slug: str = "team_player",
    *,
    status_index: int | None = None,
    revoked: bool = False,
    awarded: datetime = AWARDED,
) -> BadgeAward:
    award = BadgeAward(
        organization_id=youth.organization_id,
        youth_id=youth.id,
        badge_slug=badge_slug,
        method="staff",
        evidence_note="Led the group build.",
        awarded_dt=awarded,
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        status_index=status_index if status_index is not None else _next_index(youth),
        revoked_dt=awarded if revoked else None,
        revoke_reason="Given by mistake." if revoked else "",
    )
    db.session.add(award)
    db.session.commit()
    return award
