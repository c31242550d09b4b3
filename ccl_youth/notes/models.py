from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class NoteThread(Base):
    """A conversation about one youth. ``is_staff_only`` threads are read only by staff and
    admins who may see the youth; others by everyone who may (the youth, linked family)."""

    __tablename__ = "note_thread"
    __table_args__ = (Index("ix_note_thread_youth_id", "youth_id", "last_note_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(200))
    is_staff_only: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_note_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Note(Base):
    """One message in a thread."""

    __tablename__ = "note"
    __table_args__ = (Index("ix_note_thread_id", "thread_id", "created_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("note_thread.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NoteRead(Base):
    """When a reader last opened a thread, for "new" marks and unread counts."""

    __tablename__ = "note_read"

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("note_thread.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    read_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
