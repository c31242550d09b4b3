"""The résumé: the youth reads it with hidden items, adds lines, edits any item (editing a
record item stores the youth's version beside the record), hides and shows items, deletes their
own lines and takes back their edits; staff, admins and linked family read it without the
hidden items, and its PDF.

Every function takes the session and the actor and asks the policy (``EDIT_RESUME`` for the
youth's own changes, ``VIEW_YOUTH`` to read); flushes, never commits. Items are named by key:
``entry-<id>`` for a ResumeEntry row, ``<kind>-<ref>`` for a record item (``SOURCE_KINDS``).
Audit events carry ids and field names only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.resume.assembly import (
    CATEGORIES,
    SOURCE_KINDS,
    ResumeItem,
    assembled_items,
    resume_items,
)
from ccl_youth.resume.models import ResumeEntry

TITLE_MAX = 200
ORGANIZATION_MAX = 200
DESCRIPTION_MAX = 2000
RECOGNITION_MAX = 300
HOURS_MAX = Decimal(10_000)
EARLIEST = date(1990, 1, 1)
_KEY = re.compile(r"([a-z_]+)-([1-9][0-9]{0,9})")
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class EntryInput:
    """What the youth typed for a line. ``hours`` is kept for their own lines only: a record
    item's hours are the verified ones."""

    category: str
    title: str
    organization_name: str = ""
    start_date: date | None = None
    end_date: date | None = None
    description: str = ""
    hours: Decimal | None = None
    recognition: str = ""


@dataclass(frozen=True)
class ResumeView:
    youth_id: int
    youth_name: str
    items: list[ResumeItem]


def _check(data: EntryInput, *, with_hours: bool) -> EntryInput:
    """The input cleaned up; raises ValidationFailed naming each bad field."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    title = data.title.strip()
    if data.category not in CATEGORIES:
        add("category", N_("Choose what kind of line this is."))
    if not title:
        add("title", N_("Write what you did."))
    for name, value, most in (
        ("title", title, TITLE_MAX),
        ("organization_name", data.organization_name.strip(), ORGANIZATION_MAX),
        ("description", data.description.strip(), DESCRIPTION_MAX),
        ("recognition", data.recognition.strip(), RECOGNITION_MAX),
    ):
        if len(value) > most:
            add(name, N_("Keep this to %(most)s characters or less.", most=most))
    for name, day in (("start_date", data.start_date), ("end_date", data.end_date)):
        if day is not None and day < EARLIEST:
            add(name, N_("Choose a date after %(day)s.", day=EARLIEST.isoformat()))
    if data.start_date and data.end_date and data.end_date < data.start_date:
        add("end_date", N_("The end date cannot be before the start date."))
    hours = data.hours if with_hours else None
    if hours is not None:
        if not hours.is_finite() or hours < 0:
            add("hours", N_("Hours cannot be less than 0."))
        elif hours > HOURS_MAX:
            add("hours", N_("Hours cannot be more than %(most)s.", most=f"{HOURS_MAX:,}"))
        else:
            hours = hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if errors:
        raise ValidationFailed(errors)
    return EntryInput(
        category=data.category,
        title=title,
        organization_name=data.organization_name.strip(),
        start_date=data.start_date,
        end_date=data.end_date,
        description=data.description.strip(),
        hours=hours,
        recognition=data.recognition.strip(),
    )


def _fill(entry: ResumeEntry, data: EntryInput) -> None:
    entry.category, entry.title = data.category, data.title
    entry.organization_name, entry.description = data.organization_name, data.description
    entry.start_date, entry.end_date = data.start_date, data.end_date
    entry.hours, entry.recognition = data.hours, data.recognition


def my_resume(session: Session, actor: User, recognition: RecognitionCatalog | None) -> ResumeView:
    """The youth's own résumé, hidden items included. Raises Forbidden (not a youth)."""
    require(session, actor, Action.EDIT_RESUME, actor.id)
    items = resume_items(session, actor.id, include_hidden=True, recognition=recognition)
    return ResumeView(actor.id, actor.display_name, items)


