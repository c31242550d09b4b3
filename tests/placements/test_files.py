"""Stored uploads: the type comes from the bytes, never the name; sizes are capped; stored
names are random and cannot be steered outside the uploads folder."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.files import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    delete_upload,
    display_filename,
    download_filename,
    open_upload,
    store_upload,
)
from tests.placements.support import exe_bytes, odt_bytes, pdf_bytes, png_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_pdf_is_stored_under_a_random_name(tmp_path: Path) -> None:
    stored = store_upload(tmp_path, "agreements", pdf_bytes(), DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    assert stored.content_type == "application/pdf"
    assert stored.size == len(pdf_bytes())
    assert stored.name.endswith(".pdf") and len(stored.name) == 36
    assert (tmp_path / "agreements" / stored.name).read_bytes() == pdf_bytes()
    again = store_upload(tmp_path, "agreements", pdf_bytes(), DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    assert again.name != stored.name


def test_the_type_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    """store_upload never sees the file name: a PNG called agreement.pdf is stored as PNG."""
    stored = store_upload(tmp_path, "agreements", png_bytes(), DOCUMENT_TYPES, 1000)
    assert stored.content_type == "image/png"
    assert stored.name.endswith(".png")
    with pytest.raises(ValidationFailed) as refused:
        store_upload(tmp_path, "agreements", png_bytes(), {"application/pdf"}, 1000)
    assert "not accepted" in refused.value.errors["file"][0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (odt_bytes(), "application/vnd.oasis.opendocument.text"),
        (docx_bytes(), DOCX),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, "image/jpeg"),
    ],
)
def test_office_documents_and_jpeg_are_accepted(tmp_path: Path, data: bytes, expected: str) -> None:
    stored = store_upload(tmp_path, "agreements", data, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    assert stored.content_type == expected


@pytest.mark.parametrize(
    "data",
    [exe_bytes(), b"just some text, renamed agreement.pdf", b"PK\x03\x04" + b"\x00" * 40],
    ids=["exe", "text", "plain zip"],
)
def test_other_types_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ValidationFailed) as refused:
        store_upload(tmp_path, "agreements", data, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    assert "PDF" in refused.value.errors["file"][0]
    assert not (tmp_path / "agreements").exists() or not any((tmp_path / "agreements").iterdir())


def test_too_large_and_empty_files_are_refused(tmp_path: Path) -> None:
    big = pdf_bytes() + b"\x00" * MAX_DOCUMENT_BYTES
    with pytest.raises(ValidationFailed) as refused:
        store_upload(tmp_path, "agreements", big, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    assert refused.value.errors == {"file": ["The file is too large: at most 10 MB."]}
    with pytest.raises(ValidationFailed, match="empty"):
        store_upload(tmp_path, "agreements", b"", DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    exactly = pdf_bytes() + b"\x00" * (MAX_DOCUMENT_BYTES - len(pdf_bytes()))
    assert store_upload(tmp_path, "a", exactly, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES).size == (
        MAX_DOCUMENT_BYTES
    )


def test_open_upload_refuses_path_tricks(tmp_path: Path) -> None:
    stored = store_upload(tmp_path / "uploads", "agreements", pdf_bytes(), DOCUMENT_TYPES, 1000)
    assert open_upload(tmp_path / "uploads", "agreements", stored.name).read_bytes() == pdf_bytes()
    (tmp_path / "secret.txt").write_text("not for you")
    for name in (
        "../../secret.txt",
        "../agreements/" + stored.name,
        str(tmp_path / "secret.txt"),
        stored.name + "/",
        "",
        "0" * 32 + ".pdf",  # well formed, but no such file
    ):
        with pytest.raises(NotFound):
            open_upload(tmp_path / "uploads", "agreements", name)
    with pytest.raises(ValueError):
        open_upload(tmp_path / "uploads", "../uploads", stored.name)
    delete_upload(tmp_path / "uploads", "agreements", stored.name)
    delete_upload(tmp_path / "uploads", "agreements", stored.name)  # already gone: fine
    with pytest.raises(NotFound):
        open_upload(tmp_path / "uploads", "agreements", stored.name)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("Agreement 2026.pdf", "Agreement 2026.pdf"),
        ("C:\\Users\\pat\\agreement.pdf", "agreement.pdf"),
        ("../../etc/passwd", "passwd"),
        ('evil"; name=x.pdf', "evil_ name_x.pdf"),
        ("", "document"),
        ("...", "document"),
    ],
)
def test_display_filename(given: str, shown: str) -> None:
    assert display_filename(given) == shown


@pytest.mark.parametrize(
    ("given", "content_type", "offered"),
    [
        ("x.html", "image/png", "x.png"),  # the sniffed type's extension, never the name's
        ("Agreement 2026.pdf", "application/pdf", "Agreement 2026.pdf"),
        ("scan.PDF", "image/jpeg", "scan.jpg"),
        ("contract", DOCX, "contract.docx"),  # no extension at all
        ("report.v2.final.odt", "application/vnd.oasis.opendocument.text", "report_v2_final.odt"),
        ('C:\\Users\\pat\\evil"; name=x.html', "image/png", "evil_ name_x.png"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("été 2026.pdf", "application/pdf", "_t_ 2026.pdf"),
        (".pdf", "application/pdf", "_pdf.pdf"),
        ("....", "application/pdf", "agreement.pdf"),
        ("", "application/pdf", "agreement.pdf"),
        ("___.png", "image/png", "agreement.png"),
        ("x" * 100 + ".pdf", "application/pdf", "x" * 80 + ".pdf"),
        ("a" * 79 + " b.pdf", "application/pdf", "a" * 79 + ".pdf"),  # no trailing space
        ("notes.txt", "text/plain", "notes.bin"),  # a type with no known extension
    ],
)
def test_download_filename(given: str, content_type: str, offered: str) -> None:
    assert download_filename(given, content_type, "agreement") == offered
