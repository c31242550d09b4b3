"""Logging, editing and deleting activities with their attendance (staff and admins).

One call saves the whole activity: its fields, the career clusters and framework tactics it
touched, and a Participation for each youth who attended. The rules are in ``rules.py``;
attendance rows, the check-in and the CSV import in ``attendance.py``; lists and pages in
``queries.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy import insert as plain_insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import Forbidden, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require, role_may
from ccl_youth.db import utcnow
from ccl_youth.experiences.attendance import apply_attendance
from ccl_youth.experiences.models import (
    Activity,
    ActivityCluster,
    ActivityTactic,
    Participation,
    Reflection,
)
from ccl_youth.experiences.rules import (
    EARLIEST,
    KEY_MAX,
    MAX_MINUTES,
    MIN_MINUTES,
    NOTES_MAX,
    TITLE_MAX,
    ActivityInput,
    Checked,
    check_input,
    one_year_after,
)

__all__ = [
    "EARLIEST",
    "KEY_MAX",
    "MAX_MINUTES",
    "MIN_MINUTES",
    "NOTES_MAX",
    "TITLE_MAX",
    "ActivityInput",
    "Logged",
    "delete_activity",
    "find_by_submission_key",
    "log_activity",
    "log_or_find_activity",
    "one_year_after",
    "reflection_count",
    "update_activity",
]

#: The fields an edit compares, in the order the audit lists them.
SCALAR_FIELDS = (
    "type_slug",
    "title",
    "activity_date",
    "minutes",
    "cohort_id",
    "partner_id",
    "role_model_id",
    "notes",
)


def _require_logging(actor: User) -> None:
    if not role_may(actor, Action.LOG_ACTIVITY):
        raise Forbidden(Action.LOG_ACTIVITY.value)


def find_by_submission_key(session: Session, actor: User, key: str) -> Activity | None:
    """The activity the actor logged with this submission key, if any."""
    return session.scalar(
        select(Activity).where(Activity.created_by_id == actor.id, Activity.submission_key == key)
    )


def _insert(
    session: Session, actor: User, fields: dict[str, object], key: str | None
) -> int | None:
    """Insert the activity row; with a key, ON CONFLICT DO NOTHING so that two requests with
    the same key at once make one row (None: the other request made it)."""
    values = {**fields, "created_by_id": actor.id, "submission_key": key}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Activity).values(**values)
    if key is not None:
        statement = statement.on_conflict_do_nothing(
            index_elements=["created_by_id", "submission_key"]
        )
    return session.scalar(statement.returning(Activity.id))


def _fields(checked: Checked) -> dict[str, object]:
    return {
        "organization_id": checked.cohort.organization_id,
        "program_id": checked.cohort.program_id,
        "cohort_id": checked.cohort.id,
        "type_slug": checked.type_slug,
        "title": checked.title,
        "activity_date": checked.activity_date,
        "minutes": checked.minutes,
        "partner_id": checked.partner_id,
        "role_model_id": checked.role_model_id,
        "notes": checked.notes,
    }


@dataclass(frozen=True)
class Logged:
    """The activity a submission saved, or (``is_new`` False) the one its key saved before."""

    activity: Activity
    is_new: bool


def log_activity(
    session: Session,
    actor: User,
    catalog: ExperienceCatalog,
    data: ActivityInput,
    *,
    today: date | None = None,
) -> Activity:
    """``log_or_find_activity``'s activity, new or not. Raises Forbidden, ValidationFailed."""
    return log_or_find_activity(session, actor, catalog, data, today=today).activity


def log_or_find_activity(
    session: Session,
    actor: User,
    catalog: ExperienceCatalog,
    data: ActivityInput,
    *,
    today: date | None = None,
) -> Logged:
    """Save a new activity with its clusters, tactics and attendance; a ``submission_key``
    the actor used before returns that activity untouched (``is_new`` False), whatever the
    rest of the input says. Raises Forbidden (not staff or admin), ValidationFailed naming
    each wrong field."""
    _require_logging(actor)
    key = data.submission_key or None
    if key is not None:
        if len(key) > KEY_MAX:
            raise ValidationFailed(
                submission_key=N_("Use at most %(key_max)s characters.", key_max=KEY_MAX)
            )
        if (existing := find_by_submission_key(session, actor, key)) is not None:
            return Logged(existing, is_new=False)
    checked = check_input(session, actor, catalog, data, today or date.today())
    require(session, actor, Action.LOG_ACTIVITY, checked.cohort)
    activity_id = _insert(session, actor, _fields(checked), key)
    if activity_id is None:
        # Another request with the same key saved it a moment ago.
        existing = find_by_submission_key(session, actor, key or "")
        assert existing is not None
        return Logged(existing, is_new=False)
    session.add_all(
        ActivityCluster(activity_id=activity_id, cluster_id=c) for c in checked.cluster_ids
    )
    session.add_all(
        ActivityTactic(activity_id=activity_id, tactic_id=t) for t in checked.tactic_ids
    )
    if checked.attendee_ids:
        # One multi-row INSERT for the whole roster (the ORM would send one per row on SQLite
        # to learn each new id, which nothing here needs).
        session.execute(
            plain_insert(Participation),
            [
                {
                    "activity_id": activity_id,
                    "youth_id": y,
                    "minutes": checked.minutes,
                    "source": data.source,
                    "created_dt": utcnow(),
                }
                for y in sorted(checked.attendee_ids)
            ],
        )
    record_event(
        session,
        "activity.create",
        actor=actor,
        target_type="activity",
        target_id=activity_id,
        attendees=len(checked.attendee_ids),
    )
    session.flush()
    return Logged(session.get_one(Activity, activity_id), is_new=True)


