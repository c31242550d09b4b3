"""Helpers for the placements tests: small generated files, complete forms, world look-ups."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import timedelta

from sqlalchemy import select

from ccl_youth.core import secrets as sec
from ccl_youth.extensions import db
from ccl_youth.placements.models import Evaluation
from ccl_youth.placements.rubric import SKILLS
from tests.factories import World
from tests.world_experiences import WORLD_DAY


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def exe_bytes() -> bytes:
    """The start of a Windows executable: "MZ" and a DOS stub."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def odt_bytes() -> bytes:
    """An OpenDocument text: a zip whose first entry is the stored mimetype file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(data: bytes, name: str) -> tuple[io.BytesIO, str]:
    return io.BytesIO(data), name


def placement_form(w: World, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "type_slug": "internship",
        "title": "Lab assistant",
        "partner_id": str(w.exp.partner),
        "supervisor_name": "Robin Boss",
        "supervisor_email": "robin@example.org",
        "supervisor_phone": "+1 555 0100",
        "start_date": WORLD_DAY.isoformat(),
        "end_date": (WORLD_DAY + timedelta(days=60)).isoformat(),
        "planned_hours": "120",
    }
    form.update(changes)
    return form


def hours_form(key: str = "hours-form-key-1", **changes: object) -> dict[str, str]:
    form = {
        "work_date": (WORLD_DAY + timedelta(days=2)).isoformat(),
        "hours": "2",
        "minutes": "30",
        "description": "Labelled samples and cleaned the bench.",
        "submission_key": key,
    }
    form.update({k: str(v) for k, v in changes.items()})
    return form


def evaluation_form(level: int = 3, **changes: str) -> dict[str, str]:
    form = {
        "evaluator_name": "Pat Supervisor",
        "evaluator_title": "Lab manager",
        "comments": "Careful and curious.",
        **{f"skill_{skill.slug}": str(level) for skill in SKILLS},
    }
    form.update(changes)
    return form


def evaluation_b(w: World) -> int:
    """Org B's open evaluation (the world keeps only its secret)."""
    found = db.session.scalar(
        select(Evaluation.id).where(
            Evaluation.token_hash == sec.sha256_hex(w.exp.evaluation_secret_b)
        )
    )
    assert found is not None
    return found


def tampered(secret: str) -> str:
    """The same secret with its last character changed."""
    return secret[:-1] + ("A" if secret[-1] != "A" else "B")


def add_placement(
    org_id: int, youth_id: int, *, status: str = "active", partner_id: int | None = None
) -> int:
    """A placement inserted directly (services have their own tests)."""
    from ccl_youth.placements.models import Placement

    placement = Placement(
        organization_id=org_id,
        youth_id=youth_id,
        partner_id=partner_id,
        type_slug="internship",
        title="Extra placement",
        supervisor_name="Sam Boss",
        start_date=WORLD_DAY,
        status=status,
    )
    db.session.add(placement)
    db.session.commit()
    return placement.id


def add_hours(placement_id: int, youth_id: int, minutes: int, status: str, day: int = 1) -> int:
    from ccl_youth.placements.models import HoursEntry

    entry = HoursEntry(
        placement_id=placement_id,
        youth_id=youth_id,
        work_date=WORLD_DAY + timedelta(days=day),
        minutes=minutes,
        description=f"Worked {minutes} minutes.",
        status=status,
    )
    db.session.add(entry)
    db.session.commit()
    return entry.id
