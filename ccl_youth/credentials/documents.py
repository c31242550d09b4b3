"""JSON-LD contexts for credentials, loaded from the vendored files only, and canonical N-Quads.

The document loader is closed: it knows the five context URLs in ``contexts/`` and refuses every
other URL with ``UnknownContext``. Nothing is fetched, ever. Canonicalisation is RDFC-1.0 (pyld
calls it URDNA2015) with a bound on the work the blank-node hashing may do, so a crafted
document cannot keep a verifier busy for minutes.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015

CONTEXT_DIR = Path(__file__).with_name("contexts")

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
OB_V2 = "https://w3id.org/openbadges/v2"

CONTEXT_FILES: dict[str, str] = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-context-3.0.3.json",
    OB_EXTENSIONS: "ob-v3p0-extensions.json",
    CLR_V2: "clr-context-2.0.1.json",
    OB_V2: "openbadges-v2-context.json",
}

#: Calls of the N-degree hashing step allowed for one document. Credentials this app issues
#: need none (every blank node is told apart by its own quads); honest documents from elsewhere
#: need a handful. Poison graphs need factorially many.
MAX_DEEP_HASHES = 200


class UnknownContext(Exception):
    """A document names a JSON-LD context this app does not carry (it is never fetched)."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"unknown JSON-LD context {url!r}: only vendored contexts are used")


class TooComplex(Exception):
    """Canonicalising the document would take too much work (a crafted graph)."""


@cache
def context_document(url: str) -> dict[str, Any]:
    """The parsed vendored context for ``url``; UnknownContext for any other URL."""
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise UnknownContext(url)
    document: dict[str, Any] = json.loads((CONTEXT_DIR / name).read_text(encoding="utf-8"))
    return document


def load_document(url: str, options: Any = None) -> dict[str, Any]:
    """pyld document loader over the vendored contexts; refuses every other URL."""
    return {"contextUrl": None, "documentUrl": url, "document": context_document(url)}


class _BoundedURDNA2015(URDNA2015):
    """RDFC-1.0 that gives up after ``MAX_DEEP_HASHES`` N-degree hashes."""

    def __init__(self) -> None:
        super().__init__()
        self.deep_hashes = 0

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self.deep_hashes += 1
        if self.deep_hashes > MAX_DEEP_HASHES:
            raise TooComplex("the document's blank nodes are too tangled to canonicalise")
        return super().hash_n_degree_quads(id_, issuer)


class NotSafe(Exception):
    """JSON-LD would silently drop part of the document (a member no context defines, or an id
    or type that is not an absolute IRI), so the signature would not cover it."""


def _refuse_dropped(expanded_property: str | None) -> None:
    raise NotSafe("a member of the document is not defined by any of its contexts")


_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|_:")


def _refuse_relative(node: Any) -> None:
    """Walk the expanded document: every @id and @type must be an absolute IRI or blank node
    (JSON-LD drops relative ones from the RDF, so they would escape the signature)."""
    if isinstance(node, list):
        for item in node:
            _refuse_relative(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@id" and not (isinstance(value, str) and _ABSOLUTE.match(value)):
            raise NotSafe(f"the id {str(value)[:80]!r} is not an absolute address")
        if key == "@type" and "@value" not in node:
            for kind in value if isinstance(value, list) else [value]:
                if not (isinstance(kind, str) and _ABSOLUTE.match(kind)):
                    raise NotSafe(f"the type {str(kind)[:80]!r} is not defined by a context")
        elif key not in ("@value", "@language", "@direction", "@index"):
            _refuse_relative(value)


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, in "safe mode".

    Raises UnknownContext for a context URL that is not vendored, NotSafe when part of the
    document would be dropped instead of signed, TooComplex for a crafted graph, and pyld's
    errors for anything else JSON-LD processing refuses."""
    options = {
        # No base: a relative IRI stays relative, and is refused below (pyld would otherwise
        # resolve it against a made-up base; other processors would drop it).
        "base": None,
        "documentLoader": load_document,
        "extractAllScripts": True,
        "processingMode": "json-ld-1.1",
        "produceGeneralizedRdf": False,
    }
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped)
    try:
        expanded = processor.expand(document, dict(options))
        _refuse_relative(expanded)
        dataset = processor.to_rdf(expanded, dict(options))
    except jsonld.JsonLdError as error:
        unknown = _unknown_context(error)
        if unknown is not None:
            raise unknown from None
        raise
    canonical: str = _BoundedURDNA2015().main(dataset, {"format": "application/n-quads"})
    return canonical


def _unknown_context(error: BaseException | None) -> UnknownContext | None:
    """The UnknownContext at the root of a pyld error chain, if that is what went wrong."""
    seen = 0
    while error is not None and seen < 20:
        if isinstance(error, UnknownContext):
            return error
        details = getattr(error, "details", None)
        cause = details.get("cause") if isinstance(details, dict) else None
        if isinstance(cause, UnknownContext):
            return cause
        error = error.__cause__ or error.__context__ or cause
        seen += 1
    return None
