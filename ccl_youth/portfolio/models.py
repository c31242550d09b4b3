from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class Portfolio(Base):
    """The youth's own words at the top of the portfolio; one row per youth, made on first
    save."""

    __tablename__ = "portfolio"

    youth_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    headline: Mapped[str] = mapped_column(String(200), default="")
    about_me: Mapped[str] = mapped_column(Text, default="")
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PortfolioSection(Base):
    """One section of the portfolio (``kind``: about, interests, careers, experiences,
    evidence, badges, skills, goals), its place in the youth's order and whether it shows.
    No row means the default order, shown."""

    __tablename__ = "portfolio_section"

    youth_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int]
    is_shown: Mapped[bool] = mapped_column(default=True)


class PortfolioItem(Base):
    """A record the youth chose to show inside a section: ``kind`` names what ``ref_id``
    points at (activity, placement, evidence, badge_award, occupation, goal); ``note`` is what
    the youth says about it."""

    __tablename__ = "portfolio_item"
    __table_args__ = (
        UniqueConstraint("youth_id", "kind", "ref_id"),
        Index("ix_portfolio_item_youth_id", "youth_id", "kind", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int]
    position: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")


class ShareLink(Base):
    """A link to all or part of a youth's portfolio. Only the SHA-256 of its token is kept;
    ``sections`` is the comma-separated section kinds it shows."""

    __tablename__ = "share_link"
    __table_args__ = (Index("ix_share_link_youth_id", "youth_id", "created_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    sections: Mapped[str] = mapped_column(String(200))
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ShareVisit(Base):
    """One opening of a share link: when, and the browser's own description, cut short."""

    __tablename__ = "share_visit"
    __table_args__ = (Index("ix_share_visit_share_link_id", "share_link_id", "visited_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    share_link_id: Mapped[int] = mapped_column(ForeignKey("share_link.id", ondelete="CASCADE"))
    visited_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
