"""Every verify outcome, and that nothing — tampering, strange contexts, other keys, broken
JSON, wrong types — ever makes the verifier raise."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ccl_youth.credentials import build, signing
from ccl_youth.credentials.status import encode_list
from ccl_youth.credentials.verify import (
    OUTCOMES,
    PublishedKey,
    Verification,
    verify_document,
    verify_text,
)

PROFILE = "https://ccl.example.org/credentials/issuers/eastside"
STATUS = "https://ccl.example.org/credentials/status/eastside"
KEY_URL = PROFILE + "#key-1"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def keys(method: str) -> PublishedKey | None:
    if method == KEY_URL:
        return PublishedKey(signing.multikey_from_public(KEY.public_key()), PROFILE)
    return None


def statuses(revoked: list[int]) -> Callable[[str], str | None]:
    return lambda url: encode_list(revoked) if url == STATUS else None


def credential(**changes: Any) -> dict[str, Any]:
    issuer = build.Issuer(PROFILE, "Eastside Youth Club")
    award = build.AwardData(
        credential_id="urn:uuid:5b2b3e8c-6a0a-4e55-8a5e-0f6f4c1e9a11",
        recipient_id="youth-7-pseudonym",
        awarded="2025-03-14T15:09:26Z",
        status_list_url=STATUS,
        status_index=12,
        salt="0123456789abcdef0123456789abcdef",
    )
    badge = build.AchievementData(
        url="https://ccl.example.org/credentials/achievements/team_player",
        name="Team Player",
        description="You share the work, listen and help your team.",
        criteria="Show collaboration at the Developing level or higher.",
        image_url="https://ccl.example.org/credentials/achievements/team_player/image.png",
        tags=("Collaboration",),
    )
    document = build.badge_credential(issuer, award, badge)
    document.update(changes)
    return signing.sign(document, KEY, KEY_URL, "2025-03-14T15:09:26Z")


def check(document: object, revoked: tuple[int, ...] = ()) -> Verification:
    return verify_document(document, keys, statuses(list(revoked)), NOW)


def test_a_good_credential_is_valid() -> None:
    result = check(credential())
    assert result.outcome == "valid" and result.is_valid
    assert result.summary.name == "Team Player"
    assert result.summary.issuer_name == "Eastside Youth Club"
    assert result.summary.issuer_id == PROFILE
    assert result.summary.kind == "OpenBadgeCredential"


def test_verifying_from_text_and_bytes_gives_the_same_answer() -> None:
    text = json.dumps(credential())
    assert verify_text(text, keys, statuses([]), NOW).outcome == "valid"
    assert verify_text(text.encode(), keys, statuses([]), NOW).outcome == "valid"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d.update(name="Team Captain"),
        lambda d: d.update(validFrom="2020-01-01T00:00:00Z"),
        lambda d: d["issuer"].update(name="Somebody Else"),
        lambda d: d["credentialSubject"]["achievement"].update(name="Rocket Scientist"),
        lambda d: d["credentialSubject"]["identifier"][0].update(salt="00"),
        lambda d: d["credentialStatus"].update(statusListIndex="13"),
        lambda d: d.pop("credentialStatus"),
        lambda d: d["proof"].update(created="2030-01-01T00:00:00Z"),
    ],
    ids=[
        "name",
        "validFrom",
        "issuer name",
        "achievement",
        "salt",
        "status index",
        "removed status",
        "proof created",
    ],
)
def test_any_change_breaks_the_signature(tamper: Callable[[dict[str, Any]], None]) -> None:
    document = credential()
    tamper(document)
    result = check(document)
    assert result.outcome == "invalid_signature", result.reasons
    assert "changed" in result.reasons[0].text


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d.update(extra="a member no context defines"),
        lambda d: d["credentialSubject"].update(nickname="Sam"),
        lambda d: d["credentialSubject"]["achievement"].update(type=["Achievement", "Trophy"]),
        lambda d: d["credentialSubject"]["achievement"]["image"].update(id="badge.png"),
    ],
    ids=["added member", "added subject member", "undefined type", "relative image"],
)
def test_parts_the_signature_would_not_cover_are_refused(
    tamper: Callable[[dict[str, Any]], None],
) -> None:
    """JSON-LD drops undefined members and relative ids before signing, so a change to them
    would not break the signature: such documents are refused outright ("safe mode")."""
    document = credential()
    tamper(document)
    result = check(document)
    assert result.outcome == "malformed"
    assert result.reasons[0].code == "not_signed_parts"


def test_a_proof_from_another_key_is_an_invalid_signature() -> None:
    document = credential()
    forged = signing.sign(document, OTHER_KEY, KEY_URL, "2025-03-14T15:09:26Z")
    assert check(forged).outcome == "invalid_signature"


def test_a_key_we_do_not_publish_is_unknown() -> None:
    document = signing.sign(
        credential(), OTHER_KEY, "https://elsewhere.example/issuers/1#key-1", "2025-03-14T15:09:26Z"
    )
    result = check(document)
    assert result.outcome == "unknown_key"
    assert "does not publish" in result.reasons[0].text


def test_our_key_vouching_for_another_issuer_is_unknown() -> None:
    document = credential(issuer={"id": "https://elsewhere.example/issuers/1", "type": ["Profile"]})
    result = check(document)
    assert result.outcome == "unknown_key"
    assert result.reasons[0].code == "key_not_issuers"


def test_a_revoked_credential_says_so() -> None:
    assert check(credential(), revoked=(12,)).outcome == "revoked"
    assert check(credential(), revoked=(11, 13)).outcome == "valid"


def test_dates_decide_expired_and_not_yet_valid() -> None:
    expired = check(credential(validUntil="2025-05-31T23:59:59Z"))
    assert expired.outcome == "expired" and "2025-05-31" in expired.reasons[0].text
    assert check(credential(validUntil="2025-06-02T00:00:00Z")).outcome == "valid"
    future = check(credential(validFrom="2025-06-02T00:00:00Z"))
    assert future.outcome == "not_yet_valid" and "2025-06-02" in future.reasons[0].text
    # Revocation is the stronger news.
    assert check(credential(validUntil="2025-01-01T00:00:00Z"), revoked=(12,)).outcome == "revoked"


def test_an_unknown_context_is_reported_not_raised() -> None:
    document = credential()
    document["@context"] = [*document["@context"], "https://evil.example/context.json"]
    result = check(document)
    assert result.outcome == "malformed"
    assert result.reasons[0].code == "unknown_context"
    assert "evil.example" in result.reasons[0].text


def test_a_status_list_that_is_not_ours_cannot_be_checked() -> None:
    result = verify_document(credential(), keys, lambda url: None, NOW)
    assert result.outcome == "malformed" and result.reasons[0].code == "status_unavailable"


def test_a_clr_is_as_good_as_its_worst_badge() -> None:
    issuer = build.Issuer(PROFILE, "Eastside Youth Club")
    inner = [credential(), credential(id="urn:uuid:00000000-0000-4000-8000-000000000002")]
    inner[1]["name"] = "Team Captain"  # changed after signing
    clr = build.clr_credential(issuer, "youth-7-pseudonym", "salt", "2025-03-14T15:09:26Z", inner)
    signed = signing.sign(clr, KEY, KEY_URL, "2025-03-14T15:09:26Z")
    result = check(signed)
    assert [part.outcome for part in result.parts] == ["valid", "invalid_signature"]
    assert result.outcome == "invalid_signature"
    assert result.reasons[0].text.startswith("Credential 2 inside it:")
    good = signing.sign(
        build.clr_credential(issuer, "youth-7-pseudonym", "s", "2025-03-14T15:09:26Z", inner[:1]),
        KEY,
        KEY_URL,
        "2025-03-14T15:09:26Z",
    )
    assert check(good).outcome == "valid"
    assert check(good, revoked=(12,)).outcome == "revoked"


def _mutations() -> list[tuple[str, object]]:
    base = credential()
    cases: list[tuple[str, object]] = [
        ("a list", [base]),
        ("a string", "credential"),
        ("a number", 42),
        ("null", None),
        ("empty object", {}),
    ]
    for key in list(base):
        for label, value in (
            ("missing", ...),
            ("null", None),
            ("number", 7),
            ("list", [1, {"a": None}]),
            ("object", {"@id": 5}),
            ("huge string", "x" * 5000),
        ):
            document = copy.deepcopy(base)
            if value is ...:
                document.pop(key)
            else:
                document[key] = value
            cases.append((f"{key} {label}", document))
    for key in list(base["proof"]):
        for value in (None, 3, [], "z", "", {"a": 1}):
            document = copy.deepcopy(base)
            document["proof"][key] = value
            cases.append((f"proof.{key}={value!r}", document))
    nested = copy.deepcopy(base)
    nested["credentialSubject"]["achievement"] = {"@context": {"@version": 2.0}}
    cases.append(("bad inline context", nested))
    relative = copy.deepcopy(base)
    relative["@context"] = [*base["@context"], "context.json"]
    cases.append(("relative context", relative))
    return cases


@pytest.mark.parametrize(
    "label, document", _mutations(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_nothing_makes_the_verifier_raise(label: str, document: object) -> None:
    result = check(document)
    assert result.outcome in OUTCOMES
    assert result.outcome != "valid" or label.startswith("proof.") is False
    assert result.reasons and all(reason.text for reason in result.reasons)


@pytest.mark.parametrize(
    "text",
    ["", "{", "nul", "[" * 100_000, '{"a": ' * 50_000, "\ufeff{}", b"\xff\xfe\x00", "1e999999"],
)
def test_broken_json_is_malformed(text: str | bytes) -> None:
    result = verify_text(text, keys, statuses([]), NOW)
    assert result.outcome == "malformed"


def test_outcomes_are_listed_worst_first() -> None:
    assert OUTCOMES[0] == "malformed" and OUTCOMES[-1] == "valid"
    assert len(OUTCOMES) == len(set(OUTCOMES)) == 7
    assert timedelta(0) == timedelta(0)


def test_a_credential_too_large_to_check_is_refused_fast() -> None:
    """Thousands of small alignment entries would cost pyld seconds of quadratic work: the
    shape is refused before any JSON-LD processing."""
    import time

    from ccl_youth.credentials.verify import MAX_DEPTH, MAX_LIST, too_complex, verify_document

    alignments = [
        {"type": ["Alignment"], "targetName": f"n{n}", "targetUrl": f"https://a/{n}"}
        for n in range(3000)
    ]
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "credentialSubject": {"achievement": {"alignment": alignments}},
    }
    started = time.perf_counter()
    result = verify_document(document, lambda url: None, lambda url: None, datetime.now(UTC))
    assert time.perf_counter() - started < 1.0
    assert result.outcome == "malformed"
    assert [reason.code for reason in result.reasons] == ["too_complex"]
    assert too_complex({"list": list(range(MAX_LIST))}) is None
    assert "entries" in (too_complex({"list": list(range(MAX_LIST + 1))}) or "")
    deep: object = "leaf"
    for _ in range(MAX_DEPTH):
        deep = [deep]
    assert "nested" in (too_complex(deep) or "")
