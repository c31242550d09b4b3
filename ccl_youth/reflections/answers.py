"""The youth's own answers, read: one with what it is about, or all of them a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.experiences.models import Activity, Reflection
from ccl_youth.placements.models import Placement


@dataclass(frozen=True)
class ReflectionDetail:
    """A reflection with what it is about (an activity's or a placement's title and date)."""

    reflection: Reflection
    about_title: str
    about_date: date | None


@dataclass(frozen=True)
class ReflectionPage:
    rows: list[ReflectionDetail]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def own_reflection(session: Session, youth: User, reflection_id: int) -> ReflectionDetail:
    """One of the youth's own reflections with what it is about. Raises NotFound, Forbidden."""
    require(session, youth, Action.REFLECT, youth.id)
    row = session.execute(
        _detail_query().where(Reflection.id == reflection_id, Reflection.youth_id == youth.id)
    ).first()
    if row is None:
        raise NotFound("reflection")
    return _detail(row)


def _detail_query() -> Select[Reflection, str, date | None]:
    return (
        select(
            Reflection,
            func.coalesce(Activity.title, Placement.title, ""),
            func.coalesce(Activity.activity_date, Placement.start_date),
        )
        .outerjoin(Activity, Activity.id == Reflection.activity_id)
        .outerjoin(Placement, Placement.id == Reflection.placement_id)
    )


def _detail(row: Row[Reflection, str, date | None]) -> ReflectionDetail:
    reflection, title, day = row
    return ReflectionDetail(reflection, title, day)


def answered_reflections(
    session: Session, youth: User, page: int = 1, page_size: int = 50
) -> ReflectionPage:
    """The youth's own reflections, newest first, a page at a time. Raises NotFound,
    Forbidden."""
    require(session, youth, Action.REFLECT, youth.id)
    rows = session.execute(
        _detail_query()
        .where(Reflection.youth_id == youth.id)
        .order_by(Reflection.created_dt.desc(), Reflection.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    if rows and len(rows) < page_size:
        total = (page - 1) * page_size + len(rows)
    else:
        total = (
            session.scalar(select(func.count(Reflection.id)).where(Reflection.youth_id == youth.id))
            or 0
        )
    return ReflectionPage([_detail(row) for row in rows], total, page, page_size)
