"""Family events for staff and admins: post, change and cancel an event (never delete it), and
read the events with their RSVP counts. Families' side is in ``family.py``, speaker offers in
``speakers.py``; both are re-exported here. No Flask here.

Admins reach every event of their organization. Staff reach the organization-wide events and
those of the cohorts they are assigned to, and may invite only those cohorts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role
from ccl_youth.core.scoping import assigned_cohort_ids
from ccl_youth.db import utcnow
from ccl_youth.events.family import FamilyEventRow as FamilyEventRow
from ccl_youth.events.family import answer_event as answer_event
from ccl_youth.events.family import family_events as family_events
from ccl_youth.events.family import invited_event as invited_event
from ccl_youth.events.models import EventRsvp, FamilyEvent
from ccl_youth.events.rules import EventFields, clean_event
from ccl_youth.events.speakers import OfferRow as OfferRow
from ccl_youth.events.speakers import add_as_speaker as add_as_speaker
from ccl_youth.events.speakers import follow_up as follow_up
from ccl_youth.events.speakers import list_offers as list_offers
from ccl_youth.events.speakers import new_offer_count as new_offer_count
from ccl_youth.events.speakers import offer_in_scope as offer_in_scope
from ccl_youth.events.speakers import offer_to_speak as offer_to_speak
from ccl_youth.programs.models import Cohort, Organization

_EDITABLE = ("kind", "title", "description", "location", "starts_dt", "ends_dt", "cohort_id")


@dataclass(frozen=True)
class CohortChoice:
    id: int
    name: str


@dataclass
class RsvpCounts:
    """Answers to one event: families per answer, and people (party sizes added up)."""

    yes: int = 0
    maybe: int = 0
    no: int = 0
    yes_people: int = 0
    maybe_people: int = 0

    @property
    def answered(self) -> int:
        return self.yes + self.maybe + self.no


@dataclass(frozen=True)
class EventSummary:
    event: FamilyEvent
    cohort_name: str | None
    counts: RsvpCounts


@dataclass(frozen=True)
class EventBoard:
    """Upcoming events (soonest first, undated take-home activities after them) and past
    ones (latest first)."""

    upcoming: list[EventSummary] = field(default_factory=list)
    past: list[EventSummary] = field(default_factory=list)


@dataclass(frozen=True)
class RsvpRow:
    family_name: str
    answer: str
    party_size: int
    note: str
    updated_dt: datetime


@dataclass(frozen=True)
class EventDetail:
    event: FamilyEvent
    cohort_name: str | None
    counts: RsvpCounts
    answers: list[RsvpRow]


def is_past(event: FamilyEvent, now: datetime) -> bool:
    """Over once its end (or, with no end, its start) has passed; undated never is."""
    last = event.ends_dt or event.starts_dt
    return last is not None and last < now


def _require_events(session: Session, actor: User) -> Organization:
    organization = session.get(Organization, actor.organization_id)
    if organization is None:
        raise NotFound("organization")
    require(session, actor, Action.MANAGE_EVENTS, organization)
    return organization


def _reach(actor: User) -> list[ColumnElement[bool]]:
    """WHERE conditions keeping the events the actor may manage."""
    criteria: list[ColumnElement[bool]] = [FamilyEvent.organization_id == actor.organization_id]
    if Role(actor.role) is not Role.ADMIN:
        criteria.append(
            or_(
                FamilyEvent.cohort_id.is_(None),
                FamilyEvent.cohort_id.in_(assigned_cohort_ids(actor)),
            )
        )
    return criteria


def audience_choices(session: Session, actor: User) -> list[CohortChoice]:
    """The cohorts the actor may invite, by name: an admin's whole organization, a staff
    member's own cohorts (archived ones left out). Raises Forbidden."""
    _require_events(session, actor)
    criteria: list[ColumnElement[bool]] = [
        Cohort.organization_id == actor.organization_id,
        Cohort.is_archived.is_(False),
    ]
    if Role(actor.role) is not Role.ADMIN:
        criteria.append(Cohort.id.in_(assigned_cohort_ids(actor)))
    rows = session.execute(
        select(Cohort.id, Cohort.name).where(*criteria).order_by(func.lower(Cohort.name))
    ).all()
    return [CohortChoice(*row) for row in rows]


def event_in_scope(session: Session, actor: User, event_id: int) -> FamilyEvent:
    """One event the actor may manage. Raises NotFound (another organization's, another
    cohort's for staff, or none), Forbidden."""
    _require_events(session, actor)
    event = session.scalar(select(FamilyEvent).where(FamilyEvent.id == event_id, *_reach(actor)))
    if event is None:
        raise NotFound("event")
    return event


