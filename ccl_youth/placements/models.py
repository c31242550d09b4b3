from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class Placement(Base):
    """Work-based learning for one youth at a partner (job shadow, internship, apprenticeship…).
    ``status`` runs planned → active → completed or ended_early."""

    __tablename__ = "placement"
    __table_args__ = (
        Index("ix_placement_org_status", "organization_id", "status"),
        # A double-clicked submit carries the same key twice; the second finds the first.
        UniqueConstraint("created_by_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="SET NULL"), index=True
    )
    type_slug: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    supervisor_name: Mapped[str] = mapped_column(String(120))
    supervisor_email: Mapped[str] = mapped_column(String(254), default="")
    supervisor_phone: Mapped[str] = mapped_column(String(40), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    planned_minutes: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    status_note: Mapped[str] = mapped_column(Text, default="")
    # Guardian consent for a minor: who gave it, how, and when it was recorded.
    consent_given_by: Mapped[str] = mapped_column(String(120), default="")
    consent_method: Mapped[str] = mapped_column(String(20), default="")
    consent_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    # The signed training agreement, stored under instance/uploads/ with a random name.
    agreement_file: Mapped[str] = mapped_column(String(80), default="")
    agreement_filename: Mapped[str] = mapped_column(String(200), default="")
    agreement_content_type: Mapped[str] = mapped_column(String(100), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class HoursEntry(Base):
    """Time a youth logged at a placement: submitted → verified, or returned with a comment
    (the youth may then correct and resubmit)."""

    __tablename__ = "hours_entry"
    __table_args__ = (
        Index("ix_hours_entry_placement_id", "placement_id", "work_date"),
        Index("ix_hours_entry_youth_id", "youth_id"),
        UniqueConstraint("youth_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    # Kept beside placement_id so totals per youth need no join.
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    work_date: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="submitted")
    # Who logged the entry (the youth, or staff from a paper timesheet): nobody verifies
    # hours they logged themselves.
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    reviewed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Evaluation(Base):
    """A supervisor's rating of a youth on the durable skills, asked for through a one-time
    link (only the SHA-256 of its token is stored). Locked once submitted."""

    __tablename__ = "evaluation"
    __table_args__ = (Index("ix_evaluation_placement_id", "placement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_to_email: Mapped[str] = mapped_column(String(254), default="")
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="sent")  # sent|submitted|cancelled
    evaluator_name: Mapped[str] = mapped_column(String(120), default="")
    evaluator_title: Mapped[str] = mapped_column(String(120), default="")
    comments: Mapped[str] = mapped_column(Text, default="")
    submitted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EvaluationRating(Base):
    """One skill's rubric level (1 emerging … 4 advanced) in an evaluation."""

    __tablename__ = "evaluation_rating"

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), primary_key=True
    )
    skill_slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    level: Mapped[int]
