"""Reading secure notes: the threads about a youth a reader may see, one thread with its notes
(opening it records when the reader read it), and unread counts.

A thread is visible to everyone who may see the youth (``VIEW_YOUTH``), except staff-only
threads, which only staff and admins who may see the youth read. A family member or the youth
never learns that a staff-only thread exists: it is left out of every list and count, and its
id answers NotFound like an id of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require, role_may
from ccl_youth.core.scoping import visible_youth_ids
from ccl_youth.db import utcnow
from ccl_youth.notes.models import Note, NoteRead, NoteThread


@dataclass(frozen=True)
class ThreadSummary:
    """One line of a thread list: ``unread`` counts notes by others since the reader last
    opened the thread (all of them if never)."""

    id: int
    subject: str
    is_staff_only: bool
    last_note_dt: datetime
    unread: int

    @property
    def is_new(self) -> bool:
        return self.unread > 0


@dataclass(frozen=True)
class NoteView:
    id: int
    body: str
    created_dt: datetime
    author_name: str
    #: The author's role ("youth", "family", "staff", "admin"); "" when the account is gone.
    author_role: str
    is_unread: bool


@dataclass(frozen=True)
class ThreadView:
    thread: NoteThread
    notes: tuple[NoteView, ...]


def reads_staff_only(actor: User) -> bool:
    """Staff and admins read staff-only threads (of youth they may see)."""
    return role_may(actor, Action.WRITE_STAFF_NOTES)


def _thread_criteria(actor: User, youth_id: int) -> list[ColumnElement[bool]]:
    """WHERE conditions keeping the threads about ``youth_id`` that ``actor`` may read, once
    the actor is known to see the youth."""
    criteria = [
        NoteThread.youth_id == youth_id,
        NoteThread.organization_id == actor.organization_id,
    ]
    if not reads_staff_only(actor):
        criteria.append(NoteThread.is_staff_only.is_(False))
    return criteria


def _unread_note(actor: User, read_dt: InstrumentedAttribute[datetime]) -> ColumnElement[bool]:
    """A note someone else wrote after ``read_dt`` (any note, when never read)."""
    return and_(
        or_(Note.author_id.is_(None), Note.author_id != actor.id),
        or_(read_dt.is_(None), Note.created_dt > read_dt),
    )


def thread_for(session: Session, actor: User, youth_id: int, thread_id: int) -> NoteThread:
    """The thread ``thread_id`` about ``youth_id`` if the actor may read it.

    Raises NotFound (youth out of scope, no such thread of this youth, or a staff-only thread
    for someone who is not staff), Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    thread = session.scalar(
        select(NoteThread).where(NoteThread.id == thread_id, *_thread_criteria(actor, youth_id))
    )
    if thread is None:
        raise NotFound("thread")
    return thread


def threads_for(session: Session, actor: User, youth_id: int) -> list[ThreadSummary]:
    """The threads about the youth the actor may read, latest note first, each with its unread
    count: one statement after the access check.

    Raises NotFound (out of scope), Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    read = aliased(NoteRead)
    unread = (
        select(func.count(Note.id))
        .where(Note.thread_id == NoteThread.id, _unread_note(actor, read.read_dt))
        .correlate(NoteThread, read)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            NoteThread.id,
            NoteThread.subject,
            NoteThread.is_staff_only,
            NoteThread.last_note_dt,
            unread,
        )
        .outerjoin(read, and_(read.thread_id == NoteThread.id, read.user_id == actor.id))
        .where(*_thread_criteria(actor, youth_id))
        .order_by(NoteThread.last_note_dt.desc(), NoteThread.id.desc())
    )
    return [ThreadSummary(*row) for row in rows]


def unread_count(session: Session, actor: User, youth_id: int) -> int:
    """How many notes about the youth, in threads the actor may read, others wrote since the
    actor last opened each thread; 0 for a youth out of scope. One statement: the scope is part
    of the query, so pages that show the count need no second access check."""
    if not role_may(actor, Action.VIEW_YOUTH):
        return 0
    count = session.scalar(
        select(func.count(Note.id))
        .join(NoteThread, NoteThread.id == Note.thread_id)
        .outerjoin(
            NoteRead, and_(NoteRead.thread_id == NoteThread.id, NoteRead.user_id == actor.id)
        )
        .where(
            *_thread_criteria(actor, youth_id),
            NoteThread.youth_id.in_(visible_youth_ids(actor)),
            _unread_note(actor, NoteRead.read_dt),
        )
    )
    return count or 0


def open_thread(session: Session, actor: User, youth_id: int, thread_id: int) -> ThreadView:
    """The thread with its notes, oldest first, each marked unread or not as it was before this
    visit; then records that the actor has read it (and audits the view by anyone but the
    youth). Three statements after the access check.

    Raises NotFound (see ``thread_for``), Forbidden."""
    thread = thread_for(session, actor, youth_id, thread_id)
    read_dt = session.scalar(
        select(NoteRead.read_dt).where(
            NoteRead.thread_id == thread.id, NoteRead.user_id == actor.id
        )
    )
    notes = tuple(
        NoteView(
            id=note_id,
            body=body,
            created_dt=created,
            author_name=name or "",
            author_role=role or "",
            is_unread=author_id != actor.id and (read_dt is None or created > read_dt),
        )
        for note_id, body, created, author_id, name, role in session.execute(
            select(
                Note.id, Note.body, Note.created_dt, Note.author_id, User.display_name, User.role
            )  # fmt: skip
            .outerjoin(User, User.id == Note.author_id)
            .where(Note.thread_id == thread.id)
            .order_by(Note.created_dt, Note.id)
        )
    )
    _mark_read(session, thread.id, actor.id)
    if actor.id != youth_id:
        record_event(session, "note_thread.view", actor=actor, youth_id=youth_id,
                     target_type="note_thread", target_id=thread.id)  # fmt: skip
    return ThreadView(thread, notes)


def _mark_read(session: Session, thread_id: int, user_id: int) -> None:
    """Insert or move forward the reader's read time (two tabs opening at once both succeed)."""
    now = utcnow()
    upsert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        upsert(NoteRead)
        .values(thread_id=thread_id, user_id=user_id, read_dt=now)
        .on_conflict_do_update(index_elements=["thread_id", "user_id"], set_={"read_dt": now})
    )
