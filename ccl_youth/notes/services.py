"""Writing secure notes: start a thread about a youth (subject and first note together) and
reply to one. Reading is in ``ccl_youth.notes.reading``.

Everyone who may see the youth writes (``WRITE_NOTES``); only staff and admins start a
staff-only thread (``WRITE_STAFF_NOTES``), and whether a thread is staff-only never changes
after it is started. Every function takes the session and the acting user, asks the policy,
flushes, never commits. Audit events carry ids only, never a subject or a body.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.db import utcnow
from ccl_youth.notes.models import Note, NoteThread
from ccl_youth.notes.reading import thread_for

SUBJECT_MAX = 200
BODY_MAX = 5000
KEY_MAX = 64
KEY_USED = "This form was sent before. Open the page again to write a new note."


def clean_subject(subject: str) -> tuple[str, list[str]]:
    """The subject trimmed, and what is wrong with it (1 to ``SUBJECT_MAX`` characters)."""
    text = (subject or "").strip()
    if not text:
        return text, ["Write a subject."]
    if len(text) > SUBJECT_MAX:
        return text, [f"Keep the subject to {SUBJECT_MAX} characters or less."]
    return text, []


def clean_body(body: str) -> tuple[str, list[str]]:
    """The note trimmed, and what is wrong with it (1 to ``BODY_MAX`` characters)."""
    text = (body or "").strip()
    if not text:
        return text, ["Write your note."]
    if len(text) > BODY_MAX:
        return text, [f"Keep your note to {BODY_MAX} characters or less."]
    return text, []


def _key(submission_key: str | None) -> str | None:
    return (submission_key or "").strip()[:KEY_MAX] or None


def _submitted(session: Session, author: User, key: str | None) -> Note | None:
    """The note this author already sent with this form key, if any. The author's account row
    is locked first (PostgreSQL), so two copies of one form sent at once are handled one after
    the other and the second finds the first."""
    if key is None:
        return None
    session.execute(select(User.id).where(User.id == author.id).with_for_update())
    return session.scalar(
        select(Note)
        .where(Note.author_id == author.id, Note.submission_key == key)
        .order_by(Note.id)
        .limit(1)
    )


def start_thread(
    session: Session,
    author: User,
    youth_id: int,
    subject: str,
    body: str,
    *,
    is_staff_only: bool = False,
    submission_key: str | None = None,
) -> tuple[NoteThread, bool]:
    """A new thread about ``youth_id`` with its first note; the same ``submission_key`` again
    returns the first thread (``created`` False). Thread and note are flushed together or not
    at all.

    Raises NotFound (youth out of scope), Forbidden (a staff-only thread by anyone but staff
    or an admin), ValidationFailed(subject=…, body=…, submission_key=…)."""
    require(session, author, Action.WRITE_NOTES, youth_id)
    if is_staff_only:
        require(session, author, Action.WRITE_STAFF_NOTES, youth_id)
    key = _key(submission_key)
    existing = _submitted(session, author, key)
    if existing is not None:
        thread = session.get_one(NoteThread, existing.thread_id)
        if thread.youth_id != youth_id:
            raise ValidationFailed(submission_key=KEY_USED)
        return thread, False
    subject_text, subject_errors = clean_subject(subject)
    body_text, body_errors = clean_body(body)
    errors = {name: found for name, found in (("subject", subject_errors),
              ("body", body_errors)) if found}  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    now = utcnow()
    thread = NoteThread(
        organization_id=author.organization_id,
        youth_id=youth_id,
        subject=subject_text,
        is_staff_only=is_staff_only,
        created_by_id=author.id,
        created_dt=now,
        last_note_dt=now,
    )
    session.add(thread)
    session.flush()
    note = Note(thread_id=thread.id, author_id=author.id, body=body_text,
                submission_key=key, created_dt=now)  # fmt: skip
    session.add(note)
    session.flush()
    record_event(session, "note_thread.create", actor=author, youth_id=youth_id,
                 target_type="note_thread", target_id=thread.id, note_id=note.id,
                 is_staff_only=is_staff_only)  # fmt: skip
    return thread, True


def add_note(
    session: Session,
    author: User,
    youth_id: int,
    thread_id: int,
    body: str,
    *,
    submission_key: str | None = None,
) -> tuple[Note, bool]:
    """A reply in a thread the author may read; the same ``submission_key`` again returns the
    first reply (``created`` False).

    Raises NotFound (youth out of scope, no such thread of this youth, a staff-only thread for
    family or the youth), Forbidden, ValidationFailed(body=…, submission_key=…)."""
    require(session, author, Action.WRITE_NOTES, youth_id)
    thread = thread_for(session, author, youth_id, thread_id)
    key = _key(submission_key)
    existing = _submitted(session, author, key)
    if existing is not None:
        if existing.thread_id != thread.id:
            raise ValidationFailed(submission_key=KEY_USED)
        return existing, False
    text, errors = clean_body(body)
    if errors:
        raise ValidationFailed(body=errors[0])
    now = utcnow()
    note = Note(thread_id=thread.id, author_id=author.id, body=text, submission_key=key,
                created_dt=now)  # fmt: skip
    session.add(note)
    thread.last_note_dt = now
    session.flush()
    record_event(session, "note.create", actor=author, youth_id=youth_id,
                 target_type="note_thread", target_id=thread.id, note_id=note.id)  # fmt: skip
    return note, True
