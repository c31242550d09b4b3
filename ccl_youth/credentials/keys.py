"""Organization signing keys: Ed25519, the private half encrypted at rest.

The encryption key is derived from the app's SECRET_KEY with HKDF-SHA256 and used with AES-GCM;
the public Multikey is bound to the ciphertext as associated data, so a private key copied onto
another key's row does not decrypt. Changing SECRET_KEY makes stored keys unusable: generate a
new one (old credentials still verify, the public halves stay published).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import DomainError
from ccl_youth.core.policies import Action, require
from ccl_youth.credentials.models import SigningKey
from ccl_youth.credentials.signing import multikey_from_public
from ccl_youth.db import utcnow
from ccl_youth.programs.models import Organization

_FORMAT = "v1"
_HKDF_SALT = b"ccl_youth/credentials"


class NoSigningKey(DomainError):
    """The organization has no active signing key: an admin runs ``flask keys generate``."""

    def __init__(self, organization_slug: str) -> None:
        self.organization_slug = organization_slug
        super().__init__(
            f"organization {organization_slug!r} has no signing key; run "
            f"`flask --app ccl_youth keys generate --org {organization_slug}`"
        )


class KeyUnusable(DomainError):
    """The stored private key does not decrypt (SECRET_KEY changed): generate a new key."""


@dataclass(frozen=True)
class ActiveKey:
    """An organization's signing key, ready to sign."""

    id: int
    organization_id: int
    public_key_multibase: str
    private_key: Ed25519PrivateKey
    created_dt: datetime


def derive_key(secret_key: str, purpose: bytes) -> bytes:
    """32 bytes for one purpose, derived from SECRET_KEY (HKDF-SHA256)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=purpose)
    return hkdf.derive(secret_key.encode("utf-8"))


def encrypt_private_key(private_key: Ed25519PrivateKey, public_multibase: str, secret: str) -> str:
    """``v1:`` + base64url(nonce || AES-GCM ciphertext) of the raw 32-byte private key."""
    nonce = os.urandom(12)
    aead = AESGCM(derive_key(secret, b"signing-key-encryption v1"))
    sealed = aead.encrypt(nonce, private_key.private_bytes_raw(), public_multibase.encode())
    return f"{_FORMAT}:" + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt_private_key(stored: str, public_multibase: str, secret: str) -> Ed25519PrivateKey:
    """The private key of a row; KeyUnusable when it does not decrypt or match its public half."""
    version, _sep, body = stored.partition(":")
    if version != _FORMAT:
        raise KeyUnusable("the stored signing key is in an unknown format")
    try:
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        aead = AESGCM(derive_key(secret, b"signing-key-encryption v1"))
        private_key = Ed25519PrivateKey.from_private_bytes(
            aead.decrypt(raw[:12], raw[12:], public_multibase.encode())
        )
    except (InvalidTag, ValueError) as error:
        raise KeyUnusable(
            "the signing key does not decrypt: SECRET_KEY has changed since it was made; "
            "generate a new key"
        ) from error
    if multikey_from_public(private_key.public_key()) != public_multibase:
        raise KeyUnusable("the stored signing key does not match its public key")
    return private_key


def recipient_pseudonym(secret: str, youth_id: int) -> str:
    """What a credential's hashed recipient stands for: a keyed hash of the youth's internal id,
    so the published salt and hash cannot be brute-forced back to the (small, sequential) id,
    while the app can still confirm whose credential it is."""
    key = derive_key(secret, b"recipient-id v1")
    return hmac.new(key, f"youth:{youth_id}".encode(), hashlib.sha256).hexdigest()


def identity_salt(secret: str, credential_id: str) -> str:
    """The salt of a credential's hashed recipient: random-looking, fixed per credential."""
    key = derive_key(secret, b"recipient-salt v1")
    return hmac.new(key, credential_id.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def organization_by_slug(session: Session, slug: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.slug == slug))


def generate_signing_key(
    session: Session, organization: Organization, secret: str, actor: User | None = None
) -> SigningKey:
    """A new active Ed25519 key for the organization; earlier active keys are retired (kept
    and still published, so credentials they signed still verify). ``actor`` None is the
    operator's CLI; a user needs MANAGE_KEYS (NotFound / Forbidden otherwise)."""
    if actor is not None:
        require(session, actor, Action.MANAGE_KEYS, organization)
    private_key = Ed25519PrivateKey.generate()
    public_multibase = multikey_from_public(private_key.public_key())
    now = utcnow()
    retired = session.execute(
        update(SigningKey)
        .where(SigningKey.organization_id == organization.id, SigningKey.is_active.is_(True))
        .values(is_active=False, retired_dt=now)
        .returning(SigningKey.id)
    ).scalars()
    retired_ids = sorted(retired)
    key = SigningKey(
        organization_id=organization.id,
        public_key_multibase=public_multibase,
        private_key_encrypted=encrypt_private_key(private_key, public_multibase, secret),
        is_active=True,
        created_dt=now,
    )
    session.add(key)
    session.flush()
    record_event(
        session,
        "signing_key.generate",
        actor=actor,
        organization_id=organization.id,
        target_type="signing_key",
        target_id=key.id,
        retired=retired_ids,
    )
    return key


def active_key(session: Session, organization: Organization, secret: str) -> ActiveKey:
    """The organization's newest active key, decrypted. Raises NoSigningKey or KeyUnusable."""
    row = session.scalar(
        select(SigningKey)
        .where(SigningKey.organization_id == organization.id, SigningKey.is_active.is_(True))
        .order_by(SigningKey.created_dt.desc(), SigningKey.id.desc())
        .limit(1)
    )
    if row is None:
        raise NoSigningKey(organization.slug)
    return ActiveKey(
        id=row.id,
        organization_id=row.organization_id,
        public_key_multibase=row.public_key_multibase,
        private_key=decrypt_private_key(
            row.private_key_encrypted, row.public_key_multibase, secret
        ),
        created_dt=row.created_dt,
    )


def published_keys(session: Session, organization_id: int) -> list[SigningKey]:
    """Every key of the organization, active or retired, oldest first."""
    return list(
        session.scalars(
            select(SigningKey)
            .where(SigningKey.organization_id == organization_id)
            .order_by(SigningKey.id)
        )
    )