def youth_resume(
    session: Session,
    actor: User,
    youth_id: int,
    recognition: RecognitionCatalog | None,
    *,
    form: str = "page",
) -> ResumeView:
    """A youth's résumé without the hidden items, for anyone who may view the youth; read by
    anyone else than the youth it is audited (``form``: page, pdf, api). Raises NotFound
    (out of scope), Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    youth = session.get(User, youth_id)
    if youth is None:
        raise NotFound("youth")
    items = resume_items(session, youth_id, recognition=recognition)
    if actor.id != youth_id:
        record_event(
            session, "youth.view", actor=actor, youth_id=youth_id, target_type="user",
            target_id=youth_id, section="resume", form=form,
        )  # fmt: skip
    return ResumeView(youth.id, youth.display_name, items)


def _parse(key: str) -> tuple[str, int]:
    match = _KEY.fullmatch(key)
    if match is None or (match[1] != "entry" and match[1] not in SOURCE_KINDS):
        raise NotFound("resume item")
    ref = int(match[2])
    if ref > MAX_ID:
        raise NotFound("resume item")
    return match[1], ref


@dataclass(frozen=True)
class Found:
    """A record item (None for the youth's own line) and the youth's row for it (None when
    the record item is untouched)."""

    item: ResumeItem | None
    entry: ResumeEntry | None


def find_item(
    session: Session, actor: User, key: str, recognition: RecognitionCatalog | None
) -> Found:
    """The youth's item named by ``key``. Raises NotFound (not the youth's, or none),
    Forbidden (not a youth)."""
    require(session, actor, Action.EDIT_RESUME, actor.id)
    kind, ref = _parse(key)
    entry: ResumeEntry | None
    if kind == "entry":
        entry = session.scalar(
            select(ResumeEntry).where(ResumeEntry.id == ref, ResumeEntry.youth_id == actor.id)
        )
        if entry is None:
            raise NotFound("resume item")
        if entry.source_kind is None:
            return Found(None, entry)
        kind, ref = entry.source_kind, entry.source_ref or 0
    else:
        entry = session.scalar(
            select(ResumeEntry).where(
                ResumeEntry.youth_id == actor.id,
                ResumeEntry.source_kind == kind,
                ResumeEntry.source_ref == ref,
            )
        )
    for item in assembled_items(session, actor.id, recognition):
        if item.source_kind == kind and item.source_ref == ref:
            return Found(item, entry)
    raise NotFound("resume item")


def add_entry(session: Session, actor: User, data: EntryInput) -> ResumeEntry:
    """A line of the youth's own. Raises Forbidden (not a youth), ValidationFailed."""
    require(session, actor, Action.EDIT_RESUME, actor.id)
    data = _check(data, with_hours=True)
    entry = ResumeEntry(organization_id=actor.organization_id, youth_id=actor.id)
    _fill(entry, data)
    session.add(entry)
    session.flush()
    record_event(session, "resume.add", actor=actor, youth_id=actor.id,
                 target_type="resume_entry", target_id=entry.id)  # fmt: skip
    return entry


def update_item(
    session: Session,
    actor: User,
    key: str,
    data: EntryInput,
    recognition: RecognitionCatalog | None,
) -> ResumeEntry:
    """Change the youth's line, or store their version of a record item (its hours stay the
    verified ones). Raises NotFound, Forbidden, ValidationFailed."""
    found = find_item(session, actor, key, recognition)
    data = _check(data, with_hours=found.item is None)
    entry = found.entry
    if entry is None:
        assert found.item is not None
        entry = ResumeEntry(
            organization_id=actor.organization_id,
            youth_id=actor.id,
            source_kind=found.item.source_kind,
            source_ref=found.item.source_ref,
        )
        session.add(entry)
    _fill(entry, data)
    session.flush()
    record_event(session, "resume.update", actor=actor, youth_id=actor.id,
                 target_type="resume_entry", target_id=entry.id,
                 source=found.item.source_kind if found.item else None)  # fmt: skip
    return entry


def set_hidden(
    session: Session,
    actor: User,
    key: str,
    hidden: bool,
    recognition: RecognitionCatalog | None,
) -> None:
    """Leave an item off the résumé, or put it back. For an untouched record item only the
    choice is stored (an empty title keeps the record's words). Raises NotFound, Forbidden."""
    found = find_item(session, actor, key, recognition)
    entry = found.entry
    if entry is None:
        if not hidden:
            return
        assert found.item is not None
        entry = ResumeEntry(
            organization_id=actor.organization_id, youth_id=actor.id,
            category=found.item.category, title="", source_kind=found.item.source_kind,
            source_ref=found.item.source_ref,
        )  # fmt: skip
        session.add(entry)
    entry.is_hidden = hidden
    session.flush()
    target = entry.id
    if not hidden and found.item is not None and not entry.title:
        session.delete(entry)  # only the choice was stored: back to the plain record
        session.flush()
    record_event(session, "resume.hide" if hidden else "resume.show", actor=actor,
                 youth_id=actor.id, target_type="resume_entry", target_id=target)  # fmt: skip


def remove_item(
    session: Session, actor: User, key: str, recognition: RecognitionCatalog | None
) -> str:
    """Delete the youth's own line ("deleted"), or drop their edits of a record item so the
    record shows again ("reset"). Raises NotFound, Forbidden (an untouched record item)."""
    found = find_item(session, actor, key, recognition)
    if found.entry is None:
        raise Forbidden("record items can be hidden, not deleted")
    target = found.entry.id
    session.delete(found.entry)
    session.flush()
    outcome = "deleted" if found.item is None else "reset"
    record_event(session, f"resume.{'delete' if outcome == 'deleted' else 'reset'}",
                 actor=actor, youth_id=actor.id, target_type="resume_entry",
                 target_id=target)  # fmt: skip
    return outcome
