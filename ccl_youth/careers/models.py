from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class CareerCluster(Base):
    """A career cluster, or a pathway / sub-cluster inside one, of one framework
    (``legacy_16``: the 16 clusters with pathways; ``ncc_2024``: the 14 modernized clusters
    with sub-clusters). Loaded from content; never edited in the app."""

    __tablename__ = "career_cluster"
    __table_args__ = (UniqueConstraint("framework", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # cluster | pathway | subcluster
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("career_cluster.id", ondelete="CASCADE"), index=True
    )
    is_cross_cutting: Mapped[bool] = mapped_column(default=False)
    summary: Mapped[str] = mapped_column(Text, default="")


class Occupation(Base):
    """One O*NET-SOC occupation with its interest profile, preparation, wage and outlook."""

    __tablename__ = "occupation"

    id: Mapped[int] = mapped_column(primary_key=True)
    soc_code: Mapped[str] = mapped_column(String(10), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    job_zone: Mapped[int | None]
    riasec_r: Mapped[float]
    riasec_i: Mapped[float]
    riasec_a: Mapped[float]
    riasec_s: Mapped[float]
    riasec_e: Mapped[float]
    riasec_c: Mapped[float]
    holland_code: Mapped[str] = mapped_column(String(3), default="")
    # O*NET's Required Level of Education category (1–12) and its words.
    education_level: Mapped[int | None]
    education: Mapped[str] = mapped_column(String(120), default="")
    median_annual_wage: Mapped[int | None]
    median_hourly_wage: Mapped[float | None]
    employment_change_pct: Mapped[float | None]
    annual_openings: Mapped[int | None]


class OccupationCluster(Base):
    """Occupation ↔ cluster or pathway (the crosswalk)."""

    __tablename__ = "occupation_cluster"
    __table_args__ = (Index("ix_occupation_cluster_cluster_id", "cluster_id"),)

    occupation_id: Mapped[int] = mapped_column(
        ForeignKey("occupation.id", ondelete="CASCADE"), primary_key=True
    )
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("career_cluster.id", ondelete="CASCADE"), primary_key=True
    )


class FavoriteOccupation(Base):
    """An occupation a youth saved."""

    __tablename__ = "favorite_occupation"
    __table_args__ = (UniqueConstraint("youth_id", "occupation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupation.id", ondelete="CASCADE"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
