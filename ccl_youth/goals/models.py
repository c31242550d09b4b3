from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class Goal(Base):
    """Something a youth means to do, with steps and a target date. ``status``: active,
    completed or dropped; completing one counts for milestones and badges."""

    __tablename__ = "goal"
    __table_args__ = (
        Index("ix_goal_youth_id", "youth_id", "status"),
        UniqueConstraint("created_by_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="active")
    completed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class GoalStep(Base):
    """One step toward a goal, in the youth's order; ticked off when done."""

    __tablename__ = "goal_step"
    __table_args__ = (Index("ix_goal_step_goal_id", "goal_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(300))
    target_date: Mapped[date | None] = mapped_column(Date)
    done_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)


class GoalComment(Base):
    """A note from staff or family on a youth's goal; the youth always sees it."""

    __tablename__ = "goal_comment"
    __table_args__ = (Index("ix_goal_comment_goal_id", "goal_id", "created_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
