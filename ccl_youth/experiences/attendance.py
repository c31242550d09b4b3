"""Who attended an activity: the checklist of an edit, the CSV import and the QR check-in.

Every path adds or removes Participation rows of one activity; each asks the policy first.
Staff only ever change the attendance of youth in their reach: a youth who checked in from
another cohort stays on the list of a staff member who cannot see them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import Forbidden, NotFound
from ccl_youth.core.policies import Action, require, role_may
from ccl_youth.core.roles import Role
from ccl_youth.core.scoping import youth_criteria
from ccl_youth.db import utcnow
from ccl_youth.experiences.attendance_import import ImportLine
from ccl_youth.experiences.models import Activity, Participation


def _visible(session: Session, actor: User, youth_ids: Collection[int]) -> set[int]:
    if not youth_ids:
        return set()
    return set(
        session.scalars(select(User.id).where(*youth_criteria(actor), User.id.in_(youth_ids)))
    )


def insert_participations(
    session: Session, activity_id: int, minutes_by_youth: Mapping[int, int], source: str
) -> set[int]:
    """Add attendance rows in one INSERT, skipping youth who already have one (a check-in
    that landed a moment ago); the ids of the youth whose rows were added."""
    if not minutes_by_youth:
        return set()
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    statement = (
        insert(Participation)
        .values(
            [
                {
                    "activity_id": activity_id,
                    "youth_id": youth_id,
                    "minutes": minutes,
                    "source": source,
                    "created_dt": now,
                }
                for youth_id, minutes in sorted(minutes_by_youth.items())
            ]
        )
        .on_conflict_do_nothing(index_elements=["activity_id", "youth_id"])
        .returning(Participation.youth_id)
    )
    return set(session.scalars(statement))


def apply_attendance(
    session: Session,
    actor: User,
    activity: Activity,
    attendee_ids: Collection[int],
    *,
    old_minutes: int,
    shown_ids: Collection[int] | None = None,
    source: str = "roster",
) -> tuple[int, int]:
    """Mark the youth of ``attendee_ids`` present (the caller has checked that newcomers are
    in reach) and absent those of ``shown_ids`` left out of it: the youth the form showed as
    present when it was opened (None: everyone attending now). Youth who checked in since, or
    who are out of the actor's reach, stay. Rows that had the activity's old length follow its
    new one. Returns (added, removed)."""
    rows = {
        p.youth_id: p
        for p in session.scalars(
            select(Participation).where(Participation.activity_id == activity.id)
        )
    }
    wanted = set(attendee_ids)
    shown = rows.keys() if shown_ids is None else set(shown_ids) & rows.keys()
    in_reach = _visible(session, actor, shown)
    gone = [youth_id for youth_id in rows if youth_id in in_reach and youth_id not in wanted]
    if gone:
        session.execute(
            delete(Participation).where(
                Participation.activity_id == activity.id, Participation.youth_id.in_(gone)
            )
        )
    for youth_id, row in rows.items():
        if youth_id not in gone and row.minutes == old_minutes:
            row.minutes = activity.minutes
    added = insert_participations(
        session, activity.id, dict.fromkeys(wanted - rows.keys(), activity.minutes), source
    )
    return len(added), len(gone)


# --- CSV import ------------------------------------------------------------------------------


class Outcome(StrEnum):
    ADDED = "added"
    ALREADY_PRESENT = "already_present"
    UPDATED = "updated"
    REMOVED = "removed"
    NOT_ON_LIST = "not_on_list"
    REFUSED = "refused"


@dataclass(frozen=True)
class RowResult:
    row: int
    username: str
    outcome: Outcome
    minutes: int | None = None
    reason: str = ""


UNKNOWN = "There is no youth with this username in your organization."
OUT_OF_REACH = "This youth is not in your cohorts."


def _youth_by_username(
    session: Session, actor: User, usernames: Collection[str]
) -> tuple[dict[str, int], set[str]]:
    """Usernames → ids of youth in the actor's reach, and the usernames of youth of the
    actor's organization out of it (two queries). Other organizations' accounts are unknown."""
    if not usernames:
        return {}, set()
    reachable = dict(
        session.execute(
            select(User.username, User.id).where(
                *youth_criteria(actor), User.username.in_(usernames)
            )
        ).all()
    )
    rest = set(usernames) - reachable.keys()
    same_org: set[str] = set()
    if rest:
        same_org = set(
            session.scalars(
                select(User.username).where(
                    User.organization_id == actor.organization_id,
                    User.role == Role.YOUTH.value,
                    User.username.in_(rest),
                )
            )
        )
    return reachable, same_org


def import_attendance(
    session: Session, actor: User, activity: Activity, lines: Collection[ImportLine]
) -> list[RowResult]:
    """Apply the readable rows of an attendance file, row by row, and say what happened to
    each: added, already present, minutes updated, removed (present: no), not on the list,
    or refused with the reason. Audited with the counts. Raises NotFound/Forbidden."""
    require(session, actor, Action.EDIT_ACTIVITY, activity)
    readable = [line for line in lines if line.error is None]
    ids, same_org = _youth_by_username(session, actor, {line.username for line in readable})
    rows = {
        p.youth_id: p
        for p in session.scalars(
            select(Participation).where(Participation.activity_id == activity.id)
        )
    }
    seen: dict[str, int] = {}
    results: list[RowResult] = []
    for line in lines:
        results.append(_apply_line(session, activity, line, ids, same_org, rows, seen))
    counts = {outcome.value: 0 for outcome in Outcome}
    for result in results:
        counts[result.outcome.value] += 1
    record_event(
        session,
        "activity.attendance_import",
        actor=actor,
        target_type="activity",
        target_id=activity.id,
        outcomes=counts,
    )
    session.flush()
    return results


def _apply_line(
    session: Session,
    activity: Activity,
    line: ImportLine,
    ids: dict[str, int],
    same_org: set[str],
    rows: dict[int, Participation],
    seen: dict[str, int],
) -> RowResult:
    def refused(reason: str) -> RowResult:
        return RowResult(line.row, line.username, Outcome.REFUSED, line.minutes, reason)

    if line.error is not None:
        return refused(line.error)
    if line.username in seen:
        return refused(f"This username is already on row {seen[line.username]}.")
    seen[line.username] = line.row
    youth_id = ids.get(line.username)
    if youth_id is None:
        return refused(OUT_OF_REACH if line.username in same_org else UNKNOWN)
    row = rows.get(youth_id)
    if not line.is_present:
        if row is None:
            return RowResult(line.row, line.username, Outcome.NOT_ON_LIST)
        session.delete(row)
        del rows[youth_id]
        return RowResult(line.row, line.username, Outcome.REMOVED)
    minutes = line.minutes if line.minutes is not None else activity.minutes
    if row is None:
        if insert_participations(session, activity.id, {youth_id: minutes}, "import"):
            return RowResult(line.row, line.username, Outcome.ADDED, minutes)
        # The youth checked in while the file was read: theirs is the row to go on with.
        row = session.scalars(
            select(Participation).where(
                Participation.activity_id == activity.id, Participation.youth_id == youth_id
            )
        ).one()
        rows[youth_id] = row
    if line.minutes is not None and row.minutes != line.minutes:
        row.minutes = line.minutes
        return RowResult(line.row, line.username, Outcome.UPDATED, line.minutes)
    return RowResult(line.row, line.username, Outcome.ALREADY_PRESENT, row.minutes)


# --- QR check-in -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinView:
    """What a youth sees before and after checking in."""

    activity_id: int
    title: str
    type_slug: str
    activity_date: date
    is_present: bool


def _checkin_activity(session: Session, youth: User, activity_id: int) -> Activity:
    """The activity a youth may check in to (``Action.CHECK_IN``: one of their own
    organization; walk-ins from other cohorts are welcome). Raises Forbidden (the role may not
    check in), NotFound."""
    if not role_may(youth, Action.CHECK_IN):
        raise Forbidden(Action.CHECK_IN.value)
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound("activity")
    require(session, youth, Action.CHECK_IN, activity)
    return activity


def _is_present(session: Session, youth: User, activity_id: int) -> bool:
    return bool(
        session.scalar(
            select(func.count(Participation.id)).where(
                Participation.activity_id == activity_id, Participation.youth_id == youth.id
            )
        )
    )


def checkin_view(session: Session, youth: User, activity_id: int) -> CheckinView:
    """The activity behind a check-in code, and whether the youth is already marked present.
    Raises Forbidden, NotFound."""
    activity = _checkin_activity(session, youth, activity_id)
    return CheckinView(
        activity.id,
        activity.title,
        activity.type_slug,
        activity.activity_date,
        _is_present(session, youth, activity.id),
    )


def check_in(session: Session, youth: User, activity_id: int) -> bool:
    """Mark the youth present (source "checkin", the activity's minutes); False when they
    already were. Two taps at once still make one row. Raises Forbidden, NotFound."""
    activity = _checkin_activity(session, youth, activity_id)
    if not insert_participations(session, activity.id, {youth.id: activity.minutes}, "checkin"):
        return False
    record_event(
        session,
        "activity.checkin",
        actor=youth,
        youth_id=youth.id,
        target_type="activity",
        target_id=activity.id,
    )
    session.flush()
    return True


def checkin_counts(session: Session, actor: User, activity: Activity) -> tuple[int, int]:
    """(present, checked in by QR) for the staff check-in screen. Raises NotFound/Forbidden."""
    require(session, actor, Action.VIEW_ACTIVITY, activity)
    total, by_qr = session.execute(
        select(
            func.count(Participation.id),
            func.count(Participation.id).filter(Participation.source == "checkin"),
        ).where(Participation.activity_id == activity.id)
    ).one()
    return int(total), int(by_qr)
