"""Family events as families see them, and their answers (RSVPs). No Flask here.

A family member sees the organization-wide events and those of the cohorts their actively
linked youth are enrolled in; any other event is "not found" to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.core.scoping import visible_youth_ids
from ccl_youth.db import utcnow
from ccl_youth.events.models import EventRsvp, FamilyEvent
from ccl_youth.events.rules import clean_rsvp
from ccl_youth.programs.models import Cohort, Enrollment, Organization


@dataclass(frozen=True)
class FamilyEventRow:
    event: FamilyEvent
    cohort_name: str | None
    rsvp: EventRsvp | None

    @property
    def is_cancelled(self) -> bool:
        return self.event.cancelled_dt is not None


def _require_rsvp(session: Session, actor: User) -> None:
    organization = session.get(Organization, actor.organization_id)
    if organization is None:
        raise NotFound("organization")
    require(session, actor, Action.RSVP_EVENT, organization)


def _invited(actor: User) -> list[ColumnElement[bool]]:
    """WHERE conditions keeping the events the family member is invited to."""
    cohorts = select(Enrollment.cohort_id).where(Enrollment.youth_id.in_(visible_youth_ids(actor)))
    return [
        FamilyEvent.organization_id == actor.organization_id,
        or_(FamilyEvent.cohort_id.is_(None), FamilyEvent.cohort_id.in_(cohorts)),
    ]


def _not_over(now: datetime) -> ColumnElement[bool]:
    """Not over yet: ends (or, with no end, starts) now or later, or has no date at all."""
    return or_(
        FamilyEvent.ends_dt >= now,
        and_(FamilyEvent.ends_dt.is_(None), FamilyEvent.starts_dt >= now),
        FamilyEvent.starts_dt.is_(None),
    )


def family_events(session: Session, actor: User, now: datetime) -> list[FamilyEventRow]:
    """Upcoming events the family member is invited to, soonest first (undated take-home
    activities last), each with their own answer (two statements). Cancelled ones stay in,
    marked. Raises Forbidden."""
    _require_rsvp(session, actor)
    rows = session.execute(
        select(FamilyEvent, Cohort.name)
        .outerjoin(Cohort, Cohort.id == FamilyEvent.cohort_id)
        .where(*_invited(actor), _not_over(now))
        .order_by(FamilyEvent.starts_dt.is_(None), FamilyEvent.starts_dt, FamilyEvent.id)
    ).all()
    ids = [event.id for event, _name in rows]
    mine = {
        rsvp.event_id: rsvp
        for rsvp in session.scalars(
            select(EventRsvp).where(EventRsvp.family_id == actor.id, EventRsvp.event_id.in_(ids))
        )
    } if ids else {}  # fmt: skip
    return [FamilyEventRow(event, name, mine.get(event.id)) for event, name in rows]


def invited_event(session: Session, actor: User, event_id: int) -> FamilyEvent:
    """One event the family member is invited to. Raises NotFound, Forbidden."""
    _require_rsvp(session, actor)
    event = session.scalar(select(FamilyEvent).where(FamilyEvent.id == event_id, *_invited(actor)))
    if event is None:
        raise NotFound("event")
    return event


def answer_event(
    session: Session,
    actor: User,
    event_id: int,
    answer: str,
    party_size: int | None,
    note: str,
    now: datetime,
) -> EventRsvp:
    """Answer yes, maybe or no to an event (with how many people come and a short note); a
    new answer changes the family member's one answer. Audited.

    Raises NotFound (not invited), Forbidden, ValidationFailed (bad fields, or the event is
    cancelled or over)."""
    event = invited_event(session, actor, event_id)
    text, errors = clean_rsvp(answer, party_size, note)
    if event.cancelled_dt is not None:
        errors.setdefault("answer", []).append("This event is cancelled.")
    elif (event.ends_dt or event.starts_dt or now) < now:
        errors.setdefault("answer", []).append("This event is over.")
    if errors:
        raise ValidationFailed(errors)
    assert party_size is not None  # checked by clean_rsvp
    rsvp = _own_answer(session, actor, event.id)
    before = rsvp.answer if rsvp is not None else None
    if rsvp is None:
        rsvp = EventRsvp(event_id=event.id, family_id=actor.id, answer=answer,
                         party_size=party_size, note=text)  # fmt: skip
        try:
            with session.begin_nested():
                session.add(rsvp)
        except IntegrityError:  # the same family answered at the same moment elsewhere
            rsvp = _own_answer(session, actor, event.id)
            if rsvp is None:
                raise
    if (rsvp.answer, rsvp.party_size, rsvp.note) != (answer, party_size, text) or before is None:
        rsvp.answer, rsvp.party_size, rsvp.note = answer, party_size, text
        rsvp.updated_dt = utcnow()
        session.flush()
        record_event(session, "event.rsvp", actor=actor, target_type="family_event",
                     target_id=event.id, answer=answer, before=before)  # fmt: skip
    return rsvp


def _own_answer(session: Session, actor: User, event_id: int) -> EventRsvp | None:
    return session.scalar(
        select(EventRsvp).where(EventRsvp.event_id == event_id, EventRsvp.family_id == actor.id)
    )
