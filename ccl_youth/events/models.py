from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class FamilyEvent(Base):
    """An event for families. ``kind``: stem_night, career_day, take_home, showcase or other.
    ``cohort_id`` None means every family of the organization is invited; otherwise the
    families of that cohort's youth. A take-home activity may have no start time."""

    __tablename__ = "family_event"
    __table_args__ = (Index("ix_family_event_organization_id", "organization_id", "starts_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    starts_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EventRsvp(Base):
    """A family member's answer to an event (``answer``: yes, no or maybe) and how many people
    they bring, counting themselves."""

    __tablename__ = "event_rsvp"
    __table_args__ = (UniqueConstraint("event_id", "family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("family_event.id", ondelete="CASCADE"))
    family_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(10))
    party_size: Mapped[int] = mapped_column(default=1)
    note: Mapped[str] = mapped_column(String(300), default="")
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SpeakerOffer(Base):
    """A family member's offer to talk about their work. Staff follow up (``status``: new,
    contacted, added or declined); "added" links the partner and role model it became."""

    __tablename__ = "speaker_offer"
    __table_args__ = (Index("ix_speaker_offer_organization_id", "organization_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    occupation: Mapped[str] = mapped_column(String(200))
    occupation_id: Mapped[int | None] = mapped_column(
        ForeignKey("occupation.id", ondelete="SET NULL")
    )
    employer: Mapped[str] = mapped_column(String(200), default="")
    about: Mapped[str] = mapped_column(Text, default="")
    availability: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default="new")
    staff_note: Mapped[str] = mapped_column(Text, default="")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    role_model_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_model.id", ondelete="SET NULL")
    )
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
