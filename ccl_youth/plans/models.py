from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class Plan(Base):
    """One school year's version of a youth's High School and Beyond Plan.

    ``school_year`` is the year the school year starts (2026 for 2026–27); only the latest
    version may change. The text fields hold the youth's own words for the statutory elements
    (HSBP.md): (a) ``career_goals``, ``interests_note``; (b) ``secondary_goals``,
    ``postsecondary_goals``, ``postsecondary_route``; (c) the courses plus
    ``course_alignment`` (iii), ``acceleration_notes`` (iv), ``cte_notes`` (vi, vii),
    ``credit_recovery_notes`` (viii); (d) the aid items; (e) the résumé; and the graduation
    ``pathways`` (comma-separated slugs) with ``pathway_notes``."""

    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("youth_id", "school_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    school_year: Mapped[int]
    grade: Mapped[int]
    career_goals: Mapped[str] = mapped_column(Text, default="")
    interests_note: Mapped[str] = mapped_column(Text, default="")
    secondary_goals: Mapped[str] = mapped_column(Text, default="")
    postsecondary_goals: Mapped[str] = mapped_column(Text, default="")
    postsecondary_route: Mapped[str] = mapped_column(String(30), default="")
    course_alignment: Mapped[str] = mapped_column(Text, default="")
    acceleration_notes: Mapped[str] = mapped_column(Text, default="")
    cte_notes: Mapped[str] = mapped_column(Text, default="")
    credit_recovery_notes: Mapped[str] = mapped_column(Text, default="")
    pathways: Mapped[str] = mapped_column(String(200), default="")
    pathway_notes: Mapped[str] = mapped_column(Text, default="")
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    signed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sign_off_note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PlanCourse(Base):
    """A course in the four-year grid: the grade it is planned for (9–12), the requirement
    ``area`` it counts toward, its credits, and whether it is an advanced or dual-credit
    course (``acceleration``: '', ap, ib, honors, dual_credit, running_start, cte_dual), a CTE
    equivalency or credit recovery. ``status``: planned, in_progress or completed."""

    __tablename__ = "plan_course"
    __table_args__ = (Index("ix_plan_course_plan_id", "plan_id", "grade", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    grade: Mapped[int]
    area: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(120))
    credits: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    acceleration: Mapped[str] = mapped_column(String(20), default="")
    is_cte_equivalency: Mapped[bool] = mapped_column(default=False)
    is_credit_recovery: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    position: Mapped[int] = mapped_column(default=0)


class PlanAidItem(Base):
    """One item of the financial-aid information checklist (element (d)) and the day the youth
    received it."""

    __tablename__ = "plan_aid_item"
    __table_args__ = (UniqueConstraint("plan_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(40))
    received_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )


class GraduationRequirement(Base):
    """An organization's own graduation requirements, one row per subject area. An
    organization with no rows uses ``content/graduation_requirements.yaml``."""

    __tablename__ = "graduation_requirement"
    __table_args__ = (UniqueConstraint("organization_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    credits: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    position: Mapped[int] = mapped_column(default=0)
