"""Read models for placements and hours: lists with verified and submitted totals, a
youth's placements, the hours-to-review queue. Every list starts from the actor's scope, and
each is a fixed number of statements whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, aliased

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.policies import Action, require
from ccl_youth.core.scoping import youth_criteria
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import HoursEntry, Placement

#: Entries counted as submitted: waiting for review or verified (returned ones are not,
#: until the youth corrects and resubmits them).
COUNTED = ("submitted", "verified")


@dataclass(frozen=True)
class Totals:
    """Minutes of a placement or a youth: ``submitted`` includes the verified ones."""

    submitted: int = 0
    verified: int = 0
    waiting: int = 0  # entries waiting for review
    returned: int = 0  # entries returned to the youth


def totals_subquery(key: Any, only: ColumnElement[bool]) -> Any:
    """Per ``key`` (HoursEntry.placement_id or .youth_id): the Totals columns, one GROUP BY
    over the entries ``only`` picks (the placements or youth of a page, never the whole
    table: the work grows with the page, not with every organization's hours)."""
    minutes = HoursEntry.minutes
    return (
        select(
            key.label("key"),
            func.sum(case((HoursEntry.status.in_(COUNTED), minutes), else_=0)).label("submitted"),
            func.sum(case((HoursEntry.status == "verified", minutes), else_=0)).label("verified"),
            func.sum(case((HoursEntry.status == "submitted", 1), else_=0)).label("waiting"),
            func.sum(case((HoursEntry.status == "returned", 1), else_=0)).label("returned"),
        )
        .where(only)
        .group_by(key)
        .subquery()
    )


def _totals(values: tuple[Any, ...]) -> Totals:
    return Totals(*(int(v or 0) for v in values))


def totals_for_youth(session: Session, youth_ids: list[int]) -> dict[int, Totals]:
    """Totals across all placements of each youth (one statement)."""
    if not youth_ids:
        return {}
    sub = totals_subquery(HoursEntry.youth_id, HoursEntry.youth_id.in_(youth_ids))
    rows = session.execute(select(sub))
    return {int(row[0]): _totals(tuple(row[1:])) for row in rows}


@dataclass(frozen=True)
class PlacementRow:
    id: int
    youth_id: int
    youth_name: str
    partner_name: str | None
    type_slug: str
    title: str
    start_date: date
    end_date: date | None
    planned_minutes: int
    status: str
    totals: Totals


def placement_rows(session: Session, query: Select[Any]) -> list[PlacementRow]:
    """Rows for ``query`` (a select of Placement, filtered, ordered and paged) with their
    totals, in one statement: the totals are grouped over the entries of the placements the
    query picks (its ids, same filter, order and page, as a subquery)."""
    page_ids = query.with_only_columns(Placement.id)
    sub = totals_subquery(HoursEntry.placement_id, HoursEntry.placement_id.in_(page_ids))
    query = (
        query.add_columns(
            User.display_name,
            Partner.name,
            sub.c.submitted,
            sub.c.verified,
            sub.c.waiting,
            sub.c.returned,
        )  # fmt: skip
        .join(User, User.id == Placement.youth_id)
        .outerjoin(Partner, Partner.id == Placement.partner_id)
        .outerjoin(sub, sub.c.key == Placement.id)
    )
    rows = []
    for placement, youth_name, partner_name, *totals in session.execute(query):
        rows.append(
            PlacementRow(
                id=placement.id,
                youth_id=placement.youth_id,
                youth_name=youth_name,
                partner_name=partner_name,
                type_slug=placement.type_slug,
                title=placement.title,
                start_date=placement.start_date,
                end_date=placement.end_date,
                planned_minutes=placement.planned_minutes,
                status=placement.status,
                totals=_totals(tuple(totals)),
            )
        )
    return rows


@dataclass(frozen=True)
class PlacementPage:
    rows: list[PlacementRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def placement_page(
    session: Session,
    actor: User,
    *,
    status: str = "",
    type_slug: str = "",
    partner_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
) -> PlacementPage:
    """Placements of the youth the actor may see, filtered, newest start first."""
    criteria = [
        Placement.organization_id == actor.organization_id,
        Placement.youth_id.in_(select(User.id).where(*youth_criteria(actor))),
    ]
    if status:
        criteria.append(Placement.status == status)
    if type_slug:
        criteria.append(Placement.type_slug == type_slug)
    if partner_id is not None:
        criteria.append(Placement.partner_id == partner_id)
    page = max(1, page)
    rows = placement_rows(
        session,
        select(Placement)
        .where(*criteria)
        .order_by(Placement.start_date.desc(), Placement.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size),
    )
    if rows and len(rows) < page_size:
        total = (page - 1) * page_size + len(rows)
    else:
        total = session.scalar(select(func.count(Placement.id)).where(*criteria)) or 0
    return PlacementPage(rows=rows, total=total, page=page, page_size=page_size)


@dataclass(frozen=True)
class YouthPlacements:
    youth: User
    rows: list[PlacementRow]
    totals: Totals


def youth_placements(session: Session, actor: User, youth_id: int) -> YouthPlacements:
    """One youth's placements with totals per placement and overall (staff view, audited).
    Raises NotFound/Forbidden."""
    require(session, actor, Action.MANAGE_PLACEMENTS, youth_id)
    youth = session.get_one(User, youth_id)
    rows = placement_rows(
        session,
        select(Placement)
        .where(Placement.youth_id == youth_id)
        .order_by(Placement.start_date.desc(), Placement.id.desc()),
    )
    record_event(
        session,
        "placement.list_view",
        actor=actor,
        youth_id=youth_id,
        target_type="user",
        target_id=youth_id,
    )
    return YouthPlacements(
        youth, rows, totals_for_youth(session, [youth_id]).get(youth_id, Totals())
    )


@dataclass(frozen=True)
class ReviewRow:
    """An hours entry waiting for review, with what a reviewer needs to judge it."""

    id: int
    placement_id: int
    youth_id: int
    youth_name: str
    placement_title: str
    work_date: date
    minutes: int
    description: str
    logged_by_id: int | None  # the youth, a staff member, or None when not recorded
    logged_by_name: str | None
    updated_dt: datetime  # the version the reviewer sees, sent back with the review


def review_queue(
    session: Session, actor: User, *, placement_id: int | None = None, limit: int = 200
) -> list[ReviewRow]:
    """Submitted entries of youth in the actor's scope, oldest first (one statement)."""
    criteria = [
        HoursEntry.status == "submitted",
        Placement.organization_id == actor.organization_id,
        *youth_criteria(actor),
    ]
    if placement_id is not None:
        criteria.append(HoursEntry.placement_id == placement_id)
    logger = aliased(User)
    rows = session.execute(
        select(
            HoursEntry.id,
            HoursEntry.placement_id,
            HoursEntry.youth_id,
            User.display_name,
            Placement.title,
            HoursEntry.work_date,
            HoursEntry.minutes,
            HoursEntry.description,
            HoursEntry.logged_by_id,
            logger.display_name,
            HoursEntry.updated_dt,
        )
        .join(Placement, Placement.id == HoursEntry.placement_id)
        .join(User, User.id == HoursEntry.youth_id)
        .outerjoin(logger, logger.id == HoursEntry.logged_by_id)
        .where(*criteria)
        .order_by(HoursEntry.work_date, HoursEntry.id)
        .limit(limit)
    )
    return [ReviewRow(*row) for row in rows]


class LoggedEntry(NamedTuple):
    entry: HoursEntry
    logged_by_name: str | None  # who logged it (None: not recorded, or the account is gone)


def entries_for_placement(session: Session, placement_id: int) -> list[LoggedEntry]:
    """Every entry of a placement with who logged it, newest work first (the caller checked
    access; one statement)."""
    logger = aliased(User)
    rows = session.execute(
        select(HoursEntry, logger.display_name)
        .outerjoin(logger, logger.id == HoursEntry.logged_by_id)
        .where(HoursEntry.placement_id == placement_id)
        .order_by(HoursEntry.work_date.desc(), HoursEntry.id.desc())
    )
    return [LoggedEntry(entry, name) for entry, name in rows]


def placement_totals(session: Session, placement_id: int) -> Totals:
    sub = totals_subquery(HoursEntry.placement_id, HoursEntry.placement_id == placement_id)
    row = session.execute(select(sub)).first()
    return _totals(tuple(row[1:])) if row is not None else Totals()
