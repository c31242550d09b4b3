"""Plan versions: starting the current school year's version (a copy of the one before) and
the list of versions, each with what changed since the version before it.

Listing takes four statements whatever the number of versions: the versions, their courses,
their aid items and the names of the people who signed them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.plans.diff import Change, CourseLine, Snapshot, compare
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.rules import TEXT_FIELDS, grade_problem, school_year_of, split_pathways
from ccl_youth.plans.services import refused_version, versions_of, youth_grade


@dataclass(frozen=True)
class VersionView:
    """One version as plain values (the page commits its audit event before it renders)."""

    school_year: int
    grade: int
    updated_dt: datetime
    signed_dt: datetime | None
    signed_by: str | None
    #: what changed since the version before (empty for the first version)
    changes: tuple[Change, ...]
    is_first: bool
    is_editable: bool


def snapshot(plan: Plan, courses: list[PlanCourse], aid: dict[str, date]) -> Snapshot:
    """One version as plain data for ``diff.compare``."""
    return Snapshot(
        school_year=plan.school_year,
        grade=plan.grade,
        texts={name: getattr(plan, name) for name in TEXT_FIELDS},
        postsecondary_route=plan.postsecondary_route,
        pathways=split_pathways(plan.pathways),
        courses=tuple(
            CourseLine(
                grade=c.grade,
                title=c.title,
                area=c.area,
                credits=Decimal(c.credits),
                acceleration=c.acceleration,
                is_cte_equivalency=c.is_cte_equivalency,
                is_credit_recovery=c.is_credit_recovery,
                status=c.status,
            )
            for c in courses
        ),
        aid=aid,
    )


def plan_versions(session: Session, actor: User, youth_id: int, today: date) -> list[VersionView]:
    """Every version, the newest first, with its changes from the one before. A view by
    someone else is audited.

    Raises NotFound (out of scope), Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    plans = list(
        session.scalars(select(Plan).where(Plan.youth_id == youth_id).order_by(Plan.school_year))
    )
    ids = [p.id for p in plans]
    courses: dict[int, list[PlanCourse]] = defaultdict(list)
    aid: dict[int, dict[str, date]] = defaultdict(dict)
    signers: dict[int, str] = {}
    if ids:
        for course in session.scalars(
            select(PlanCourse)
            .where(PlanCourse.plan_id.in_(ids))
            .order_by(PlanCourse.grade, PlanCourse.position, PlanCourse.id)
        ):
            courses[course.plan_id].append(course)
        for item in session.scalars(select(PlanAidItem).where(PlanAidItem.plan_id.in_(ids))):
            aid[item.plan_id][item.item] = item.received_on
        signer_ids = {p.signed_by_id for p in plans if p.signed_by_id is not None}
        if signer_ids:
            signers = dict(
                session.execute(
                    select(User.id, User.display_name).where(User.id.in_(signer_ids))
                ).all()
            )
    views: list[VersionView] = []
    before: Snapshot | None = None
    current = school_year_of(today)
    for index, plan in enumerate(plans):
        now = snapshot(plan, courses[plan.id], aid[plan.id])
        views.append(
            VersionView(
                school_year=plan.school_year,
                grade=plan.grade,
                updated_dt=plan.updated_dt,
                signed_dt=plan.signed_dt,
                signed_by=signers.get(plan.signed_by_id) if plan.signed_by_id else None,
                changes=tuple(compare(before, now)) if before is not None else (),
                is_first=before is None,
                is_editable=index == len(plans) - 1 and plan.school_year == current,
            )
        )
        before = now
    if actor.id != youth_id:
        record_event(session, "plan.versions", actor=actor, youth_id=youth_id,
                     target_type="youth", target_id=youth_id)  # fmt: skip
    return list(reversed(views))


#: Copied into a new school year's version, besides the words and the pathways.
COURSE_COLUMNS = (
    "grade",
    "area",
    "title",
    "credits",
    "acceleration",
    "is_cte_equivalency",
    "is_credit_recovery",
    "status",
    "position",
)


# --- starting a school year's version ----------------------------------------------------------


def start_plan(session: Session, actor: User, youth_id: int, today: date) -> tuple[Plan, bool]:
    """The version for the school year of ``today``: made now (``created`` True) as a copy of
    the newest earlier version (words, pathways, courses, aid items) with the youth's current
    grade, or a blank one; the existing one when there is one (a double click, also when the
    two presses arrive at once).

    Raises NotFound, Forbidden, ValidationFailed (``grade``: below grade 7, past 12 or
    unknown)."""
    require(session, actor, Action.EDIT_PLAN, youth_id)
    youth = session.get(User, youth_id)
    if youth is None:
        raise NotFound("youth")
    grade = youth_grade(session, youth_id)
    problem = grade_problem(grade)
    if problem is not None or grade is None:
        raise ValidationFailed(grade=problem or "")
    year = school_year_of(today)
    versions = versions_of(session, youth_id)
    if versions and versions[0].school_year >= year:
        existing = next((v for v in versions if v.school_year == year), None)
        if existing is not None:
            return existing, False
        raise refused_version(versions[0], year)
    previous = versions[0] if versions else None
    values: dict[str, object] = {
        "organization_id": youth.organization_id,
        "youth_id": youth_id,
        "school_year": year,
        "grade": grade,
        "created_by_id": actor.id,
    }
    if previous is not None:
        for name in (*TEXT_FIELDS, "postsecondary_route", "pathways"):
            values[name] = getattr(previous, name)
    # Two starts at once (a double submit) both get here; the unique (youth, school year)
    # constraint lets one insert through and the other answers as a second press does. ON
    # CONFLICT rather than a savepoint: on SQLite a savepoint's release would commit early.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    plan_id = session.scalar(
        insert(Plan).values(**values).on_conflict_do_nothing().returning(Plan.id)
    )
    if plan_id is None:
        existing = session.scalar(
            select(Plan).where(Plan.youth_id == youth_id, Plan.school_year == year)
        )
        if existing is None:  # pragma: no cover - the conflict names this very row
            raise NotFound("plan")
        return existing, False
    plan = session.get(Plan, plan_id)
    assert plan is not None
    if previous is not None:
        _copy_rows(session, previous, plan)
    record_event(session, "plan.start", actor=actor, youth_id=youth_id, target_type="plan",
                 target_id=plan.id, school_year=year,
                 copied_from=previous.id if previous else None)  # fmt: skip
    return plan, True


def _copy_rows(session: Session, previous: Plan, plan: Plan) -> None:
    for course in session.scalars(select(PlanCourse).where(PlanCourse.plan_id == previous.id)):
        session.add(
            PlanCourse(plan_id=plan.id, **{name: getattr(course, name) for name in COURSE_COLUMNS})
        )
    for item in session.scalars(select(PlanAidItem).where(PlanAidItem.plan_id == previous.id)):
        session.add(
            PlanAidItem(
                plan_id=plan.id,
                item=item.item,
                received_on=item.received_on,
                note=item.note,
                recorded_by_id=item.recorded_by_id,
            )  # fmt: skip
        )
    session.flush()