def _set_links(
    session: Session, activity: Activity, clusters: frozenset[int], tactics: frozenset[str]
) -> list[str]:
    """Replace the activity's clusters and tactics; the names of the ones that changed."""
    changed = []
    old_clusters = set(
        session.scalars(
            select(ActivityCluster.cluster_id).where(ActivityCluster.activity_id == activity.id)
        )
    )
    if old_clusters != clusters:
        changed.append("cluster_ids")
        session.execute(
            delete(ActivityCluster).where(
                ActivityCluster.activity_id == activity.id,
                ActivityCluster.cluster_id.in_(old_clusters - clusters),
            )
        )
        session.add_all(
            ActivityCluster(activity_id=activity.id, cluster_id=c) for c in clusters - old_clusters
        )
    old_tactics = set(
        session.scalars(
            select(ActivityTactic.tactic_id).where(ActivityTactic.activity_id == activity.id)
        )
    )
    if old_tactics != tactics:
        changed.append("tactic_ids")
        session.execute(
            delete(ActivityTactic).where(
                ActivityTactic.activity_id == activity.id,
                ActivityTactic.tactic_id.in_(old_tactics - tactics),
            )
        )
        session.add_all(
            ActivityTactic(activity_id=activity.id, tactic_id=t) for t in tactics - old_tactics
        )
    return changed


def update_activity(
    session: Session,
    actor: User,
    catalog: ExperienceCatalog,
    activity: Activity,
    data: ActivityInput,
    *,
    today: date | None = None,
) -> Activity:
    """Change an activity and its attendance (audited with the changed field names and how
    many youth were added and removed). Youth out of the actor's reach who attended stay, and
    so do youth who checked in after the form was opened (see ``ActivityInput.shown_ids``).
    Raises NotFound/Forbidden, ValidationFailed naming each wrong field."""
    require(session, actor, Action.EDIT_ACTIVITY, activity)
    attending = set(
        session.scalars(
            select(Participation.youth_id).where(Participation.activity_id == activity.id)
        )
    )
    checked = check_input(
        session, actor, catalog, data, today or date.today(), already=attending, current=activity
    )
    old_minutes = activity.minutes
    new_values = _fields(checked)
    changed = [name for name in SCALAR_FIELDS if getattr(activity, name) != new_values[name]]
    for name, value in new_values.items():
        setattr(activity, name, value)
    changed += _set_links(session, activity, checked.cluster_ids, checked.tactic_ids)
    added, removed = apply_attendance(
        session,
        actor,
        activity,
        checked.attendee_ids,
        old_minutes=old_minutes,
        shown_ids=data.shown_ids,
        source=data.source,
    )
    record_event(
        session,
        "activity.update",
        actor=actor,
        target_type="activity",
        target_id=activity.id,
        fields=changed,
        attendance_added=added,
        attendance_removed=removed,
    )
    session.flush()
    return activity


def reflection_count(session: Session, activity_id: int) -> int:
    """How many reflections youth wrote about the activity (all of them: a number, no names)."""
    return int(
        session.scalar(
            select(func.count(Reflection.id)).where(Reflection.activity_id == activity_id)
        )
        or 0
    )


def delete_activity(session: Session, actor: User, activity: Activity) -> None:
    """Delete an activity with its attendance, clusters and tactics; the reflections youth
    wrote about it stay with them, no longer linked to it (audited with how many attendance
    rows went and how many reflections stay). Raises NotFound/Forbidden."""
    require(session, actor, Action.EDIT_ACTIVITY, activity)
    attendees = session.scalar(
        select(func.count(Participation.id)).where(Participation.activity_id == activity.id)
    )
    record_event(
        session,
        "activity.delete",
        actor=actor,
        target_type="activity",
        target_id=activity.id,
        attendance_removed=int(attendees or 0),
        reflections_kept=reflection_count(session, activity.id),
    )
    session.delete(activity)
    session.flush()
