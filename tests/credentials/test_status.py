"""Bitstring Status List encoding (W3C): 16 KB minimum, GZIP + base64url multibase, index 0 the
left-most bit, deterministic."""

from __future__ import annotations

import base64
import gzip

import pytest

from ccl_youth.credentials.status import (
    MIN_BYTES,
    StatusListError,
    bit_is_set,
    decode_list,
    encode_list,
    list_size,
    status_entry,
    status_list_credential,
)


def test_an_empty_list_is_sixteen_kilobytes_of_zeros() -> None:
    encoded = encode_list([])
    assert encoded.startswith("u") and "=" not in encoded
    bits = decode_list(encoded)
    assert len(bits) == MIN_BYTES == 16384
    assert not any(bits)


def test_index_zero_is_the_leftmost_bit() -> None:
    bits = decode_list(encode_list([0, 9, 131071]))
    assert bits[0] == 0b1000_0000
    assert bits[1] == 0b0100_0000
    assert bits[-1] == 0b0000_0001
    assert [i for i in range(16) if bit_is_set(bits, i)] == [0, 9]
    assert bit_is_set(bits, 131071)


def test_the_encoding_is_gzip_and_base64url_per_the_spec() -> None:
    encoded = encode_list([3])
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw[0] == 0b0001_0000


def test_the_same_revocations_always_encode_the_same() -> None:
    assert encode_list([5, 1, 77]) == encode_list([77, 5, 1])
    assert encode_list([5]) != encode_list([6])


def test_lists_grow_in_whole_blocks_for_large_indexes() -> None:
    assert list_size(0) == list_size(131071) == MIN_BYTES
    assert list_size(131072) == 2 * MIN_BYTES
    bits = decode_list(encode_list([200_000]))
    assert len(bits) == 2 * MIN_BYTES and bit_is_set(bits, 200_000)
    assert len(decode_list(encode_list([], largest_index=300_000))) == 3 * MIN_BYTES


@pytest.mark.parametrize("bad", ["", "abc", "u", "u!!!!", "uAAAA", 5, None, "z" + "A" * 10])
def test_what_is_not_an_encoded_list_is_refused(bad: object) -> None:
    with pytest.raises(StatusListError):
        decode_list(bad)  # type: ignore[arg-type]


def test_a_compression_bomb_is_refused() -> None:
    bomb = gzip.compress(bytes(64 * 1024 * 1024))
    encoded = "u" + base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    with pytest.raises(StatusListError):
        decode_list(encoded)


def test_an_index_past_the_end_is_an_error_not_a_crash() -> None:
    bits = decode_list(encode_list([]))
    with pytest.raises(StatusListError):
        bit_is_set(bits, 131072)
    with pytest.raises(StatusListError):
        bit_is_set(bits, -1)


def test_entries_and_the_list_credential_have_the_spec_shape() -> None:
    url = "https://ccl.example.org/credentials/status/eastside"
    assert status_entry(url, 42) == {
        "id": url + "#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": url,
    }
    document = status_list_credential(url, "https://x/issuer", "2025-01-01T00:00:00Z", "uAA")
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["type"] == "BitstringStatusList"
    assert document["credentialSubject"]["id"] == url + "#list"
