from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class Activity(Base):
    """One logged event (a guest speaker, a trip, a tour…) of a program, maybe for one cohort.
    ``type_slug`` names an entry of ``content/experience_types.yaml``."""

    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_org_date", "organization_id", "activity_date"),
        Index("ix_activity_cohort_date", "cohort_id", "activity_date"),
        # A double-clicked submit carries the same key twice; the second finds the first.
        UniqueConstraint("created_by_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"))
    type_slug: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    activity_date: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int]
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="SET NULL"), index=True
    )
    role_model_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_model.id", ondelete="SET NULL")
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ActivityCluster(Base):
    """Activity ↔ a career cluster it touched."""

    __tablename__ = "activity_cluster"
    __table_args__ = (Index("ix_activity_cluster_cluster_id", "cluster_id"),)

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("career_cluster.id", ondelete="CASCADE"), primary_key=True
    )


class ActivityTactic(Base):
    """Activity ↔ a framework tactic it served (an id from ``content/framework.yaml``)."""

    __tablename__ = "activity_tactic"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    tactic_id: Mapped[str] = mapped_column(String(80), primary_key=True)


class Participation(Base):
    """A youth attended an activity for ``minutes``. ``source``: roster, checkin, import, api."""

    __tablename__ = "participation"
    __table_args__ = (
        UniqueConstraint("activity_id", "youth_id"),
        Index("ix_participation_youth_id", "youth_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    minutes: Mapped[int]
    source: Mapped[str] = mapped_column(String(10), default="roster")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reflection(Base):
    """A youth's answer to one prompt, before (``pre``) or after (``post``) an activity or
    during a placement. The prompt's words are kept as shown, in case content changes."""

    __tablename__ = "reflection"
    __table_args__ = (
        UniqueConstraint("youth_id", "activity_id", "prompt_id"),
        UniqueConstraint("youth_id", "placement_id", "prompt_id"),
        Index("ix_reflection_youth_id", "youth_id", "created_dt"),
        Index("ix_reflection_activity_id", "activity_id"),
        Index("ix_reflection_placement_id", "placement_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    # A deleted activity leaves the youth's words in place (they show on their own).
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id", ondelete="CASCADE"))
    prompt_id: Mapped[str] = mapped_column(String(80))
    prompt_text: Mapped[str] = mapped_column(Text)
    when: Mapped[str] = mapped_column(String(4))
    answer: Mapped[str] = mapped_column(Text)
    # The youth decides, reflection by reflection, whether their family may read it.
    is_shared_with_family: Mapped[bool] = mapped_column(default=False)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
