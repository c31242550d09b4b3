"""Open Badges 3.0 and CLR 2.0 documents from plain data (unsigned). Pure.

What goes in is decided here, once: the recipient is a salted hash of the youth's internal id
(no name, username or e-mail ever), the issuer is the organization's profile at its stable URL,
the achievement is the badge class at its stable URL, and revocation is a status list entry.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ccl_youth.credentials.documents import CLR_V2, OB_EXTENSIONS, OB_V3, VC_V2
from ccl_youth.credentials.status import status_entry

OB_CONTEXT = [VC_V2, OB_V3, OB_EXTENSIONS]
CLR_CONTEXT = [VC_V2, CLR_V2, OB_V3, OB_EXTENSIONS]
OB_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
CLR_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
#: Multikey terms for the issuer profile, written out so the profile names no context this app
#: does not carry (the terms are the W3C security vocabulary's).
SECURITY_TERMS = {
    "Multikey": "https://w3id.org/security#Multikey",
    "controller": {"@id": "https://w3id.org/security#controller", "@type": "@id"},
    "publicKeyMultibase": {
        "@id": "https://w3id.org/security#publicKeyMultibase",
        "@type": "https://w3id.org/security#multibase",
    },
    "verificationMethod": {
        "@id": "https://w3id.org/security#verificationMethod",
        "@type": "@id",
        "@container": "@set",
    },
    "assertionMethod": {
        "@id": "https://w3id.org/security#assertionMethod",
        "@type": "@id",
        "@container": "@set",
    },
}
CLR_NAMESPACE = uuid.UUID("5f0c6f53-1f55-4c49-9c59-5ad4a1f6c1d2")


@dataclass(frozen=True)
class Issuer:
    """The organization as credentials name it."""

    profile_url: str
    name: str

    def key_url(self, key_id: int) -> str:
        return f"{self.profile_url}#key-{key_id}"

    def as_issuer(self) -> dict[str, Any]:
        return {"id": self.profile_url, "type": ["Profile"], "name": self.name}


@dataclass(frozen=True)
class AchievementData:
    """A badge class: what the youth achieved, in the badge's own words."""

    url: str
    name: str
    description: str
    criteria: str
    image_url: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class AwardData:
    """One award, as much of it as a credential may carry."""

    credential_id: str
    #: ``keys.recipient_pseudonym`` of the youth: never the id itself.
    recipient_id: str
    awarded: str  # ISO 8601 UTC with Z
    status_list_url: str
    status_index: int
    salt: str


def identity_hash(recipient_id: str, salt: str) -> str:
    """``sha256$<hex>`` of the youth's pseudonym (fixed-length hex) followed by the salt."""
    return "sha256$" + hashlib.sha256(f"{recipient_id}{salt}".encode()).hexdigest()


def recipient(recipient_id: str, salt: str) -> dict[str, Any]:
    """The hashed IdentityObject standing for the youth."""
    return {
        "type": "IdentityObject",
        "identityHash": identity_hash(recipient_id, salt),
        "identityType": "systemId",
        "hashed": True,
        "salt": salt,
    }


def achievement(data: AchievementData) -> dict[str, Any]:
    """The badge class as an OB 3.0 Achievement."""
    body: dict[str, Any] = {
        "id": data.url,
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": data.name,
        "description": data.description,
        "criteria": {"narrative": data.criteria},
        "image": {"id": data.image_url, "type": "Image", "caption": data.name},
    }
    if data.tags:
        body["tag"] = list(data.tags)
    return body


def achievement_document(data: AchievementData) -> dict[str, Any]:
    """The Achievement served at its own URL, with contexts."""
    return {"@context": [VC_V2, OB_V3], **achievement(data)}


def badge_credential(issuer: Issuer, award: AwardData, badge: AchievementData) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for one award."""
    return {
        "@context": list(OB_CONTEXT),
        "id": award.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.as_issuer(),
        "validFrom": award.awarded,
        "awardedDate": award.awarded,
        "name": badge.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [recipient(award.recipient_id, award.salt)],
            "achievement": achievement(badge),
        },
        "credentialSchema": [dict(OB_SCHEMA)],
        "credentialStatus": status_entry(award.status_list_url, award.status_index),
    }


def clr_id(issuer: Issuer, youth_salt: str, credential_ids: Sequence[str]) -> str:
    """A CLR's id: the same youth and the same badges give the same id."""
    name = "\n".join([issuer.profile_url, youth_salt, *sorted(credential_ids)])
    return f"urn:uuid:{uuid.uuid5(CLR_NAMESPACE, name)}"


def clr_credential(
    issuer: Issuer,
    recipient_id: str,
    salt: str,
    valid_from: str,
    signed_credentials: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """The unsigned ClrCredential wrapping a youth's signed badge credentials (at least one)."""
    if not signed_credentials:
        raise ValueError("a CLR wraps at least one credential")
    ids = [str(item["id"]) for item in signed_credentials]
    return {
        "@context": list(CLR_CONTEXT),
        "id": clr_id(issuer, salt, ids),
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": issuer.as_issuer(),
        "validFrom": valid_from,
        "name": "Career Learning Record",
        "description": f"Badges earned with {issuer.name}.",
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": [recipient(recipient_id, salt)],
            "verifiableCredential": list(signed_credentials),
        },
        "credentialSchema": [dict(CLR_SCHEMA)],
    }


def issuer_profile(
    issuer: Issuer, keys: Sequence[tuple[int, str]], url: str | None = None
) -> dict[str, Any]:
    """The issuer's Profile, also its controller document: every key it ever signed with
    (``(id, publicKeyMultibase)``), listed under ``assertionMethod``."""
    methods = [
        {
            "id": issuer.key_url(key_id),
            "type": "Multikey",
            "controller": issuer.profile_url,
            "publicKeyMultibase": multibase,
        }
        for key_id, multibase in keys
    ]
    profile: dict[str, Any] = {
        "@context": [VC_V2, OB_V3, SECURITY_TERMS],
        "id": issuer.profile_url,
        "type": ["Profile"],
        "name": issuer.name,
    }
    if url:
        profile["url"] = url
    profile["verificationMethod"] = methods
    profile["assertionMethod"] = [method["id"] for method in methods]
    return profile
