"""Badge pictures as PNG, and credentials baked into them (Open Badges 3.0 baking). Pure.

Rendering: the badge's own SVG from ``content/`` is rasterised with resvg (``resvg-py``, a
Rust wheel with no system libraries), so the PNG shows exactly the picture the pages show. Text
uses the DejaVu Sans font that matplotlib ships and no system fonts, so the same SVG gives the
same bytes on every machine.

Baking: one ``iTXt`` chunk with keyword ``openbadgecredential``, uncompressed, holding the signed
credential JSON, placed just before ``IEND``; any earlier such chunk is replaced.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache
from html import escape
from pathlib import Path

import matplotlib
import resvg_py

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
#: Credentials larger than this are not read out of a PNG.
MAX_TEXT_BYTES = 2 * 1024 * 1024
BADGE_SIZE = 256


class NotAPng(ValueError):
    """The bytes are not a PNG this module can read."""


@cache
def _font_files() -> tuple[str, ...]:
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return tuple(str(fonts / name) for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))


def fallback_svg(name: str) -> str:
    """A plain round badge with the badge's name, for a badge whose picture is missing."""
    words = escape(name[:40])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        '<circle cx="100" cy="100" r="94" fill="#1d4e89"/>'
        '<circle cx="100" cy="100" r="80" fill="none" stroke="#ffffff" stroke-width="4"/>'
        f'<text x="100" y="108" font-size="18" text-anchor="middle" fill="#ffffff" '
        f'font-family="DejaVu Sans">{words}</text></svg>'
    )


def render_png(svg_text: str, size: int = BADGE_SIZE) -> bytes:
    """The SVG rasterised to a ``size``-pixel-wide PNG (deterministic)."""
    rendered = resvg_py.svg_to_bytes(
        svg_string=svg_text,
        width=size,
        skip_system_fonts=True,
        font_files=list(_font_files()),
        font_family="DejaVu Sans",
        sans_serif_family="DejaVu Sans",
        serif_family="DejaVu Sans",
    )
    return bytes(rendered)


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, CRCs checked; NotAPng otherwise."""
    if not png.startswith(PNG_SIGNATURE):
        raise NotAPng("the file is not a PNG")
    chunks, offset = [], len(PNG_SIGNATURE)
    while offset < len(png):
        if offset + 8 > len(png):
            raise NotAPng("the PNG ends in the middle of a chunk")
        length, kind = struct.unpack(">I4s", png[offset : offset + 8])
        end = offset + 8 + length
        if end + 4 > len(png):
            raise NotAPng("the PNG ends in the middle of a chunk")
        data = png[offset + 8 : end]
        (crc,) = struct.unpack(">I", png[end : end + 4])
        if zlib.crc32(kind + data) != crc:
            raise NotAPng("a PNG chunk is damaged (its checksum does not match)")
        chunks.append((kind, data))
        offset = end + 4
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise NotAPng("the PNG has no header or no end")
    return chunks


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _is_credential_chunk(kind: bytes, data: bytes) -> bool:
    return kind == b"iTXt" and data.split(b"\x00", 1)[0] == KEYWORD


def bake(png: bytes, credential_json: str) -> bytes:
    """The PNG with the credential in one uncompressed ``openbadgecredential`` iTXt chunk."""
    chunks = [c for c in _chunks(png) if not _is_credential_chunk(*c)]
    # keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated
    # keyword NUL, then the UTF-8 text.
    itxt = KEYWORD + b"\x00\x00\x00\x00\x00" + credential_json.encode("utf-8")
    body = b"".join(_chunk(kind, data) for kind, data in chunks[:-1])
    return PNG_SIGNATURE + body + _chunk(b"iTXt", itxt) + _chunk(b"IEND", b"")


def unbake(png: bytes) -> str | None:
    """The credential text baked into a PNG, or None when there is none. NotAPng for bytes
    that are not a readable PNG or a credential chunk that cannot be read."""
    for kind, data in _chunks(png):
        if not _is_credential_chunk(kind, data):
            continue
        after_keyword = data.split(b"\x00", 1)[1]
        if len(after_keyword) < 2:
            raise NotAPng("the credential chunk is cut short")
        compressed, rest = after_keyword[0], after_keyword[2:]
        try:
            _language, _translated, text = rest.split(b"\x00", 2)
        except ValueError:
            raise NotAPng("the credential chunk is cut short") from None
        if compressed:
            inflater = zlib.decompressobj()
            try:
                text = inflater.decompress(text, MAX_TEXT_BYTES)
            except zlib.error:
                raise NotAPng("the credential chunk does not decompress") from None
            if inflater.unconsumed_tail:
                raise NotAPng("the credential in the PNG is too large")
        if len(text) > MAX_TEXT_BYTES:
            raise NotAPng("the credential in the PNG is too large")
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError:
            raise NotAPng("the credential in the PNG is not UTF-8 text") from None
    return None
