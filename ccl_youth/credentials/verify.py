"""Checking a credential: signature, key, revocation and dates. Pure, and total: whatever it is
given, it answers with an outcome and reasons in plain words — it never raises.

Keys and status lists come from the two resolvers the caller passes; this module fetches
nothing. Outcomes, worst first: ``malformed``, ``unknown_key``, ``invalid_signature``,
``revoked``, ``expired``, ``not_yet_valid``, ``valid``. A CLR is as good as the worst of itself
and the credentials it wraps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ccl_youth.credentials.documents import VC_V2, NotSafe, TooComplex, UnknownContext
from ccl_youth.credentials.signing import (
    CRYPTOSUITE,
    PROOF_PURPOSE,
    PROOF_TYPE,
    KeyFormatError,
    check_signature,
    public_from_multikey,
)
from ccl_youth.credentials.status import StatusListError, bit_is_set, decode_list

OUTCOMES = (
    "malformed",
    "unknown_key",
    "invalid_signature",
    "revoked",
    "expired",
    "not_yet_valid",
    "valid",
)
CREDENTIAL_TYPES = {"OpenBadgeCredential", "AchievementCredential", "ClrCredential"}
MAX_NESTED = 200


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class Summary:
    """What the credential says about itself (only strings it really holds)."""

    id: str = ""
    kind: str = ""
    name: str = ""
    issuer_id: str = ""
    issuer_name: str = ""
    valid_from: str = ""
    valid_until: str = ""
    achievement: str = ""


@dataclass(frozen=True)
class Verification:
    outcome: str
    reasons: tuple[Reason, ...]
    summary: Summary = field(default_factory=Summary)
    parts: tuple[Verification, ...] = ()

    @property
    def is_valid(self) -> bool:
        return self.outcome == "valid"


@dataclass(frozen=True)
class PublishedKey:
    """A key the issuer publishes under ``assertionMethod``, and who controls it."""

    public_key_multibase: str
    controller: str


KeyResolver = Callable[[str], PublishedKey | None]
#: A status list credential's URL → its ``encodedList``, or None if it is not ours.
StatusResolver = Callable[[str], str | None]


class _Stop(Exception):
    def __init__(self, outcome: str, code: str, text: str) -> None:
        self.outcome, self.reason = outcome, Reason(code, text)


def verify_text(
    text: str | bytes, resolve_key: KeyResolver, resolve_status: StatusResolver, now: datetime
) -> Verification:
    """Verify a credential given as JSON text."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return _result("malformed", "not_json", "This is not a credential: it is not JSON.")
    return verify_document(document, resolve_key, resolve_status, now)


#: Limits on a credential's shape, checked before any JSON-LD work: canonicalising costs grow
#: faster than the document (long lists are quadratic in pyld's node map), so a small request
#: must not buy seconds of work. A CLR of a few dozen badges stays well inside them.
MAX_NODES = 4000
MAX_LIST = 200
MAX_DEPTH = 32


def too_complex(document: object) -> str | None:
    """Why ``document`` is too large or too deep to verify, or None. Walks with a stack."""
    stack: list[tuple[object, int]] = [(document, 1)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return f"it has more than {MAX_NODES} parts"
        if depth > MAX_DEPTH:
            return f"it is nested more than {MAX_DEPTH} levels deep"
        if isinstance(item, dict):
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, list):
            if len(item) > MAX_LIST:
                return f"a list in it has more than {MAX_LIST} entries"
            stack.extend((value, depth + 1) for value in item)
    return None


