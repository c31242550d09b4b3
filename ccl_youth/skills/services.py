"""Evidence of skills: a youth (their own) or staff and admins (for a youth in scope) add a
text, a link or a file tagged to skills and maybe to an activity or placement; the youth may
change or delete it until it is verified (``review`` verifies or returns it). Files are
checked before anything is written and stored under ``<uploads>/evidence/`` with random
names. Every change is audited with ids and field names only.

Callers commit; when they cannot (the commit fails) they remove the file a service stored
(``Evidence.stored_file``) and, after a successful commit, the file a service says it
replaced. No Flask: the uploads folder and the known skill slugs come in as parameters.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.files import delete_upload, display_filename, store_upload
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role
from ccl_youth.db import utcnow
from ccl_youth.skills.checks import (
    ALLOWED_TYPES,
    FOLDER,
    MAX_FILE_BYTES,
    Choices,
    EvidenceInput,
    check_evidence,
    choices_for,
)
from ccl_youth.skills.models import Evidence, EvidenceSkill

#: The name a file whose own name has nothing usable left is shown under.
FALLBACK_NAME = "evidence"


def get_evidence(
    session: Session, actor: User, evidence_id: int, action: Action = Action.ADD_EVIDENCE
) -> Evidence:
    """The evidence if the actor may do ``action`` to its youth (youth: only their own).
    Raises NotFound (no such evidence, or its youth is out of scope) or Forbidden."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or evidence.organization_id != actor.organization_id:
        raise NotFound("evidence")
    require(session, actor, action, evidence.youth_id)
    return evidence


def evidence_choices(session: Session, actor: User, youth_id: int) -> Choices:
    """The activities and placements the actor may tie a youth's evidence to. Raises
    NotFound/Forbidden."""
    require(session, actor, Action.ADD_EVIDENCE, youth_id)
    youth = session.get_one(User, youth_id)
    return choices_for(session, youth_id, youth.organization_id)


def submitted_evidence(
    session: Session, actor: User, youth_id: int, submission_key: str
) -> Evidence | None:
    """The evidence the actor already sent with this key, if any. Raises
    ValidationFailed(submission_key=…) for a malformed key or one used for another youth."""
    if not 8 <= len(submission_key) <= 64:
        raise ValidationFailed(submission_key=N_("Use 8 to 64 characters."))
    existing = session.scalar(
        select(Evidence).where(
            Evidence.created_by_id == actor.id, Evidence.submission_key == submission_key
        )
    )
    if existing is not None and existing.youth_id != youth_id:
        raise ValidationFailed(submission_key=N_("That key was used for another youth."))
    return existing


def _store(uploads: Path, data: EvidenceInput) -> tuple[str, str, str, int]:
    """(stored name, display name, content type, size) of the new file; the checks have
    passed, so store_upload refuses nothing here."""
    assert data.file_data is not None
    stored = store_upload(uploads, FOLDER, data.file_data, ALLOWED_TYPES, MAX_FILE_BYTES)
    name = display_filename(data.filename, FALLBACK_NAME)
    return stored.name, name, stored.content_type, stored.size


def _values(data: EvidenceInput) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "title": data.title.strip(),
        "body": data.body.strip(),
        "url": data.url.strip() if data.kind == "link" else "",
        "activity_id": data.activity_id,
        "placement_id": data.placement_id,
    }


def _skills(data: EvidenceInput) -> list[str]:
    return sorted(set(data.skills))


def add_evidence(
    session: Session,
    actor: User,
    youth_id: int,
    data: EvidenceInput,
    known_skills: Collection[str],
    uploads: Path,
    submission_key: str | None = None,
) -> tuple[Evidence, bool]:
    """Add evidence for a youth (waiting for review). The same submission key again — a
    double click, even two requests at once — returns the first and stores no file. Returns
    (evidence, created). Raises NotFound/Forbidden, ValidationFailed naming the field;
    nothing is written when it does."""
    require(session, actor, Action.ADD_EVIDENCE, youth_id)
    if submission_key is not None:
        existing = submitted_evidence(session, actor, youth_id, submission_key)
        if existing is not None:
            return existing, False
    youth = session.get_one(User, youth_id)
    errors = check_evidence(session, youth_id, youth.organization_id, data, known_skills)
    if errors:
        raise ValidationFailed(errors)
    now = utcnow()
    values: dict[str, Any] = {
        **_values(data),
        "organization_id": youth.organization_id,
        "youth_id": youth_id,
        "status": "submitted",
        "created_by_id": actor.id,
        "submission_key": submission_key,
        "created_dt": now,
        "updated_dt": now,
    }
    if data.kind == "file":
        stored, name, content_type, size = _store(uploads, data)
        values.update(stored_file=stored, filename=name, content_type=content_type, size=size)
    try:
        new_id = _insert_once(session, values)
        if new_id is None:  # the same key, sent at the same moment, made it first
            if data.kind == "file":
                delete_upload(uploads, FOLDER, values["stored_file"])
            existing = submitted_evidence(session, actor, youth_id, submission_key or "")
            assert existing is not None
            return existing, False
        session.add_all(EvidenceSkill(evidence_id=new_id, skill_slug=s) for s in _skills(data))
        session.flush()
    except Exception:
        if data.kind == "file":
            delete_upload(uploads, FOLDER, values["stored_file"])
        raise
    evidence = session.get_one(Evidence, new_id)
    record_event(
        session, "evidence.add", actor=actor, youth_id=youth_id, target_type="evidence",
        target_id=evidence.id, kind=data.kind, skills=len(_skills(data)),
        activity_id=data.activity_id, placement_id=data.placement_id,
    )  # fmt: skip
    return evidence, True


