"""Hours at a placement: youth log them (or staff for them), correct returned ones, and staff
verify or return them, one at a time or many at once. Verified entries are locked for the
youth. Reviews are audited with ids only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require, role_may
from ccl_youth.core.scoping import youth_criteria
from ccl_youth.db import utcnow
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.placements.queries import PlacementRow, Totals, placement_rows, totals_for_youth
from ccl_youth.placements.services import get_placement

MAX_MINUTES = 24 * 60
MAX_DESCRIPTION = 1000
MAX_COMMENT = 1000
REVIEW_ACTIONS = ("verify", "return")


@dataclass(frozen=True)
class HoursInput:
    work_date: date
    minutes: int
    description: str


def _check(
    session: Session,
    placement: Placement,
    entry: HoursInput,
    today: date,
    editing: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if placement.status != "active":
        add("placement_id", N_("Hours can be logged only while the placement is active."))
    if entry.work_date > today:
        add("work_date", N_("The date cannot be in the future."))
    elif entry.work_date < placement.start_date:
        add("work_date", N_("The date cannot be before the placement started."))
    elif placement.end_date is not None and entry.work_date > placement.end_date:
        add("work_date", N_("The date cannot be after the placement ended."))
    if not 1 <= entry.minutes <= MAX_MINUTES:
        add("minutes", N_("Give between 1 minute and 24 hours."))
    description = entry.description.strip()
    if not description or len(description) > MAX_DESCRIPTION:
        add(
            "description",
            N_(
                "Say what you did, in 1 to %(max_description)s characters.",
                max_description=MAX_DESCRIPTION,
            ),
        )
    if not errors:
        same_day = select(func.coalesce(func.sum(HoursEntry.minutes), 0)).where(
            HoursEntry.youth_id == placement.youth_id,
            HoursEntry.work_date == entry.work_date,
            HoursEntry.status != "returned",
        )
        if editing is not None:
            same_day = same_day.where(HoursEntry.id != editing)
        if int(session.scalar(same_day) or 0) + entry.minutes > MAX_MINUTES:
            add("minutes", N_("That makes more than 24 hours on one day."))
    if errors:
        raise ValidationFailed(errors)


def log_hours(
    session: Session,
    actor: User,
    placement_id: int,
    entry: HoursInput,
    today: date,
    submission_key: str | None = None,
) -> tuple[HoursEntry, bool]:
    """Log time at an active placement (the youth, or staff in scope), remembering who logged
    it. The same submission key again returns the first entry. Returns (entry, created).
    Raises NotFound/Forbidden, ValidationFailed naming the field (placement_id when it is not
    active)."""
    placement = get_placement(session, actor, placement_id, Action.LOG_HOURS)
    if submission_key is not None:
        if not 8 <= len(submission_key) <= 64:
            raise ValidationFailed(submission_key=N_("Use 8 to 64 characters."))
        existing = _submitted(session, placement, submission_key)
        if existing is not None:
            return existing, False
    _check(session, placement, entry, today)
    values = {
        "placement_id": placement.id,
        "youth_id": placement.youth_id,
        "work_date": entry.work_date,
        "minutes": entry.minutes,
        "description": entry.description.strip(),
        "status": "submitted",
        "logged_by_id": actor.id,
        "submission_key": submission_key,
        "created_dt": utcnow(),
        "updated_dt": utcnow(),
    }
    if submission_key is None:
        created = HoursEntry(**values)
        session.add(created)
        session.flush()
    else:
        # ON CONFLICT DO NOTHING: a double click that races still makes one entry.
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        new_id = session.scalar(
            insert(HoursEntry)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["youth_id", "submission_key"])
            .returning(HoursEntry.id)
        )
        if new_id is None:
            existing = _submitted(session, placement, submission_key)
            assert existing is not None
            return existing, False
        created = session.get_one(HoursEntry, new_id)
    record_event(
        session,
        "hours.log",
        actor=actor,
        youth_id=placement.youth_id,
        target_type="hours_entry",
        target_id=created.id,
        placement_id=placement.id,
    )
    return created, True


def _submitted(session: Session, placement: Placement, key: str) -> HoursEntry | None:
    existing = session.scalar(
        select(HoursEntry).where(
            HoursEntry.youth_id == placement.youth_id, HoursEntry.submission_key == key
        )
    )
    if existing is not None and existing.placement_id != placement.id:
        raise ValidationFailed(submission_key=N_("That key was used for another placement."))
    return existing


def get_own_entry(session: Session, actor: User, hours_id: int) -> HoursEntry:
    """One of the actor's own entries (youth). Raises NotFound for anyone else's."""
    entry = session.get(HoursEntry, hours_id)
    if entry is None or entry.youth_id != actor.id:
        raise NotFound("hours")
    require(session, actor, Action.LOG_HOURS, entry.youth_id)
    return entry


def correct_hours(
    session: Session, actor: User, hours_id: int, entry: HoursInput, today: date
) -> HoursEntry:
    """The youth changes an entry that is waiting or was returned; a returned one goes back
    for review. Raises NotFound, ValidationFailed (verified entries are locked)."""
    row = get_own_entry(session, actor, hours_id)
    if row.status == "verified":
        raise ValidationFailed(status=N_("This entry is verified and can no longer be changed."))
    placement = session.get_one(Placement, row.placement_id)
    _check(session, placement, entry, today, editing=row.id)
    previous = row.status
    row.work_date = entry.work_date
    row.minutes = entry.minutes
    row.description = entry.description.strip()
    row.status = "submitted"
    session.flush()
    record_event(
        session,
        "hours.resubmit" if previous == "returned" else "hours.update",
        actor=actor,
        youth_id=row.youth_id,
        target_type="hours_entry",
        target_id=row.id,
    )
    return row


#: What an unreadable "seen" version stands for: a moment no entry was ever changed at.
NEVER = datetime.min.replace(tzinfo=UTC)


def parse_seen(value: str) -> datetime:
    """The ``updated_dt`` a reviewer's page showed (ISO 8601, as ``seen_value`` writes it);
    NEVER (so: changed) for anything unreadable. A time without a zone is UTC."""
    try:
        seen = datetime.fromisoformat(value) if len(value) <= 40 else NEVER
        return seen.replace(tzinfo=UTC) if seen.tzinfo is None else seen.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 at +14:00 is before year 1
        return NEVER


def seen_value(entry_updated: datetime) -> str:
    """How a page writes the version of an entry it shows, for ``parse_seen`` to read back."""
    return entry_updated.astimezone(UTC).isoformat()


def _changed_since(entry: HoursEntry, seen: datetime) -> bool:
    seen = seen.replace(tzinfo=UTC) if seen.tzinfo is None else seen
    return entry.updated_dt != seen


def review_hours(
    session: Session,
    actor: User,
    hours_ids: Sequence[int],
    action: str,
    comment: str = "",
    *,
    placement_id: int | None = None,
    seen: Mapping[int, datetime] | None = None,
) -> list[HoursEntry]:
    """Verify or return entries (staff and admins). Every id must be an entry of a youth in
    the actor's scope (and of ``placement_id`` when given) or nothing changes: NotFound.
    Nobody reviews hours they logged themselves, and an entry that changed since the reviewer
    saw it (``seen``: id → the ``updated_dt`` they saw) is not reviewed: then nothing changes,
    ValidationFailed(hours_ids=…). Entries already in that state are left as they are.
    Raises NotFound/Forbidden, ValidationFailed (no entries, unknown action, a return without
    a comment, the reviewer's own entries, entries changed since seen)."""
    ids = sorted(set(hours_ids))
    if not role_may(actor, Action.VERIFY_HOURS):
        first = session.get(HoursEntry, ids[0]) if ids else None
        if first is None:
            raise NotFound("hours")
        require(session, actor, Action.VERIFY_HOURS, first.youth_id)
    if not ids:
        raise ValidationFailed(hours_ids=N_("Choose at least one entry."))
    if action not in REVIEW_ACTIONS:
        raise ValidationFailed(action=N_("Choose verify or return."))
    comment = comment.strip()
    if action == "return" and not comment:
        raise ValidationFailed(comment=N_("Say what the youth should fix."))
    if len(comment) > MAX_COMMENT:
        raise ValidationFailed(
            comment=N_("Use at most %(max_comment)s characters.", max_comment=MAX_COMMENT)
        )
    criteria = [
        HoursEntry.id.in_(ids),
        Placement.organization_id == actor.organization_id,
        *youth_criteria(actor),
    ]
    if placement_id is not None:
        criteria.append(HoursEntry.placement_id == placement_id)
    entries = list(
        session.scalars(
            select(HoursEntry)
            .join(Placement, Placement.id == HoursEntry.placement_id)
            .join(User, User.id == HoursEntry.youth_id)
            .where(*criteria)
            .order_by(HoursEntry.id)
        )
    )
    if len(entries) != len(ids):
        raise NotFound("hours")
    problems = []
    if any(entry.logged_by_id == actor.id for entry in entries):
        problems.append(N_("You logged these hours, so someone else must verify them."))
    for entry in sorted(entries, key=lambda e: (e.work_date, e.id)):
        if seen is not None and entry.id in seen and _changed_since(entry, seen[entry.id]):
            problems.append(
                N_(
                    "Entry of %(day)s changed since you opened the page; check it again.",
                    day=entry.work_date,
                )
            )
    if problems:
        raise ValidationFailed({"hours_ids": problems})
    status = "verified" if action == "verify" else "returned"
    now = utcnow()
    for entry in entries:
        if entry.status == status:
            continue
        entry.status = status
        entry.reviewer_id = actor.id
        entry.reviewed_dt = now
        entry.review_comment = comment
        record_event(
            session,
            f"hours.{action}",
            actor=actor,
            youth_id=entry.youth_id,
            target_type="hours_entry",
            target_id=entry.id,
            placement_id=entry.placement_id,
        )
    session.flush()
    return entries


def ensure_reviewer(session: Session, actor: User, youth_id: int) -> None:
    """Raise Forbidden/NotFound unless the actor may verify this youth's hours."""
    require(session, actor, Action.VERIFY_HOURS, youth_id)


@dataclass(frozen=True)
class MyPlacement:
    row: PlacementRow
    entries: list[HoursEntry]


@dataclass(frozen=True)
class MyPlacements:
    placements: list[MyPlacement]
    totals: Totals


def my_placements(session: Session, actor: User) -> MyPlacements:
    """The youth's own placements, each with its entries and totals (three statements)."""
    if actor.role != "youth":
        raise Forbidden("log_hours")
    rows = placement_rows(
        session,
        select(Placement)
        .where(Placement.youth_id == actor.id)
        .order_by(Placement.start_date.desc(), Placement.id.desc()),
    )
    entries: dict[int, list[HoursEntry]] = {row.id: [] for row in rows}
    if rows:
        for entry in session.scalars(
            select(HoursEntry)
            .where(HoursEntry.youth_id == actor.id)
            .order_by(HoursEntry.work_date.desc(), HoursEntry.id.desc())
        ):
            entries.setdefault(entry.placement_id, []).append(entry)
    totals = totals_for_youth(session, [actor.id]).get(actor.id, Totals()) if rows else Totals()
    return MyPlacements([MyPlacement(row, entries[row.id]) for row in rows], totals)
