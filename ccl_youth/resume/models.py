from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class ResumeEntry(Base):
    """A résumé line the youth wrote, or their edit of one assembled from the record.

    ``category``: education, work, extracurricular, service, award or other. An entry with
    ``source_kind``/``source_ref`` (placement, activity, badge_award, school) replaces the
    assembled entry for that record; ``is_hidden`` leaves it off the résumé."""

    __tablename__ = "resume_entry"
    __table_args__ = (
        UniqueConstraint("youth_id", "source_kind", "source_ref"),
        Index("ix_resume_entry_youth_id", "youth_id", "category", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    organization_name: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    recognition: Mapped[str] = mapped_column(String(300), default="")
    source_kind: Mapped[str | None] = mapped_column(String(20))
    source_ref: Mapped[int | None]
    is_hidden: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