def _insert_once(session: Session, values: dict[str, Any]) -> int | None:
    """Insert, or nothing when (created_by_id, submission_key) is taken: the new id or None."""
    if values["submission_key"] is None:
        evidence = Evidence(**values)
        session.add(evidence)
        session.flush()
        return evidence.id
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    new_id: int | None = session.scalar(
        insert(Evidence)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["created_by_id", "submission_key"])
        .returning(Evidence.id)
    )
    return new_id


def evidence_skills(session: Session, evidence_id: int) -> list[EvidenceSkill]:
    """The evidence's skills, by slug."""
    return list(
        session.scalars(
            select(EvidenceSkill)
            .where(EvidenceSkill.evidence_id == evidence_id)
            .order_by(EvidenceSkill.skill_slug)
        )
    )


def _refuse_others_words(actor: User, evidence: Evidence) -> None:
    """A youth changes only evidence they added: what staff wrote stays theirs (it is shown as
    theirs). Raises Forbidden."""
    if actor.role == Role.YOUTH.value and evidence.created_by_id != actor.id:
        raise Forbidden("evidence added by staff")


def update_evidence(
    session: Session,
    actor: User,
    evidence_id: int,
    data: EvidenceInput,
    known_skills: Collection[str],
    uploads: Path,
) -> tuple[Evidence, str]:
    """Change evidence that is waiting or was returned (a returned one goes back for review).
    Returns (evidence, the stored name of a file it no longer uses, or ""): the caller
    removes that file once the change is committed. Raises NotFound/Forbidden,
    ValidationFailed (verified evidence is locked; fields); nothing is written when it does."""
    evidence = get_evidence(session, actor, evidence_id)
    _refuse_others_words(actor, evidence)
    if evidence.status == "verified":
        raise ValidationFailed(status=N_("This evidence is verified and can no longer be changed."))
    errors = check_evidence(
        session, evidence.youth_id, evidence.organization_id, data, known_skills,
        has_file=bool(evidence.stored_file),
    )  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    values = _values(data)
    changed = [name for name, value in values.items() if getattr(evidence, name) != value]
    old_file = ""
    if data.kind == "file" and data.file_data is not None:
        old_file = evidence.stored_file
        stored, name, content_type, size = _store(uploads, data)
        values.update(stored_file=stored, filename=name, content_type=content_type, size=size)
        changed.append("file")
    elif data.kind != "file" and evidence.stored_file:
        old_file = evidence.stored_file
        values.update(stored_file="", filename="", content_type="", size=0)
        changed.append("file")
    try:
        skills = _skills(data)
        if [s.skill_slug for s in evidence_skills(session, evidence.id)] != skills:
            changed.append("skills")
            session.execute(delete(EvidenceSkill).where(EvidenceSkill.evidence_id == evidence.id))
            session.add_all(EvidenceSkill(evidence_id=evidence.id, skill_slug=s) for s in skills)
        previous = evidence.status
        for name, value in values.items():
            setattr(evidence, name, value)
        evidence.status = "submitted"
        evidence.updated_dt = utcnow()
        session.flush()
    except Exception:
        if "file" in changed and data.file_data is not None:
            delete_upload(uploads, FOLDER, values["stored_file"])
        raise
    record_event(
        session, "evidence.resubmit" if previous == "returned" else "evidence.update",
        actor=actor, youth_id=evidence.youth_id, target_type="evidence", target_id=evidence.id,
        fields=sorted(changed),
    )  # fmt: skip
    return evidence, old_file


def delete_evidence(session: Session, actor: User, evidence_id: int) -> str:
    """Delete evidence that is not verified. Returns the stored name of its file (or ""),
    for the caller to remove once the deletion is committed. Raises NotFound/Forbidden,
    ValidationFailed(status=…) for verified evidence."""
    evidence = get_evidence(session, actor, evidence_id)
    _refuse_others_words(actor, evidence)
    if evidence.status == "verified":
        raise ValidationFailed(status=N_("This evidence is verified and can no longer be deleted."))
    stored, youth_id = evidence.stored_file, evidence.youth_id
    session.execute(delete(EvidenceSkill).where(EvidenceSkill.evidence_id == evidence.id))
    session.delete(evidence)
    session.flush()
    record_event(
        session, "evidence.delete", actor=actor, youth_id=youth_id, target_type="evidence",
        target_id=evidence_id,
    )  # fmt: skip
    return stored


def evidence_file(session: Session, actor: User, evidence_id: int) -> Evidence:
    """Evidence with a file, for its youth and for staff and admins in scope (family members
    are refused: evidence is not shared with them). Opening someone else's is audited.
    Raises NotFound (also when it has no file), Forbidden."""
    evidence = get_evidence(session, actor, evidence_id)
    if evidence.kind != "file" or not evidence.stored_file:
        raise NotFound("file")
    if actor.id != evidence.youth_id or actor.role != Role.YOUTH.value:
        record_event(
            session, "evidence.file_view", actor=actor, youth_id=evidence.youth_id,
            target_type="evidence", target_id=evidence.id,
        )  # fmt: skip
    return evidence