def verify_document(
    document: object,
    resolve_key: KeyResolver,
    resolve_status: StatusResolver,
    now: datetime,
    *,
    nested: bool = False,
) -> Verification:
    """Verify a parsed credential; never raises."""
    summary = _summary(document)
    if not nested and (problem := too_complex(document)) is not None:
        return Verification(
            "malformed",
            (Reason("too_complex", f"This is too large to check: {problem}."),),
            summary,
        )
    try:
        outcome, reasons = _verify(document, resolve_key, resolve_status, now)
    except _Stop as stop:
        return Verification(stop.outcome, (stop.reason,), summary)
    except Exception:  # noqa: BLE001 - whatever JSON-LD processing trips on is "malformed"
        return Verification(
            "malformed",
            (Reason("unreadable", "The credential could not be read as linked data."),),
            summary,
        )
    parts: tuple[Verification, ...] = ()
    if not nested and isinstance(document, dict) and "ClrCredential" in _types(document):
        parts = _verify_parts(document, resolve_key, resolve_status, now)
        worst = min([outcome, *(part.outcome for part in parts)], key=OUTCOMES.index)
        if worst != outcome:
            outcome = worst
            reasons = [
                Reason(reason.code, f"Credential {number} inside it: {reason.text}")
                for number, part in enumerate(parts, start=1)
                if part.outcome != "valid"
                for reason in part.reasons
            ]
    return Verification(outcome, tuple(reasons), summary, parts)


def _result(outcome: str, code: str, text: str) -> Verification:
    return Verification(outcome, (Reason(code, text),))


def _types(document: object) -> list[str]:
    if not isinstance(document, dict):
        return []
    kinds = document.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return [kind for kind in kinds if isinstance(kind, str)]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _summary(document: object) -> Summary:
    if not isinstance(document, dict):
        return Summary()
    issuer = document.get("issuer")
    subject = document.get("credentialSubject")
    achieved = subject.get("achievement") if isinstance(subject, dict) else None
    kinds = [kind for kind in _types(document) if kind != "VerifiableCredential"]
    return Summary(
        id=_text(document.get("id")),
        kind=kinds[0] if kinds else "",
        name=_text(document.get("name")),
        issuer_id=_text(issuer.get("id")) if isinstance(issuer, dict) else _text(issuer),
        issuer_name=_text(issuer.get("name")) if isinstance(issuer, dict) else "",
        valid_from=_text(document.get("validFrom") or document.get("issuanceDate")),
        valid_until=_text(document.get("validUntil") or document.get("expirationDate")),
        achievement=_text(achieved.get("name")) if isinstance(achieved, dict) else "",
    )


def _verify(
    document: object, resolve_key: KeyResolver, resolve_status: StatusResolver, now: datetime
) -> tuple[str, list[Reason]]:
    if not isinstance(document, dict):
        raise _Stop("malformed", "not_object", "A credential is a JSON object; this is not one.")
    _check_shape(document)
    proof = _proof(document)
    issuer_id = _issuer_id(document)
    valid_from = _date(document, "validFrom", "issuanceDate")
    valid_until = _date(document, "validUntil", "expirationDate")

    method = proof["verificationMethod"]
    key = resolve_key(method)
    if key is None:
        raise _Stop(
            "unknown_key",
            "unknown_key",
            f"It was signed with a key this site does not publish ({method[:200]}).",
        )
    if key.controller != issuer_id:
        raise _Stop(
            "unknown_key",
            "key_not_issuers",
            "The key that signed it does not belong to the issuer the credential names.",
        )
    try:
        public_key = public_from_multikey(key.public_key_multibase)
        signature_ok = check_signature(document, proof, public_key)
    except KeyFormatError as error:
        raise _Stop("malformed", "proof_value", f"Its signature cannot be read: {error}.") from None
    except UnknownContext as error:
        raise _Stop(
            "malformed",
            "unknown_context",
            f"It uses a vocabulary (JSON-LD context) this site does not know: {error.url[:200]}. "
            "Vocabularies are never downloaded, so it cannot be checked.",
        ) from None
    except NotSafe as error:
        raise _Stop(
            "malformed",
            "not_signed_parts",
            f"Part of it is not covered by its signature ({error}), so it cannot be trusted.",
        ) from None
    except TooComplex:
        raise _Stop(
            "malformed", "too_complex", "It is built in a way too complicated to check."
        ) from None
    if not signature_ok:
        raise _Stop(
            "invalid_signature",
            "invalid_signature",
            "The signature does not match: the credential was changed after it was signed, "
            "or it was signed with another key.",
        )
    if _is_revoked(document, resolve_status):
        return "revoked", [
            Reason("revoked", "The issuer has revoked (taken back) this credential.")
        ]
    if valid_until is not None and now > valid_until:
        return "expired", [Reason("expired", f"It expired on {valid_until:%Y-%m-%d}.")]
    if valid_from is not None and now < valid_from:
        return "not_yet_valid", [
            Reason("not_yet_valid", f"It is not valid before {valid_from:%Y-%m-%d}.")
        ]
    return "valid", [
        Reason(
            "valid",
            "The signature matches the issuer's published key, it has not been revoked and "
            "its dates are current.",
        )
    ]