def _checked(
    session: Session, actor: User, fields: EventFields, keep_cohort: int | None = None
) -> EventFields:
    """The event cleaned, or ValidationFailed naming each wrong field (``audience`` for a
    cohort the actor may not invite; one already invited may stay)."""
    cleaned, errors = clean_event(fields)
    if cleaned.cohort_id is not None and cleaned.cohort_id != keep_cohort:
        allowed = {choice.id for choice in audience_choices(session, actor)}
        if cleaned.cohort_id not in allowed:
            errors["audience"] = ["Choose the whole organization or one of your cohorts."]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def create_event(session: Session, actor: User, fields: EventFields) -> FamilyEvent:
    """Post an event for families. Raises Forbidden, ValidationFailed."""
    _require_events(session, actor)
    cleaned = _checked(session, actor, fields)
    event = FamilyEvent(
        organization_id=actor.organization_id,
        created_by_id=actor.id,
        **{name: getattr(cleaned, name) for name in _EDITABLE},
    )
    session.add(event)
    session.flush()
    record_event(session, "event.create", actor=actor, target_type="family_event",
                 target_id=event.id, kind=event.kind, cohort_id=event.cohort_id)  # fmt: skip
    return event


def update_event(session: Session, actor: User, event_id: int, fields: EventFields) -> list[str]:
    """Change an event; returns the fields changed (audited when any did).
    Raises NotFound, Forbidden, ValidationFailed."""
    event = event_in_scope(session, actor, event_id)
    cleaned = _checked(session, actor, fields, keep_cohort=event.cohort_id)
    changed = [name for name in _EDITABLE if getattr(event, name) != getattr(cleaned, name)]
    for name in changed:
        setattr(event, name, getattr(cleaned, name))
    if changed:
        session.flush()
        record_event(session, "event.update", actor=actor, target_type="family_event",
                     target_id=event.id, fields=changed)  # fmt: skip
    return changed


def cancel_event(session: Session, actor: User, event_id: int) -> bool:
    """Cancel an event (kept, with its answers, and shown to families as cancelled); False
    when it already was. Raises NotFound, Forbidden."""
    event = event_in_scope(session, actor, event_id)
    if event.cancelled_dt is not None:
        return False
    event.cancelled_dt = utcnow()
    session.flush()
    record_event(session, "event.cancel", actor=actor, target_type="family_event",
                 target_id=event.id)  # fmt: skip
    return True


def _counts(session: Session, event_ids: list[int]) -> dict[int, RsvpCounts]:
    counts: dict[int, RsvpCounts] = defaultdict(RsvpCounts)
    if not event_ids:
        return counts
    for event_id, answer, families, people in session.execute(
        select(EventRsvp.event_id, EventRsvp.answer, func.count(), func.sum(EventRsvp.party_size))
        .where(EventRsvp.event_id.in_(event_ids))
        .group_by(EventRsvp.event_id, EventRsvp.answer)
    ):
        row = counts[event_id]
        if answer in ("yes", "maybe", "no"):
            setattr(row, answer, int(families))
        if answer in ("yes", "maybe"):
            setattr(row, f"{answer}_people", int(people or 0))
    return counts


def _with_cohorts(session: Session, actor: User) -> list[tuple[FamilyEvent, str | None]]:
    return [
        (event, name)
        for event, name in session.execute(
            select(FamilyEvent, Cohort.name)
            .outerjoin(Cohort, Cohort.id == FamilyEvent.cohort_id)
            .where(*_reach(actor))
            .order_by(FamilyEvent.starts_dt, FamilyEvent.id)
        )
    ]


def staff_events(session: Session, actor: User, now: datetime) -> EventBoard:
    """The events the actor manages with their RSVP counts (two statements).
    Raises Forbidden."""
    _require_events(session, actor)
    rows = _with_cohorts(session, actor)
    counts = _counts(session, [event.id for event, _name in rows])
    board = EventBoard()
    dated = [r for r in rows if r[0].starts_dt is not None]
    undated = [r for r in rows if r[0].starts_dt is None]
    for event, name in dated + undated:
        summary = EventSummary(event, name, counts[event.id])
        (board.past if is_past(event, now) else board.upcoming).append(summary)
    board.past.reverse()
    return board


def event_detail(session: Session, actor: User, event_id: int) -> EventDetail:
    """One event with its counts and every family's answer (yes first, then maybe, no; by
    name). Raises NotFound, Forbidden."""
    event = event_in_scope(session, actor, event_id)
    cohort = session.get(Cohort, event.cohort_id) if event.cohort_id is not None else None
    order = {"yes": 0, "maybe": 1, "no": 2}
    answers = [
        RsvpRow(name or "", answer, size, note, updated)
        for name, answer, size, note, updated in session.execute(
            select(User.display_name, EventRsvp.answer, EventRsvp.party_size, EventRsvp.note,
                   EventRsvp.updated_dt)
            .join(User, User.id == EventRsvp.family_id)
            .where(EventRsvp.event_id == event.id)
        )
    ]  # fmt: skip
    answers.sort(key=lambda r: (order.get(r.answer, 3), r.family_name.lower()))
    return EventDetail(
        event, cohort.name if cohort else None, _counts(session, [event.id])[event.id], answers
    )
