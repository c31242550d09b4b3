"""eddsa-rdfc-2022 against the official 1EdTech vectors: the signer reproduces the Open Badges
3.0 test vector bit for bit, and the published CLR and validator credentials verify."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime

import pytest

from ccl_youth.credentials import signing
from ccl_youth.credentials.documents import canonicalize
from ccl_youth.credentials.verify import PublishedKey, verify_document
from tests.credentials.support import (
    STANDARDS,
    TEST_VECTOR_MULTIKEY,
    standard,
    vector_key,
)

OB_VECTOR = "ob3/1edtech-spec_testvector_eddsa-rdfc-2022_signed.json"
CLR_VECTOR = "clr2/1edtech-spec_testvector_clr_eddsa-rdfc-2022_signed.json"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def fragment_key(method: str) -> PublishedKey | None:
    """The test vectors name their key in the URL fragment; only tests trust that."""
    controller, _sep, fragment = method.partition("#")
    return PublishedKey(fragment, controller) if fragment.startswith("z6Mk") else None


def no_status(url: str) -> str | None:
    return None


def test_the_published_key_is_the_multikey_the_vector_names() -> None:
    public = vector_key().public_key()
    assert public.public_bytes_raw().hex() == (
        "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
    )
    assert signing.multikey_from_public(public) == TEST_VECTOR_MULTIKEY
    assert signing.public_from_multikey(TEST_VECTOR_MULTIKEY).public_bytes_raw() == (
        public.public_bytes_raw()
    )


def test_canonical_forms_match_the_published_n_quads() -> None:
    vector = standard(OB_VECTOR)
    proof = vector.pop("proof")
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = vector["@context"]
    document_nq = (STANDARDS / "ob3/test-vectors/obv3p0_document-canon.nq").read_text()
    proof_nq = (STANDARDS / "ob3/test-vectors/obv3p0_proof-canon.nq").read_text()
    assert canonicalize(vector) == document_nq
    assert canonicalize(config) == proof_nq
    assert hashlib.sha256(document_nq.encode()).hexdigest().startswith("87f65a76")
    assert hashlib.sha256(proof_nq.encode()).hexdigest().startswith("d34009ce")


def test_signing_reproduces_the_open_badges_test_vector_exactly() -> None:
    vector = standard(OB_VECTOR)
    proof = vector["proof"]
    unsigned = {k: v for k, v in vector.items() if k != "proof"}
    signed = signing.sign(unsigned, vector_key(), proof["verificationMethod"], proof["created"])
    assert signed["proof"]["proofValue"] == (
        "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
    )
    assert signed == vector
    # Same members in the same order: the files are the same JSON.
    assert json.dumps(signed) == json.dumps(vector)
    assert "proof" not in unsigned  # the input is left alone


def test_the_clr_test_vector_verifies_inner_credential_and_all() -> None:
    clr = standard(CLR_VECTOR)
    result = verify_document(clr, fragment_key, no_status, NOW)
    assert result.outcome == "valid", result.reasons
    assert [part.outcome for part in result.parts] == ["valid"]
    assert result.summary.kind == "ClrCredential"
    # The inner credential's own proof is checked too: break it and the CLR fails.
    broken = copy.deepcopy(clr)
    inner = broken["credentialSubject"]["verifiableCredential"][0]
    inner["name"] = "Example University Degree (edited)"
    assert verify_document(broken, fragment_key, no_status, NOW).outcome == "invalid_signature"


@pytest.mark.parametrize(
    "name",
    [
        OB_VECTOR,
        "ob3/1edtech-validator_ob30_simple.json",
        "clr2/1edtech-validator_clr20_simple.json",
    ],
)
def test_published_credentials_verify(name: str) -> None:
    result = verify_document(standard(name), fragment_key, no_status, NOW)
    assert result.outcome == "valid", result.reasons


def test_re_signing_a_credential_with_its_own_proof_replaces_it() -> None:
    vector = standard(OB_VECTOR)
    proof = vector["proof"]
    again = signing.sign(vector, vector_key(), proof["verificationMethod"], proof["created"])
    assert again == vector


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "6Mk",
        "z",
        "zzzz0OIl",
        "z" + "1" * 40,
        5,
        "z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc",
    ],
)
def test_what_is_not_an_ed25519_multikey_is_refused(bad: object) -> None:
    with pytest.raises(signing.KeyFormatError):
        signing.public_from_multikey(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "5x9a", "z", "z0OIl", "z" + "2" * 20, 7, None])
def test_what_is_not_a_signature_is_refused(bad: object) -> None:
    with pytest.raises(signing.KeyFormatError):
        signing.signature_from_proof_value(bad)  # type: ignore[arg-type]


def test_proof_times_are_whole_utc_seconds() -> None:
    moment = datetime(2025, 6, 1, 12, 30, 5, 999_999, tzinfo=UTC)
    assert signing.iso_z(moment) == "2025-06-01T12:30:05Z"
    assert signing.iso_z(datetime(2025, 6, 1, 12, 30, 5)) == "2025-06-01T12:30:05Z"
