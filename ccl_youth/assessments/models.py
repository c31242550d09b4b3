from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class Instrument(Base):
    """An inventory or self-check loaded from ``content/instruments/<slug>.yaml``."""

    __tablename__ = "instrument"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # riasec | skills
    version: Mapped[str] = mapped_column(String(20))
    grade_min: Mapped[int]
    grade_max: Mapped[int]
    # [{"value": 1, "label": "…", "icon": "…"}, …] in display order.
    scale: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Area codes in report order, e.g. ["R", "I", "A", "S", "E", "C"], and their names.
    areas: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    min_answered_per_area: Mapped[int]
    intro: Mapped[str] = mapped_column(Text, default="")
    credit: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)


class InstrumentItem(Base):
    """One statement of an instrument, scored toward one area."""

    __tablename__ = "instrument_item"
    __table_args__ = (UniqueConstraint("instrument_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    area: Mapped[str] = mapped_column(String(40))
    icon: Mapped[str] = mapped_column(String(40), default="")
    is_active: Mapped[bool] = mapped_column(default=True)


class InstrumentAssignment(Base):
    """Staff asked a cohort to take an instrument."""

    __tablename__ = "instrument_assignment"
    __table_args__ = (UniqueConstraint("cohort_id", "instrument_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id", ondelete="CASCADE"))
    assigned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    assigned_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssessmentAttempt(Base):
    """One go at an instrument by one youth; answers save as they are given."""

    __tablename__ = "assessment_attempt"
    __table_args__ = (Index("ix_assessment_attempt_youth", "youth_id", "instrument_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instrument.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    source: Mapped[str] = mapped_column(String(20), default="online")  # online | paper | api
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    # A client-chosen key that makes submitting the same attempt twice harmless.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    started_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The scoring result: raw sums, 0–100 scores, answered counts, ties (see scoring.py).
    scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    holland_code: Mapped[str] = mapped_column(String(3), default="")


class AssessmentResponse(Base):
    """One answer in an attempt."""

    __tablename__ = "assessment_response"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_attempt.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("instrument_item.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[int]
    answered_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
