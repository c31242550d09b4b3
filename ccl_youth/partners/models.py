from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow

#: Kinds of partner, in the order forms offer them.
PARTNER_KINDS: dict[str, str] = {
    "employer": "Employer",
    "museum": "Museum or science center",
    "college": "College or training provider",
    "community": "Community organization",
    "other": "Other",
}


class Partner(Base):
    """An employer, museum, college or community organization an organization works with."""

    __tablename__ = "partner"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="employer")
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    # Vetted: background checks and agreements are in place, so youth may visit or be placed.
    is_vetted: Mapped[bool] = mapped_column(default=False)
    vetted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    is_archived: Mapped[bool] = mapped_column(default=False)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PartnerContact(Base):
    """A person staff reach at a partner. Never shown to youth or families."""

    __tablename__ = "partner_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PartnerCluster(Base):
    """Partner ↔ the career clusters its work belongs to."""

    __tablename__ = "partner_cluster"
    __table_args__ = (Index("ix_partner_cluster_cluster_id", "cluster_id"),)

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True
    )
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("career_cluster.id", ondelete="CASCADE"), primary_key=True
    )


class RoleModel(Base):
    """A guest speaker's profile as youth see it: a name, an occupation and a short story."""

    __tablename__ = "role_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    # The name youth see (often a first name and an initial, as the speaker prefers).
    display_name: Mapped[str] = mapped_column(String(120))
    occupation_id: Mapped[int | None] = mapped_column(
        ForeignKey("occupation.id", ondelete="SET NULL")
    )
    story: Mapped[str] = mapped_column(Text, default="")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
