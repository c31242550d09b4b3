"""Badge pictures (rendered from SVG, no system libraries) and OB 3.0 baking: one uncompressed
``openbadgecredential`` iTXt chunk, read back exactly."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from PIL import Image

from ccl_youth.credentials.baking import (
    KEYWORD,
    NotAPng,
    bake,
    fallback_svg,
    render_png,
    unbake,
)
from tests.credentials.support import BADGE_SVG, standard

VECTOR = "ob3/1edtech-spec_testvector_eddsa-rdfc-2022_signed.json"


def chunk_types(png: bytes) -> list[bytes]:
    types, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        types.append(png[offset + 4 : offset + 8])
        offset += 12 + length
    return types


def test_the_badge_svg_renders_to_a_square_png() -> None:
    png = render_png(BADGE_SVG)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (256, 256)
    # The middle of the circle is the badge's blue, the corner is transparent.
    rgba = image.convert("RGBA")
    assert rgba.getpixel((128, 40))[:3] == (0x1D, 0x4F, 0x91)
    assert rgba.getpixel((1, 1))[3] == 0


def test_rendering_is_deterministic() -> None:
    assert render_png(BADGE_SVG) == render_png(BADGE_SVG)
    assert render_png(fallback_svg("Job Spotter")) == render_png(fallback_svg("Job Spotter"))


def test_the_fallback_picture_escapes_the_name() -> None:
    svg = fallback_svg('<script>alert("x")</script> & more')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert render_png(svg).startswith(b"\x89PNG")


def test_a_baked_credential_comes_back_out_exactly() -> None:
    text = json.dumps(standard(VECTOR), ensure_ascii=False)
    baked = bake(render_png(BADGE_SVG), text)
    assert unbake(baked) == text
    assert chunk_types(baked).count(b"iTXt") == 1
    assert chunk_types(baked)[-2:] == [b"iTXt", b"IEND"]
    # Uncompressed, as the baking spec requires: the JSON is in the file as it is.
    assert KEYWORD + b"\x00\x00\x00\x00\x00{" in baked
    # Still an image that opens.
    assert Image.open(io.BytesIO(baked)).size == (256, 256)


def test_baking_again_replaces_the_credential() -> None:
    png = render_png(BADGE_SVG)
    twice = bake(bake(png, '{"a": 1}'), '{"b": "é"}')
    assert chunk_types(twice).count(b"iTXt") == 1
    assert unbake(twice) == '{"b": "é"}'


def test_a_plain_picture_has_no_credential() -> None:
    assert unbake(render_png(BADGE_SVG)) is None


def test_a_compressed_chunk_written_elsewhere_is_read_too() -> None:
    png = render_png(BADGE_SVG)
    data = KEYWORD + b"\x00\x01\x00\x00\x00" + zlib.compress(b'{"x": 1}')
    chunk = (
        struct.pack(">I", len(data))
        + b"iTXt"
        + data
        + struct.pack(">I", zlib.crc32(b"iTXt" + data))
    )
    iend = png.rindex(b"IEND") - 4
    assert unbake(png[:iend] + chunk + png[iend:]) == '{"x": 1}'


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        b"GIF89a",
        b"\x89PNG\r\n\x1a\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR",
        b'{"json": true}',
    ],
)
def test_what_is_not_a_png_is_refused(bad: bytes) -> None:
    with pytest.raises(NotAPng):
        unbake(bad)


def test_a_damaged_png_is_refused() -> None:
    baked = bytearray(bake(render_png(BADGE_SVG), '{"a": 1}'))
    baked[-20] ^= 0xFF  # inside the credential chunk: its checksum no longer matches
    with pytest.raises(NotAPng):
        unbake(bytes(baked))
