"""What a piece of evidence may hold, and the checks a new or changed one must pass: its kind,
title, text, link, file (type read from the bytes, never the name), skills, and the activity
or placement it may be tied to (only the youth's own). No Flask, no writes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.core.files import MAX_DOCUMENT_BYTES, sniff
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.placements.models import Placement

KINDS = ("text", "link", "file")
MAX_TITLE = 200
MAX_BODY = 5000
MAX_URL = 500
MAX_COMMENT = 1000
MAX_FILE_BYTES = MAX_DOCUMENT_BYTES  # 10 MB
#: The largest id a form or the API may name (the database's integer column).
MAX_ID = 2**31 - 1
#: Subfolder of the uploads folder the files go to.
FOLDER = "evidence"

#: Content types a file may have, found from its bytes, and what people call them.
FILE_TYPES: dict[str, str] = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
}
ALLOWED_TYPES = frozenset(FILE_TYPES)
IMAGE_TYPES = frozenset(t for t in FILE_TYPES if t.startswith("image/"))


@dataclass(frozen=True)
class EvidenceInput:
    """What the youth or staff member sent. ``file_data`` None: no new file (an edit keeps
    the one there is); ``filename`` is the sender's name for it, shown as its base name only."""

    kind: str
    title: str
    skills: tuple[str, ...]
    body: str = ""
    url: str = ""
    activity_id: int | None = None
    placement_id: int | None = None
    file_data: bytes | None = field(default=None, repr=False)
    filename: str = ""


@dataclass(frozen=True)
class Choices:
    """What evidence of one youth may be tied to: the activities they attended and their
    placements, newest first, as (id, title, date)."""

    activities: list[tuple[int, str, date]]
    placements: list[tuple[int, str, date]]


def choices_for(session: Session, youth_id: int, organization_id: int) -> Choices:
    """The youth's attended activities and placements in their organization (two
    statements). No access check: callers check."""
    activities = session.execute(
        select(Activity.id, Activity.title, Activity.activity_date)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(Participation.youth_id == youth_id, Activity.organization_id == organization_id)
        .order_by(Activity.activity_date.desc(), Activity.id.desc())
    ).all()
    placements = session.execute(
        select(Placement.id, Placement.title, Placement.start_date)
        .where(Placement.youth_id == youth_id, Placement.organization_id == organization_id)
        .order_by(Placement.start_date.desc(), Placement.id.desc())
    ).all()
    return Choices(
        [(a_id, title, day) for a_id, title, day in activities],
        [(p_id, title, day) for p_id, title, day in placements],
    )


def is_web_link(url: str) -> bool:
    """An absolute http or https address with a host, no spaces or control characters."""
    if not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def file_problem(data: bytes) -> str | None:
    """Why these bytes cannot be evidence (empty, over 10 MB, a type not accepted), or None.
    The type comes from the content alone."""
    if not data:
        return "The file is empty."
    if len(data) > MAX_FILE_BYTES:
        return f"The file is too large: at most {MAX_FILE_BYTES // (1024 * 1024)} MB."
    if sniff(data) not in ALLOWED_TYPES:
        names = ", ".join(FILE_TYPES.values())
        return f"This type of file is not accepted. Use a picture or a document: {names}."
    return None


def is_path_like(name: str) -> bool:
    """A file name that names folders too (``../x.pdf``, ``C:\\x.pdf``, ``/etc/x``) or is
    only dots: refused, as the issue asks, rather than quietly cut down."""
    stripped = name.strip()
    return "/" in stripped or "\\" in stripped or stripped.strip(".") == "" and stripped != ""


def check_evidence(
    session: Session,
    youth_id: int,
    organization_id: int,
    data: EvidenceInput,
    known_skills: Collection[str],
    *,
    has_file: bool = False,
) -> dict[str, list[str]]:
    """Every problem with ``data``, by field name (empty when there is none). ``has_file``:
    the evidence being changed already has a stored file. At most two statements (the
    activity and placement look-ups, only when one is named)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.kind not in KINDS:
        add("kind", "Choose text, a link or a file.")
    title = data.title.strip()
    if not title or len(title) > MAX_TITLE:
        add("title", f"Give a title of 1 to {MAX_TITLE} characters.")
    body = data.body.strip()
    if len(body) > MAX_BODY:
        add("body", f"Use at most {MAX_BODY} characters.")
    elif data.kind == "text" and not body:
        add("body", "Write what you did.")
    if data.kind == "link":
        url = data.url.strip()
        if len(url) > MAX_URL:
            add("url", f"Use at most {MAX_URL} characters.")
        elif not is_web_link(url):
            add("url", "Give a web address that starts with http:// or https://.")
    if data.kind == "file":
        if data.file_data is not None and is_path_like(data.filename):
            add("file", "Give the file a plain name, without folders (like photo.png).")
        elif data.file_data is not None:
            if problem := file_problem(data.file_data):
                add("file", problem)
        elif not has_file:
            add("file", "Choose a file to send.")
    if not data.skills:
        add("skills", "Choose at least one skill.")
    elif any(slug not in known_skills for slug in data.skills):
        add("skills", "Choose skills from the list.")
    if data.activity_id is not None and not _attended(session, youth_id, organization_id, data):
        add("activity_id", "Choose an activity you went to.")
    if data.placement_id is not None and not _placed(session, youth_id, organization_id, data):
        add("placement_id", "Choose one of your placements.")
    return errors


def _attended(session: Session, youth_id: int, organization_id: int, data: EvidenceInput) -> bool:
    if data.activity_id is None or not 1 <= data.activity_id <= MAX_ID:
        return False
    found = session.scalar(
        select(Participation.activity_id)
        .join(Activity, Activity.id == Participation.activity_id)
        .where(
            Participation.activity_id == data.activity_id,
            Participation.youth_id == youth_id,
            Activity.organization_id == organization_id,
        )
    )
    return found is not None


def _placed(session: Session, youth_id: int, organization_id: int, data: EvidenceInput) -> bool:
    if data.placement_id is None or not 1 <= data.placement_id <= MAX_ID:
        return False
    found = session.scalar(
        select(Placement.id).where(
            Placement.id == data.placement_id,
            Placement.youth_id == youth_id,
            Placement.organization_id == organization_id,
        )
    )
    return found is not None
