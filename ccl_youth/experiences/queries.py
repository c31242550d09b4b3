"""Reading activities: the staff list and its CSV export, and one activity's page. Every query
starts from ``visible_activities`` or asks the policy, and each page sends a fixed number of
statements whatever the number of activities or attendees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, aliased

from ccl_youth.accounts.models import User
from ccl_youth.careers.models import CareerCluster
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.core.scoping import visible_activities, youth_criteria
from ccl_youth.experiences.models import Activity, ActivityCluster, ActivityTactic, Participation
from ccl_youth.partners.models import Partner, RoleModel
from ccl_youth.programs.models import Cohort, Enrollment, Program


@dataclass(frozen=True)
class ActivityFilters:
    date_from: date | None = None
    date_to: date | None = None
    type_slug: str | None = None
    cohort_id: int | None = None
    partner_id: int | None = None
    cluster_id: int | None = None


@dataclass(frozen=True)
class ActivityRow:
    """One activity in the list or the export: plain values, no ORM objects."""

    id: int
    activity_date: date
    title: str
    type_slug: str
    minutes: int
    program_id: int
    program_name: str
    cohort_id: int | None
    cohort_name: str | None
    partner_id: int | None
    partner_name: str | None
    attendee_count: int = 0


@dataclass(frozen=True)
class ActivityPage:
    rows: list[ActivityRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


_ROW_COLUMNS = (
    Activity.id,
    Activity.activity_date,
    Activity.title,
    Activity.type_slug,
    Activity.minutes,
    Activity.program_id,
    Program.name,
    Activity.cohort_id,
    Cohort.name,
    Activity.partner_id,
    Partner.name,
)


def _filtered(actor: User, filters: ActivityFilters) -> Select[Any]:
    """The actor's activities matching the filters (the columns are chosen by the caller)."""
    query = visible_activities(actor)
    if filters.date_from is not None:
        query = query.where(Activity.activity_date >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Activity.activity_date <= filters.date_to)
    if filters.type_slug:
        query = query.where(Activity.type_slug == filters.type_slug)
    if filters.cohort_id is not None:
        query = query.where(Activity.cohort_id == filters.cohort_id)
    if filters.partner_id is not None:
        query = query.where(Activity.partner_id == filters.partner_id)
    if filters.cluster_id is not None:
        query = query.where(
            Activity.id.in_(
                select(ActivityCluster.activity_id).where(
                    ActivityCluster.cluster_id == filters.cluster_id
                )
            )
        )
    return query


def _rows(session: Session, query: Select[Any]) -> list[ActivityRow]:
    """Run a filtered query for the row columns, then count attendance (two statements)."""
    found = session.execute(
        query.with_only_columns(*_ROW_COLUMNS)
        .join(Program, Program.id == Activity.program_id)
        .outerjoin(Cohort, Cohort.id == Activity.cohort_id)
        .outerjoin(Partner, Partner.id == Activity.partner_id)
        .order_by(Activity.activity_date.desc(), Activity.id.desc())
    ).all()
    counts = attendee_counts(session, [values[0] for values in found])
    return [ActivityRow(*values, counts.get(values[0], 0)) for values in found]  # type: ignore[call-arg]


def attendee_counts(session: Session, activity_ids: Sequence[int]) -> dict[int, int]:
    """Attendance per activity, in one grouped query."""
    if not activity_ids:
        return {}
    return {
        activity_id: int(n)
        for activity_id, n in session.execute(
            select(Participation.activity_id, func.count(Participation.id))
            .where(Participation.activity_id.in_(activity_ids))
            .group_by(Participation.activity_id)
        )
    }


def activity_page(
    session: Session, actor: User, filters: ActivityFilters, *, page: int = 1, page_size: int = 25
) -> ActivityPage:
    """One page of the activities the actor may see, newest first."""
    page = max(1, page)
    query = _filtered(actor, filters)
    rows = _rows(session, query.limit(page_size).offset((page - 1) * page_size))
    if rows and len(rows) < page_size:
        total = (page - 1) * page_size + len(rows)  # the last page: no COUNT needed
    else:
        total = session.scalar(query.with_only_columns(func.count(Activity.id))) or 0
    return ActivityPage(rows, total, page, page_size)


@dataclass(frozen=True)
class ExportRow:
    row: ActivityRow
    clusters: list[str]
    tactic_ids: list[str]


