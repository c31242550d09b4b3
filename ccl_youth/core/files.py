"""Uploaded files kept outside the web root: the type is read from the content (magic bytes),
never from the file name, and each file gets a random name. Served only by authorised views."""

from __future__ import annotations

import contextlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import filetype

from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_

#: Content types training agreements and similar documents may have.
DOCUMENT_TYPES: frozenset[str] = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    }
)
#: What people call each of those types, for messages.
TYPE_NAMES: dict[str, str] = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.oasis.opendocument.text": "ODT",
}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# Stored names are what store_upload makes: 32 hex digits and the type's extension.
_STORED_NAME = re.compile(r"[0-9a-f]{32}\.[a-z0-9]{1,8}")
_SUBDIR = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True, slots=True)
class StoredFile:
    name: str
    content_type: str
    size: int


def _folder(root: Path, subdir: str) -> Path:
    if not _SUBDIR.fullmatch(subdir):
        raise ValueError(f"not a folder name: {subdir!r}")
    return Path(root) / subdir


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves say they are, or None when unknown."""
    kind = filetype.guess(data)
    return kind.mime if kind is not None else None


def store_upload(
    root: Path, subdir: str, data: bytes, allowed: set[str] | frozenset[str], max_bytes: int
) -> StoredFile:
    """Check the bytes and write them under ``root/subdir`` with a random name.
    Raises ValidationFailed(file=…) for an empty, too large or unwanted file."""
    if not data:
        raise ValidationFailed(file=N_("The file is empty."))
    if len(data) > max_bytes:
        limit = max_bytes / (1024 * 1024)
        raise ValidationFailed(
            file=N_("The file is too large: at most %(megabytes)s MB.", megabytes=f"{limit:g}")
        )
    content_type = sniff(data)
    if content_type is None or content_type not in allowed:
        names = sorted(TYPE_NAMES.get(t, t) for t in allowed)
        raise ValidationFailed(
            file=N_("This type of file is not accepted. Use %(kinds)s.", kinds=", ".join(names))
        )
    extension = extension_for(content_type)
    folder = _folder(root, subdir)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{extension}"
    # "x": never overwrite a file, however unlikely a clash of random names is.
    with open(folder / name, "xb") as out:
        out.write(data)
    return StoredFile(name=name, content_type=content_type, size=len(data))


def open_upload(root: Path, subdir: str, name: str) -> Path:
    """The path of a stored file. Raises NotFound for a name store_upload could not have made
    (so no ``..``, slashes or absolute paths) or a file that is not there."""
    if not _STORED_NAME.fullmatch(name):
        raise NotFound("file")
    folder = _folder(root, subdir).resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        raise NotFound("file")
    return path


def delete_upload(root: Path, subdir: str, name: str) -> None:
    """Remove a stored file if it is there (a file that is already gone is fine)."""
    with contextlib.suppress(NotFound, FileNotFoundError):
        open_upload(root, subdir, name).unlink()


def display_filename(filename: str, fallback: str = "document") -> str:
    """A name safe to show: the last path part, plain characters only, at most 200
    (``fallback`` when nothing is left)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    cleaned = re.sub(r"[^\w.\- ]+", "_", base, flags=re.ASCII).strip(" .")
    return cleaned[-200:] or fallback


_STEM_UNSAFE = re.compile(r"[^A-Za-z0-9_\- ]+")
MAX_STEM = 80


def extension_for(content_type: str) -> str:
    """The usual extension of a content type store_upload accepts ("bin" for any other)."""
    kind = filetype.get_type(mime=content_type)
    return kind.extension if kind is not None else "bin"


def download_filename(filename: str, content_type: str, fallback: str = "document") -> str:
    """The name to offer a stored file under: the uploader's name without its extension, in
    ASCII letters, digits, dashes, underscores and spaces (others become "_"), at most 80
    characters (``fallback`` when nothing is left), with the extension of the type the
    content was found to be, so a PNG uploaded as x.html downloads as x.png."""
    base = re.split(r"[\\/]", filename or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = _STEM_UNSAFE.sub("_", stem)
    stem = re.sub(r"\s+", " ", stem)[:MAX_STEM].strip(" ")
    if not any(c.isalnum() for c in stem):
        stem = fallback
    return f"{stem}.{extension_for(content_type)}"
