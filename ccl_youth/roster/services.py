"""Read models for rosters and youth records; every query starts from the actor's scope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import Guardianship, User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.policies import Action, require
from ccl_youth.core.scoping import visible_cohorts, youth_criteria
from ccl_youth.programs.models import Cohort, Enrollment, Program, StaffAssignment


@dataclass(frozen=True)
class YouthRow:
    """One youth in a list: plain values, no ORM objects (lists are long)."""

    id: int
    username: str
    display_name: str
    is_active: bool
    preferred_language: str
    grade: int
    stage: str
    school: str
    consent_state: str
    directory_opt_out: bool
    cohorts: list[str]


ROW_COLUMNS = (
    User.id,
    User.username,
    User.display_name,
    User.is_active,
    User.preferred_language,
    YouthProfile.grade,
    YouthProfile.stage,
    YouthProfile.school,
    YouthProfile.consent_state,
    YouthProfile.directory_opt_out,
)


# Cohort names travel in the row query itself, joined by a character no name contains.
_NAME_SEPARATOR = "\x1f"
_COHORT_NAMES = (
    select(func.aggregate_strings(Cohort.name, _NAME_SEPARATOR))
    .join(Enrollment, Enrollment.cohort_id == Cohort.id)
    .where(Enrollment.youth_id == User.id)
    .correlate(User)
    .scalar_subquery()
)


def _youth_rows(session: Session, query: Select[*tuple[Any, ...]]) -> list[YouthRow]:
    """Run a query selecting ``ROW_COLUMNS`` and make each row a YouthRow (one statement)."""
    rows: list[YouthRow] = []
    for values in session.execute(query.add_columns(_COHORT_NAMES)):
        *fields, names = tuple(values)
        cohorts = sorted(names.split(_NAME_SEPARATOR)) if names else []
        rows.append(YouthRow(*fields, cohorts))  # type: ignore[call-arg]
    return rows


@dataclass(frozen=True)
class RosterPage:
    rows: list[YouthRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class CohortSummary:
    cohort: Cohort
    program_name: str
    youth_count: int


def roster_page(
    session: Session,
    actor: User,
    *,
    query: str = "",
    cohort_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
) -> RosterPage:
    """One page of the youth the actor may see, searched by name or username."""
    criteria = youth_criteria(actor)
    text = query.strip().lower()
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        criteria.append(or_(func.lower(User.display_name).like(like), User.username.like(like)))
    if cohort_id is not None:
        criteria.append(
            User.id.in_(select(Enrollment.youth_id).where(Enrollment.cohort_id == cohort_id))
        )
    page = max(1, page)
    rows = _youth_rows(
        session,
        select(*ROW_COLUMNS)
        .join(YouthProfile, YouthProfile.user_id == User.id)
        .where(*criteria)
        .order_by(func.lower(User.display_name), User.id)
        .limit(page_size)
        .offset((page - 1) * page_size),
    )
    if rows and len(rows) < page_size:
        # A page with rows that is not full is the last one: the total needs no COUNT query.
        total = (page - 1) * page_size + len(rows)
    else:
        total = session.scalar(select(func.count(User.id)).where(*criteria)) or 0
    return RosterPage(rows=rows, total=total, page=page, page_size=page_size)


def cohort_summaries(session: Session, actor: User) -> list[CohortSummary]:
    """The actor's cohorts with program names and youth counts, in one query."""
    counts = (
        select(Enrollment.cohort_id, func.count(Enrollment.id).label("n"))
        .group_by(Enrollment.cohort_id)
        .subquery()
    )
    cohorts = visible_cohorts(actor).subquery()
    rows = session.execute(
        select(Cohort, Program.name, func.coalesce(counts.c.n, 0))
        .join(cohorts, cohorts.c.id == Cohort.id)
        .join(Program, Program.id == Cohort.program_id)
        .outerjoin(counts, counts.c.cohort_id == Cohort.id)
        .order_by(Program.name, Cohort.name)
    ).all()
    return [CohortSummary(c, program_name, int(n)) for c, program_name, n in rows]


@dataclass(frozen=True)
class YouthRecord:
    user: User
    profile: YouthProfile
    cohorts: list[Cohort]
    guardianships: Sequence[tuple[Guardianship, User | None]]
    staff_names: list[str]


def youth_record(session: Session, actor: User, youth_id: int) -> YouthRecord:
    """Everything a staff or admin page shows about one youth; the view is audited.
    Raises NotFound when the youth is outside the actor's scope."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    user, profile = session.execute(
        select(User, YouthProfile)
        .join(YouthProfile, YouthProfile.user_id == User.id)
        .where(User.id == youth_id)
    ).one()
    cohorts = list(
        session.scalars(
            select(Cohort)
            .join(Enrollment, Enrollment.cohort_id == Cohort.id)
            .where(Enrollment.youth_id == youth_id)
            .order_by(Cohort.name)
        )
    )
    guardianships = [
        (g, family)
        for g, family in session.execute(
            select(Guardianship, User)
            .outerjoin(User, User.id == Guardianship.family_id)
            .where(Guardianship.youth_id == youth_id)
            .order_by(Guardianship.created_dt)
        )
    ]
    staff_names = list(
        session.scalars(
            select(User.display_name)
            .join(StaffAssignment, StaffAssignment.staff_id == User.id)
            .join(Enrollment, Enrollment.cohort_id == StaffAssignment.cohort_id)
            .where(Enrollment.youth_id == youth_id)
            .distinct()
            .order_by(User.display_name)
        )
    )
    record_event(
        session,
        "youth.view",
        actor=actor,
        youth_id=youth_id,
        target_type="user",
        target_id=youth_id,
    )
    return YouthRecord(user, profile, cohorts, guardianships, staff_names)


def linked_youth(session: Session, family: User) -> list[YouthRow]:
    """The youth a family member is actively linked to, with their cohorts (two queries)."""
    return _youth_rows(
        session,
        select(*ROW_COLUMNS)
        .join(YouthProfile, YouthProfile.user_id == User.id)
        .where(*youth_criteria(family))
        .order_by(User.display_name, User.id),
    )