def export_rows(session: Session, actor: User, filters: ActivityFilters) -> list[ExportRow]:
    """Every activity matching the filters with its cluster names and tactic ids (four
    statements, whatever the number of activities). No youth are named."""
    query = _filtered(actor, filters)
    rows = _rows(session, query)
    ids = query.with_only_columns(Activity.id)
    clusters: dict[int, list[str]] = {}
    for activity_id, name in session.execute(
        select(ActivityCluster.activity_id, CareerCluster.name)
        .join(CareerCluster, CareerCluster.id == ActivityCluster.cluster_id)
        .where(ActivityCluster.activity_id.in_(ids))
        .order_by(CareerCluster.name)
    ):
        clusters.setdefault(activity_id, []).append(name)
    tactics: dict[int, list[str]] = {}
    for activity_id, tactic_id in session.execute(
        select(ActivityTactic.activity_id, ActivityTactic.tactic_id)
        .where(ActivityTactic.activity_id.in_(ids))
        .order_by(ActivityTactic.tactic_id)
    ):
        tactics.setdefault(activity_id, []).append(tactic_id)
    return [ExportRow(r, clusters.get(r.id, []), tactics.get(r.id, [])) for r in rows]


# --- one activity ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeRow:
    youth_id: int
    display_name: str
    username: str
    minutes: int
    source: str
    #: False for a youth who came from outside the activity's cohort (a walk-in).
    is_in_cohort: bool


@dataclass(frozen=True)
class ActivityDetail:
    activity: Activity
    program_name: str
    cohort_name: str | None
    partner_name: str | None
    role_model_name: str | None
    created_by_name: str | None
    clusters: list[tuple[int, str]]
    tactic_ids: list[str]
    attendees: list[AttendeeRow]
    #: Youth who attended but are out of the actor's reach: counted, never named.
    hidden_count: int

    @property
    def total_minutes(self) -> int:
        return sum(a.minutes for a in self.attendees)


def load_activity(session: Session, actor: User, activity_id: int, action: Action) -> Activity:
    """The activity if the actor may do ``action`` to it. Raises NotFound, Forbidden."""
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound("activity")
    require(session, actor, action, activity)
    return activity


def activity_detail(session: Session, actor: User, activity_id: int) -> ActivityDetail:
    """Everything the activity page shows (five statements). Raises NotFound, Forbidden."""
    creator = aliased(User)
    found = session.execute(
        select(Activity, Program.name, Cohort.name, Partner.name, RoleModel.display_name)
        .add_columns(creator.display_name)
        .join(Program, Program.id == Activity.program_id)
        .outerjoin(Cohort, Cohort.id == Activity.cohort_id)
        .outerjoin(Partner, Partner.id == Activity.partner_id)
        .outerjoin(RoleModel, RoleModel.id == Activity.role_model_id)
        .outerjoin(creator, creator.id == Activity.created_by_id)
        .where(Activity.id == activity_id)
    ).one_or_none()
    if found is None:
        raise NotFound("activity")
    activity, program_name, cohort_name, partner_name, role_model_name, created_by = found
    require(session, actor, Action.VIEW_ACTIVITY, activity)
    clusters = [
        (cluster_id, name)
        for cluster_id, name in session.execute(
            select(CareerCluster.id, CareerCluster.name)
            .join(ActivityCluster, ActivityCluster.cluster_id == CareerCluster.id)
            .where(ActivityCluster.activity_id == activity.id)
            .order_by(CareerCluster.name)
        )
    ]
    tactic_ids = list(
        session.scalars(
            select(ActivityTactic.tactic_id)
            .where(ActivityTactic.activity_id == activity.id)
            .order_by(ActivityTactic.tactic_id)
        )
    )
    attendees, hidden = attendance(session, actor, activity)
    return ActivityDetail(
        activity,
        program_name,
        cohort_name,
        partner_name,
        role_model_name,
        created_by,
        clusters,
        tactic_ids,
        attendees,
        hidden,
    )


def attendance(session: Session, actor: User, activity: Activity) -> tuple[list[AttendeeRow], int]:
    """The attendees in the actor's reach, by name, and how many others attended (one
    statement; the caller has checked the actor may see the activity)."""
    in_cohort = exists().where(
        Enrollment.youth_id == Participation.youth_id, Enrollment.cohort_id == activity.cohort_id
    )
    everyone = (
        select(func.count(Participation.id))
        .where(Participation.activity_id == activity.id)
        .scalar_subquery()
    )
    found = session.execute(
        select(
            User.id,
            User.display_name,
            User.username,
            Participation.minutes,
            Participation.source,
            in_cohort,
            everyone,
        )
        .join(Participation, Participation.youth_id == User.id)
        .where(Participation.activity_id == activity.id, *youth_criteria(actor))
        .order_by(func.lower(User.display_name), User.id)
    ).all()
    rows = [
        AttendeeRow(youth_id, name, username, minutes, source, bool(in_cohort_flag))
        for youth_id, name, username, minutes, source, in_cohort_flag, _total in found
    ]
    total = (
        int(found[0][6])
        if found
        else int(
            session.scalar(
                select(func.count(Participation.id)).where(Participation.activity_id == activity.id)
            )
            or 0
        )
    )
    return rows, total - len(rows)