def _check_shape(document: dict[str, Any]) -> None:
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    if not contexts or contexts[0] != VC_V2:
        raise _Stop(
            "malformed",
            "context",
            "It does not begin with the W3C Verifiable Credentials 2.0 context.",
        )
    kinds = _types(document)
    if "VerifiableCredential" not in kinds or not CREDENTIAL_TYPES & set(kinds):
        raise _Stop(
            "malformed",
            "type",
            "It is not an Open Badges or CLR credential (its type does not say so).",
        )
    if not isinstance(document.get("credentialSubject"), dict):
        raise _Stop("malformed", "subject", "It does not say whom it was given to.")


def _proof(document: dict[str, Any]) -> dict[str, Any]:
    proofs = document.get("proof")
    if proofs is None:
        raise _Stop(
            "malformed", "no_proof", "It has no signature (proof), so its issuer cannot be checked."
        )
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        if (
            isinstance(proof, dict)
            and proof.get("type") == PROOF_TYPE
            and proof.get("cryptosuite") == CRYPTOSUITE
        ):
            if proof.get("proofPurpose") != PROOF_PURPOSE:
                raise _Stop("malformed", "proof_purpose", "Its signature is not meant for issuing.")
            if not isinstance(proof.get("verificationMethod"), str) or not isinstance(
                proof.get("proofValue"), str
            ):
                raise _Stop("malformed", "proof", "Its signature is missing a key or a value.")
            if "created" in proof and not isinstance(proof["created"], str):
                raise _Stop("malformed", "proof", "Its signature's date is not a date.")
            return proof
    raise _Stop(
        "malformed",
        "proof_type",
        f"It is not signed with a {CRYPTOSUITE} Data Integrity proof, the kind this site checks.",
    )


def _issuer_id(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str) or not issuer_id:
        raise _Stop("malformed", "issuer", "It does not name its issuer.")
    return issuer_id


def _date(document: dict[str, Any], *names: str) -> datetime | None:
    for name in names:
        if name not in document:
            continue
        value = document[name]
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise _Stop("malformed", "date", f"Its {name} is not a date and time with a zone.")
        return moment
    return None


def _is_revoked(document: dict[str, Any], resolve_status: StatusResolver) -> bool:
    entries = document.get("credentialStatus")
    if entries is None:
        return False
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict):
            raise _Stop("malformed", "status", "Its revocation entry cannot be read.")
        if entry.get("type") != "BitstringStatusListEntry":
            raise _Stop(
                "malformed", "status", "Its revocation entry is of a kind this site cannot check."
            )
        if entry.get("statusPurpose") != "revocation":
            continue
        index = entry.get("statusListIndex")
        url = entry.get("statusListCredential")
        if not (isinstance(index, str) and index.isascii() and index.isdigit()):
            raise _Stop("malformed", "status", "Its place in the revocation list is not a number.")
        encoded = resolve_status(url) if isinstance(url, str) else None
        if encoded is None:
            raise _Stop(
                "malformed",
                "status_unavailable",
                "Its revocation list is not one this site publishes, so it cannot be checked.",
            )
        try:
            if bit_is_set(decode_list(encoded), int(index)):
                return True
        except StatusListError:
            raise _Stop(
                "malformed", "status", "Its place in the revocation list does not exist."
            ) from None
    return False


def _verify_parts(
    document: dict[str, Any],
    resolve_key: KeyResolver,
    resolve_status: StatusResolver,
    now: datetime,
) -> tuple[Verification, ...]:
    subject = document["credentialSubject"]
    inner = subject.get("verifiableCredential")
    inner = inner if isinstance(inner, list) else [inner]
    if not inner or len(inner) > MAX_NESTED:
        return (_result("malformed", "clr_empty", "It holds no credentials, or far too many."),)
    return tuple(
        verify_document(item, resolve_key, resolve_status, now, nested=True) for item in inner
    )
