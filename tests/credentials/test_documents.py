"""The closed document loader: the vendored contexts are the published ones, every other URL
is refused (never fetched), and crafted graphs cannot make canonicalisation run away."""

from __future__ import annotations

import hashlib
import socket
import time

import pytest

from ccl_youth.credentials import documents
from ccl_youth.credentials.documents import (
    CONTEXT_DIR,
    CONTEXT_FILES,
    TooComplex,
    UnknownContext,
    canonicalize,
    load_document,
)
from tests.credentials.support import standard

HASHES = {
    "credentials-v2.jsonld": "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
    "ob-context-3.0.3.json": "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761",
    "ob-v3p0-extensions.json": "146f85aa16effd7ca1da8056eb443f53ce1eca8a34186cb062832c0a97d889c3",
    "clr-context-2.0.1.json": "880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6",
    "openbadges-v2-context.json": (
        "3c0c25a0e581c64cbe632197377c4f334c6c0b95f0d90e3b74449781612b153d"
    ),
}


@pytest.mark.parametrize("name", sorted(HASHES))
def test_vendored_contexts_are_unchanged(name: str) -> None:
    data = (CONTEXT_DIR / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == HASHES[name]


def test_every_known_url_has_its_file() -> None:
    assert set(CONTEXT_FILES.values()) == set(HASHES)
    for url in CONTEXT_FILES:
        assert load_document(url)["document"]["@context"]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/context.json",
        "https://www.w3.org/2018/credentials/v1",
        "https://w3id.org/security/data-integrity/v2",
        "https://www.w3.org/ns/credentials/v2/",  # a near miss is a miss
        "http://www.w3.org/ns/credentials/v2",
        "file:///etc/passwd",
        "http://127.0.0.1:5000/credentials/issuers/x",
    ],
)
def test_other_urls_are_refused_without_any_network(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the loader tried to open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(UnknownContext) as caught:
        load_document(url)
    assert caught.value.url == url
    document = standard("ob3/1edtech-spec_basicOpenBadgeCredential_unsigned.json")
    document["@context"].append(url)
    with pytest.raises(UnknownContext):
        canonicalize(document)


def test_a_context_inside_a_context_is_refused_too() -> None:
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2", {"@import": "https://evil.example/c"}],
        "type": ["VerifiableCredential"],
    }
    with pytest.raises(Exception) as caught:  # noqa: PT011 - pyld wraps it in its own error
        canonicalize(document)
    assert documents._unknown_context(caught.value) is not None or isinstance(
        caught.value, UnknownContext
    )


def test_a_poison_graph_is_given_up_quickly() -> None:
    """A clique of blank nodes: RDFC-1.0's N-degree hashing would try every permutation."""
    size = 9
    nodes = [f"_:b{i}" for i in range(size)]
    graph = [
        {"@id": node, "http://example.org/p": [{"@id": other} for other in nodes if other != node]}
        for node in nodes
    ]
    start = time.perf_counter()
    with pytest.raises(TooComplex):
        canonicalize({"@graph": graph})
    assert time.perf_counter() - start < 5
