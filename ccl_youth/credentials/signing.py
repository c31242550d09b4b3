"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (Ed25519 over RDFC-1.0).

Pure: documents in, documents out. The algorithm is the one the Open Badges 3.0 test vector
exercises (``shared/standards/NOTES.md`` §1.2):

1. the proof options (``type``, ``created``, ``verificationMethod``, ``cryptosuite``,
   ``proofPurpose``) with the document's ``@context``, and the document without ``proof``, are
   each canonicalised (RDFC-1.0, vendored contexts only);
2. ``data = sha256(canonical proof options) || sha256(canonical document)`` — proof first;
3. ``proofValue = "z" + base58btc(Ed25519 signature of data)``.

Keys are published as Multikeys: ``"z" + base58btc(0xED 0x01 || 32-byte public key)``.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ccl_youth.credentials.documents import canonicalize

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
ED25519_MULTICODEC = b"\xed\x01"


class KeyFormatError(ValueError):
    """A Multikey or proof value that is not what the cryptosuite needs."""


def multikey_from_public(public_key: Ed25519PublicKey) -> str:
    """The Multikey ``publicKeyMultibase`` (``z6Mk…``) of an Ed25519 public key."""
    raw = public_key.public_bytes_raw()
    return "z" + base58.b58encode(ED25519_MULTICODEC + raw).decode("ascii")


def public_from_multikey(multibase: str) -> Ed25519PublicKey:
    """The Ed25519 public key of a ``z6Mk…`` Multikey; KeyFormatError if it is not one."""
    if not isinstance(multibase, str) or not multibase.startswith("z"):
        raise KeyFormatError("a Multikey starts with 'z' (base58btc)")
    try:
        raw = base58.b58decode(multibase[1:])
    except ValueError as error:
        raise KeyFormatError("the Multikey is not base58btc") from error
    if len(raw) != 34 or raw[:2] != ED25519_MULTICODEC:
        raise KeyFormatError("the Multikey is not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def signature_from_proof_value(proof_value: str) -> bytes:
    """The 64 signature bytes of a ``z…`` proof value; KeyFormatError otherwise."""
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise KeyFormatError("the proof value is not base58btc multibase ('z…')")
    try:
        signature = base58.b58decode(proof_value[1:])
    except ValueError as error:
        raise KeyFormatError("the proof value is not base58btc") from error
    if len(signature) != 64:
        raise KeyFormatError("the proof value is not an Ed25519 signature (64 bytes)")
    return signature


def iso_z(moment: datetime) -> str:
    """A UTC instant as the credentials write it: ``2024-05-01T12:00:00Z`` (whole seconds)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def proof_options(verification_method: str, created: datetime | str) -> dict[str, Any]:
    """The proof without its value, in the order the test vector writes it."""
    return {
        "type": PROOF_TYPE,
        "created": created if isinstance(created, str) else iso_z(created),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": PROOF_PURPOSE,
    }


def hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    """sha256(canonical proof options with the document's @context) || sha256(canonical
    document without proof): the 64 bytes that are signed."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    config = {key: value for key, value in options.items() if key != "proofValue"}
    config["@context"] = document.get("@context")
    proof_hash = hashlib.sha256(canonicalize(config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured).encode("utf-8")).digest()
    return proof_hash + document_hash


def sign(
    document: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | str,
) -> dict[str, Any]:
    """A copy of ``document`` with an ``eddsa-rdfc-2022`` proof added (any old proof is
    replaced). Raises UnknownContext for a context that is not vendored."""
    options = proof_options(verification_method, created)
    signature = private_key.sign(hash_data(document, options))
    signed = copy.deepcopy({key: value for key, value in document.items() if key != "proof"})
    signed["proof"] = {**options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}
    return signed


def check_signature(
    document: dict[str, Any], proof: dict[str, Any], public_key: Ed25519PublicKey
) -> bool:
    """True when ``proof`` (one of the document's proofs) is a valid signature of the
    document by ``public_key``. Raises KeyFormatError for a malformed proof value and the
    canonicaliser's errors for documents it cannot read."""
    signature = signature_from_proof_value(proof.get("proofValue", ""))
    try:
        public_key.verify(signature, hash_data(document, proof))
    except InvalidSignature:
        return False
    return True
