"""Helpers for the skills tests: small real files of every accepted type, evidence and
evaluations inserted directly (the services have their own tests), complete forms."""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ccl_youth.core import secrets as sec
from ccl_youth.core.files import store_upload
from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from ccl_youth.placements.models import Evaluation, EvaluationRating
from ccl_youth.skills.checks import ALLOWED_TYPES, FOLDER, MAX_FILE_BYTES
from ccl_youth.skills.models import Evidence, EvidenceSkill
from tests.factories import World
from tests.placements.support import exe_bytes, pdf_bytes, png_bytes

__all__ = ["exe_bytes", "pdf_bytes", "png_bytes"]

#: The skills of the issue: eight durable skills and four STEM practices.
SKILL_SLUGS = frozenset(
    {
        "critical_thinking", "collaboration", "communication", "creativity", "growth_mindset",
        "goal_setting", "leadership", "problem_solving", "measurement", "tool_use",
        "data_analysis", "computational_thinking",
    }
)  # fmt: skip
#: A moment after the world's activities, to date reviews and evaluations from.
T0 = datetime(2026, 10, 10, 15, 0, tzinfo=UTC)


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def gif_bytes() -> bytes:
    return b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def webp_bytes() -> bytes:
    body = b"WEBPVP8 " + struct.pack("<I", 10) + b"\x00" * 10
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _zip(first: str, first_body: str, rest: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(first), first_body)
        for name, body in rest.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def ooxml_bytes(folder: str) -> bytes:
    """A Word ("word"), Excel ("xl") or PowerPoint ("ppt") file, as far as its bytes tell."""
    return _zip("[Content_Types].xml", "<Types/>", {f"{folder}/document.xml": "<doc/>"})


def opendocument_bytes(kind: str) -> bytes:
    """An OpenDocument text, spreadsheet or presentation: the stored mimetype entry first."""
    return _zip("mimetype", f"application/vnd.oasis.opendocument.{kind}", {"content.xml": "<x/>"})


ACCEPTED = {
    "picture.png": (png_bytes, "image/png"),
    "photo.jpg": (jpeg_bytes, "image/jpeg"),
    "moving.gif": (gif_bytes, "image/gif"),
    "modern.webp": (webp_bytes, "image/webp"),
    "report.pdf": (pdf_bytes, "application/pdf"),
    "essay.docx": (lambda: ooxml_bytes("word"),
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "data.xlsx": (lambda: ooxml_bytes("xl"),
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "slides.pptx": (lambda: ooxml_bytes("ppt"),
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "essay.odt": (lambda: opendocument_bytes("text"), "application/vnd.oasis.opendocument.text"),
    "sheet.ods": (lambda: opendocument_bytes("spreadsheet"),
                  "application/vnd.oasis.opendocument.spreadsheet"),
    "talk.odp": (lambda: opendocument_bytes("presentation"),
                 "application/vnd.oasis.opendocument.presentation"),
}  # fmt: skip


def evidence_folder() -> Path:
    return Path(current_app.config["UPLOADS_PATH"]) / FOLDER


def stored_files() -> set[str]:
    folder = evidence_folder()
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def add_evidence_row(
    youth_id: int,
    org_id: int,
    levels: dict[str, int | None],
    *,
    status: str = "verified",
    reviewed_dt: datetime | None = None,
    created_by_id: int | None = None,
    title: str = "Evidence",
    kind: str = "text",
) -> int:
    """Evidence with its skills and levels, inserted as a review would leave it."""
    now = utcnow()
    evidence = Evidence(
        organization_id=org_id, youth_id=youth_id, kind=kind, title=title, body="Did it.",
        status=status, created_by_id=created_by_id if created_by_id is not None else youth_id,
        reviewed_dt=reviewed_dt if reviewed_dt is not None else (now if status != "submitted"
                                                                 else None),
        created_dt=now, updated_dt=now,
    )  # fmt: skip
    db.session.add(evidence)
    db.session.flush()
    db.session.add_all(
        EvidenceSkill(evidence_id=evidence.id, skill_slug=slug, level=level)
        for slug, level in levels.items()
    )
    db.session.commit()
    return evidence.id


def add_evaluation(
    placement_id: int,
    youth_id: int,
    ratings: dict[str, int],
    *,
    status: str = "submitted",
    submitted_dt: datetime | None = None,
) -> int:
    """A supervisor evaluation with ratings, inserted as the supervisor's form leaves it."""
    evaluation = Evaluation(
        placement_id=placement_id, youth_id=youth_id,
        token_hash=sec.sha256_hex(sec.generate_link_token()),
        expires_dt=utcnow() + timedelta(days=7), status=status,
        submitted_dt=(submitted_dt or utcnow()) if status == "submitted" else None,
    )  # fmt: skip
    db.session.add(evaluation)
    db.session.flush()
    db.session.add_all(
        EvaluationRating(evaluation_id=evaluation.id, skill_slug=slug, level=level)
        for slug, level in ratings.items()
    )
    db.session.commit()
    return evaluation.id


# --- evidence in the two-organization world (access matrix, IDOR probes, browser) ----------

WORLD_KEY = "world-evidence"


@dataclass(frozen=True)
class WorldEvidence:
    """youth1's PDF (waiting, added by youth1, tagged to collaboration), the classmate's
    and youth2's notes (waiting) in organization A, youth_b's note in organization B."""

    youth1: int
    classmate: int
    youth2: int
    youth_b: int


def world_evidence(w: World) -> WorldEvidence:
    """The world's evidence, added the first time it is asked for (so any test can use it)."""
    found = dict(
        db.session.execute(
            select(Evidence.youth_id, Evidence.id).where(Evidence.submission_key == WORLD_KEY)
        ).all()
    )
    if len(found) < 4:
        # A PDF: the access matrix reads every response body as text.
        stored = store_upload(Path(current_app.config["UPLOADS_PATH"]), FOLDER, pdf_bytes(),
                              ALLOWED_TYPES, MAX_FILE_BYTES)  # fmt: skip
        for key, org in (("youth1", w.org_a), ("classmate", w.org_a), ("youth2", w.org_a),
                         ("youth_b", w.org_b)):  # fmt: skip
            youth_id = getattr(w, key)
            if youth_id in found:
                continue
            is_file = key == "youth1"
            evidence = Evidence(
                organization_id=org, youth_id=youth_id, created_by_id=youth_id,
                kind="file" if is_file else "text", title=f"Evidence of {key}",
                body="" if is_file else "I helped my team.", submission_key=WORLD_KEY,
                stored_file=stored.name if is_file else "",
                filename="team.pdf" if is_file else "",
                content_type=stored.content_type if is_file else "",
                size=stored.size if is_file else 0,
            )  # fmt: skip
            db.session.add(evidence)
            db.session.flush()
            db.session.add(EvidenceSkill(evidence_id=evidence.id, skill_slug="collaboration"))
            found[youth_id] = evidence.id
        db.session.commit()
    return WorldEvidence(found[w.youth1], found[w.classmate], found[w.youth2], found[w.youth_b])
