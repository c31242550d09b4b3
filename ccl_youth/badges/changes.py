"""What a change to the database may change for the badge rules: which youth (or activities,
evidence, evaluations: resolved to their youth) a new or changed record touches. Used by the
listener's hooks (``listener.py``); no Flask.

Deletions are not followed: every rule counts up, so taking a record away never earns a badge.
A youth is touched when any of their records below changes in a way a rule can read:

* attendance (``Participation``), an activity's clusters (``ActivityCluster``: its attendees),
  an activity's type or date (its attendees);
* hours entries, placements, evidence and supervisor evaluations whose status changed (and the
  skill levels of evidence and evaluations);
* reflections (new, or shared with family), finished assessments, saved occupations, goals
  whose status changed (completed, or reopened / dropped);
* badge awards made by staff (other badges may count them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from ccl_youth.assessments.models import AssessmentAttempt
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers.models import FavoriteOccupation
from ccl_youth.experiences.models import Activity, ActivityCluster, Participation, Reflection
from ccl_youth.goals.models import Goal
from ccl_youth.placements.models import Evaluation, EvaluationRating, HoursEntry, Placement
from ccl_youth.skills.models import Evidence, EvidenceSkill


@dataclass
class Touched:
    """Records changed in this transaction that may move youth towards a badge."""

    youth: set[int] = field(default_factory=set)
    activities: set[int] = field(default_factory=set)
    evidence: set[int] = field(default_factory=set)
    evaluations: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.youth or self.activities or self.evidence or self.evaluations)

    def youth_ids(self, session: Session) -> set[int]:
        """The youth, with the attendees of the activities and the owners of the evidence and
        evaluations noted (one statement for each kind that has any)."""
        found = set(self.youth)
        if self.activities:
            found.update(
                session.scalars(
                    select(Participation.youth_id).where(
                        Participation.activity_id.in_(sorted(self.activities))
                    )
                )
            )
        if self.evidence:
            found.update(
                session.scalars(
                    select(Evidence.youth_id).where(Evidence.id.in_(sorted(self.evidence)))
                )
            )
        if self.evaluations:
            found.update(
                session.scalars(
                    select(Evaluation.youth_id).where(Evaluation.id.in_(sorted(self.evaluations)))
                )
            )
        return found


# --- ORM objects ------------------------------------------------------------------------------


def _changed(obj: object, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


#: Records with a status: the columns rules read, and the status that counts.
WATCHED: dict[type, tuple[tuple[str, ...], str]] = {
    HoursEntry: (("status", "minutes", "work_date"), "verified"),
    Placement: (("status", "type_slug"), "completed"),
    Evidence: (("status",), "verified"),
    Evaluation: (("status",), "submitted"),
    AssessmentAttempt: (("status",), "completed"),
    Goal: (("status",), "completed"),
}


def note_object(touched: Touched, obj: object, is_new: bool, busy: bool) -> None:
    """Note what one new or changed object may change for the rules."""
    if isinstance(obj, Participation):
        if is_new:
            touched.youth.add(obj.youth_id)
    elif isinstance(obj, ActivityCluster):
        touched.activities.add(obj.activity_id)
    elif isinstance(obj, Activity):
        if not is_new and _changed(obj, "type_slug", "activity_date", "organization_id"):
            touched.activities.add(obj.id)
    elif isinstance(obj, HoursEntry | Placement | Evidence | Evaluation | AssessmentAttempt | Goal):
        watched, finished = WATCHED[type(obj)]
        if (obj.status == finished) if is_new else _changed(obj, *watched):
            touched.youth.add(obj.youth_id)
    elif isinstance(obj, EvidenceSkill):
        touched.evidence.add(obj.evidence_id)
    elif isinstance(obj, EvaluationRating):
        touched.evaluations.add(obj.evaluation_id)
    elif isinstance(obj, Reflection):
        if is_new or _changed(obj, "is_shared_with_family"):
            touched.youth.add(obj.youth_id)
    elif isinstance(obj, FavoriteOccupation):
        if is_new:
            touched.youth.add(obj.youth_id)
    elif isinstance(obj, BadgeAward) and is_new and not busy:
        touched.youth.add(obj.youth_id)


# --- statements sent through the session -----------------------------------------------------

#: Tables whose INSERTs matter: the column naming what they touch, and its kind.
INSERTED: dict[str, tuple[str, str]] = {
    "participation": ("youth_id", "youth"),
    "reflection": ("youth_id", "youth"),
    "favorite_occupation": ("youth_id", "youth"),
    "badge_award": ("youth_id", "youth"),
    "activity_cluster": ("activity_id", "activities"),
    "evidence_skill": ("evidence_id", "evidence"),
    "evaluation_rating": ("evaluation_id", "evaluations"),
}
#: Inserted rows that matter only in a finished state (the column and its values).
INSERTED_WHEN: dict[str, tuple[str, frozenset[str]]] = {
    "assessment_attempt": ("status", frozenset({"completed"})),
    "hours_entry": ("status", frozenset({"verified"})),
    "placement": ("status", frozenset({"completed"})),
    "evidence": ("status", frozenset({"verified"})),
    "evaluation": ("status", frozenset({"submitted"})),
    "goal": ("status", frozenset({"completed"})),
}
#: Tables whose UPDATEs matter when they set one of these columns.
UPDATED: dict[str, frozenset[str]] = {
    "hours_entry": frozenset({"status", "minutes", "work_date"}),
    "placement": frozenset({"status", "type_slug"}),
    "evidence": frozenset({"status"}),
    "evaluation": frozenset({"status"}),
    "assessment_attempt": frozenset({"status"}),
    "goal": frozenset({"status"}),
    "reflection": frozenset({"is_shared_with_family"}),
    "evidence_skill": frozenset({"level"}),
    "evaluation_rating": frozenset({"level"}),
    "activity": frozenset({"type_slug", "activity_date", "organization_id"}),
}
#: For UPDATEs: which column of the updated rows names what they touch.
UPDATED_KEY: dict[str, tuple[str, str]] = {
    **{name: ("youth_id", "youth") for name in UPDATED},
    "evidence_skill": ("evidence_id", "evidence"),
    "evaluation_rating": ("evaluation_id", "evaluations"),
    "activity": ("id", "activities"),
}
#: Every table whose INSERTs or UPDATEs are looked at.
WATCHED_TABLES = frozenset(INSERTED) | frozenset(INSERTED_WHEN) | frozenset(UPDATED)
_MULTI = re.compile(r"^(?P<name>.+?)(?:_m\d+)?$")


def statement_values(state: ORMExecuteState) -> list[dict[str, Any]]:
    """The column values the statement sets, one dict per row: the parameters given to
    ``execute`` (ORM bulk statements), else the ``.values(…)`` as compiled (multi-row
    ``name_m1`` keys split back into rows)."""
    params: Any = state.parameters
    if isinstance(params, dict) and params:
        return [dict(params)]
    if params and not isinstance(params, dict):
        return [dict(p) for p in params]
    statement: Any = state.statement
    compiled = statement.compile(dialect=state.session.get_bind().dialect).params
    by_row: dict[str, dict[str, Any]] = {}
    for key, value in compiled.items():
        if value is None:
            continue
        suffix = key[len(_MULTI.match(key).group("name")) :]  # type: ignore[union-attr]
        by_row.setdefault(suffix, {})[key[: len(key) - len(suffix)]] = value
    return list(by_row.values())


def note_insert(touched: Touched, name: str, rows: list[dict[str, Any]]) -> None:
    """Note what the rows an INSERT into table ``name`` adds may change for the rules."""
    if name in INSERTED:
        column, kind = INSERTED[name]
    elif name in INSERTED_WHEN:
        status, finished = INSERTED_WHEN[name]
        rows = [row for row in rows if row.get(status) in finished]
        column, kind = "youth_id", "youth"
    else:
        return
    found = {int(row[column]) for row in rows if row.get(column) is not None}
    if found:
        getattr(touched, kind).update(found)


def note_update(touched: Touched, state: ORMExecuteState, table: Table) -> None:
    """Note what an UPDATE of ``table`` may change for the rules (reading the rows it is about
    to change when its values do not name them)."""
    watched = UPDATED.get(table.name)
    if watched is None:
        return
    rows = statement_values(state)
    if not any(watched & row.keys() for row in rows):
        return
    column, kind = UPDATED_KEY[table.name]
    found = {int(row[column]) for row in rows if row.get(column) is not None}
    whereclause = getattr(state.statement, "whereclause", None)
    if not found and whereclause is not None:
        # An UPDATE … WHERE: read which rows it is about to change (before it does, since
        # its WHERE may stop matching them afterwards).
        found = set(state.session.scalars(select(table.c[column]).where(whereclause)))
    if found:
        getattr(touched, kind).update(found)
