"""W3C Bitstring Status List v1.0: revocation published as one bit per credential.

Pure. ``encodedList`` = multibase base64url (``u`` prefix, no padding) of the GZIP-compressed
bitstring; the bitstring is at least 16 KB (131,072 entries, so one credential hides among
many), index 0 is the left-most (most significant) bit of the first byte. GZIP's timestamp is
fixed, so the same revocations always encode the same way.
"""

from __future__ import annotations

import base64
import gzip
import zlib
from collections.abc import Iterable
from typing import Any

from ccl_youth.credentials.documents import VC_V2

MIN_BYTES = 16 * 1024
#: A status list larger than this (uncompressed) is refused when decoding.
MAX_BYTES = 16 * 1024 * 1024
STATUS_PURPOSE = "revocation"


class StatusListError(ValueError):
    """An encoded list that is not a GZIP'd, base64url multibase bitstring."""


def list_size(largest_index: int) -> int:
    """Bytes for a list holding ``largest_index``: 16 KB, or whole 16 KB blocks beyond it."""
    needed = largest_index // 8 + 1
    blocks = max(1, -(-needed // MIN_BYTES))
    return blocks * MIN_BYTES


def encode_list(set_indices: Iterable[int], largest_index: int = 0) -> str:
    """The ``encodedList`` with the bits at ``set_indices`` set (e.g. revoked awards)."""
    indices = list(set_indices)
    size = list_size(max([largest_index, *indices]))
    bits = bytearray(size)
    for index in indices:
        if index < 0:
            raise ValueError("status list indices are not negative")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_list(encoded: str) -> bytes:
    """The bitstring of an ``encodedList``; StatusListError when it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("the encoded list is not base64url multibase ('u…')")
    body = encoded[1:]
    try:
        padded = (body + "=" * (-len(body) % 4)).encode("ascii")
        compressed = base64.b64decode(padded, altchars=b"-_", validate=True)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        bits = inflater.decompress(compressed, MAX_BYTES)
    except (ValueError, zlib.error) as error:
        raise StatusListError("the encoded list is not GZIP-compressed base64url") from error
    if inflater.unconsumed_tail:
        raise StatusListError("the status list is larger than this app reads")
    if not inflater.eof or not bits:
        raise StatusListError("the encoded list is cut short")
    return bits


def bit_is_set(bits: bytes, index: int) -> bool:
    """Is entry ``index`` set? StatusListError when the list is too short for it."""
    if index < 0 or index // 8 >= len(bits):
        raise StatusListError(f"index {index} is outside the status list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_entry(list_url: str, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` of a credential at ``index`` in the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    list_url: str, issuer: str | dict[str, Any], valid_from: str, encoded_list: str
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` published at ``list_url``."""
    return {
        "@context": [VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encoded_list,
        },
    }
