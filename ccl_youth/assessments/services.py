"""Taking inventories: attempts that save as they go, scoring, retakes, staff assignments and
paper or API entry. Every function takes the session and the acting user, flushes, never
commits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.assessments.models import (
    AssessmentAttempt,
    AssessmentResponse,
    Instrument,
    InstrumentAssignment,
    InstrumentItem,
)
from ccl_youth.assessments.scoring import InstrumentSpec, ScoreResult, ScoringError, score_attempt
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role, grade_label
from ccl_youth.db import utcnow
from ccl_youth.programs.models import Cohort, Enrollment

IN_PROGRESS = "in_progress"
COMPLETED = "completed"


@dataclass(frozen=True)
class InstrumentForm:
    """An instrument with its active items in order, loaded in two queries."""

    instrument: Instrument
    items: list[InstrumentItem]

    @cached_property
    def item_by_key(self) -> dict[str, InstrumentItem]:
        return {item.key: item for item in self.items}

    @property
    def spec(self) -> InstrumentSpec:
        return InstrumentSpec.from_definition(
            self.instrument.scale,
            self.instrument.areas,
            self.instrument.min_answered_per_area,
            {item.key: item.area for item in self.items},
        )

    @property
    def scale_values(self) -> set[int]:
        return {int(point["value"]) for point in self.instrument.scale}


def load_instrument(session: Session, instrument: Instrument | int | str) -> InstrumentForm:
    """The active instrument by object, id or slug, with its active items. Raises NotFound."""
    if not isinstance(instrument, Instrument):
        column = Instrument.id if isinstance(instrument, int) else Instrument.slug
        found = session.scalar(select(Instrument).where(column == instrument))
        if found is None or not found.is_active:
            raise NotFound("instrument")
        instrument = found
    items = list(
        session.scalars(
            select(InstrumentItem)
            .where(InstrumentItem.instrument_id == instrument.id, InstrumentItem.is_active)
            .order_by(InstrumentItem.position, InstrumentItem.id)
        )
    )
    return InstrumentForm(instrument, items)


def instruments_for_grade(session: Session, grade: int) -> list[Instrument]:
    """Active instruments whose grade band includes ``grade``, in title order."""
    return list(
        session.scalars(
            select(Instrument)
            .where(
                Instrument.is_active,
                Instrument.grade_min <= grade,
                Instrument.grade_max >= grade,
            )
            .order_by(Instrument.title)
        )
    )


def _grade_of(session: Session, youth: User) -> int:
    profile = session.get(YouthProfile, youth.id)
    if profile is None:
        raise NotFound("youth")
    return profile.grade


def check_grade_band(session: Session, youth: User, instrument: Instrument) -> None:
    """Raise ValidationFailed(instrument=…) unless the instrument is for the youth's grade."""
    grade = _grade_of(session, youth)
    if not instrument.grade_min <= grade <= instrument.grade_max:
        band = f"{grade_label(instrument.grade_min)}–{grade_label(instrument.grade_max)}"
        raise ValidationFailed(
            instrument=N_(
                "%(title)s is for grades %(band)s; this youth is in grade %(grade)s.",
                title=instrument.title,
                band=band,
                grade=grade_label(grade),
            )
        )


def _check_answer(form: InstrumentForm, item_key: str, value: object) -> InstrumentItem:
    item = form.item_by_key.get(item_key)
    if item is None:
        raise ValidationFailed(**{f"answers.{item_key}": N_("There is no such item.")})
    if isinstance(value, bool) or not isinstance(value, int) or value not in form.scale_values:
        allowed = ", ".join(str(v) for v in sorted(form.scale_values))
        raise ValidationFailed(
            **{f"answers.{item_key}": N_("Answer with one of %(allowed)s.", allowed=allowed)}
        )
    return item


# --- a youth taking an inventory ---------------------------------------------------------


def current_attempt(
    session: Session, youth: User, instrument: Instrument
) -> AssessmentAttempt | None:
    """The youth's unfinished attempt at this instrument, if any."""
    return session.scalar(
        select(AssessmentAttempt)
        .where(
            AssessmentAttempt.youth_id == youth.id,
            AssessmentAttempt.instrument_id == instrument.id,
            AssessmentAttempt.status == IN_PROGRESS,
        )
        .order_by(AssessmentAttempt.id.desc())
        .limit(1)
    )


def start_attempt(session: Session, youth: User, instrument: Instrument) -> AssessmentAttempt:
    """Resume the youth's unfinished attempt or start a new one (a retake keeps the old ones).
    Raises ValidationFailed for an instrument of another grade band."""
    if youth.role != Role.YOUTH.value:
        raise ValidationFailed(instrument=N_("Only youth take inventories themselves."))
    check_grade_band(session, youth, instrument)
    attempt = current_attempt(session, youth, instrument)
    if attempt is None:
        attempt = AssessmentAttempt(youth_id=youth.id, instrument_id=instrument.id, source="online")
        session.add(attempt)
        session.flush()
    return attempt


def own_attempt(session: Session, youth: User, attempt_id: int) -> AssessmentAttempt:
    """One of the youth's own attempts. Raises NotFound for anyone else's."""
    attempt = session.get(AssessmentAttempt, attempt_id)
    if attempt is None or attempt.youth_id != youth.id:
        raise NotFound("attempt")
    return attempt


def answers_of(session: Session, attempt: AssessmentAttempt) -> dict[str, int]:
    """Item key → value for an attempt (one query)."""
    rows = session.execute(
        select(InstrumentItem.key, AssessmentResponse.value)
        .join(InstrumentItem, InstrumentItem.id == AssessmentResponse.item_id)
        .where(AssessmentResponse.attempt_id == attempt.id)
    )
    return {key: value for key, value in rows}


def save_answers(
    session: Session, youth: User, attempt: AssessmentAttempt, answers: Mapping[str, int]
) -> None:
    """Save or change answers in the youth's unfinished attempt.
    Raises NotFound, ValidationFailed naming the item."""
    if attempt.youth_id != youth.id:
        raise NotFound("attempt")
    if attempt.status != IN_PROGRESS:
        raise ValidationFailed(
            attempt=N_("This attempt is finished. Start a new one to answer again.")
        )
    form = load_instrument(session, attempt.instrument_id)
    checked = [(_check_answer(form, key, value), value) for key, value in answers.items()]
    existing = {
        response.item_id: response
        for response in session.scalars(
            select(AssessmentResponse).where(AssessmentResponse.attempt_id == attempt.id)
        )
    }
    now = utcnow()
    for item, value in checked:
        response = existing.get(item.id)
        if response is None:
            session.add(
                AssessmentResponse(
                    attempt_id=attempt.id, item_id=item.id, value=value, answered_dt=now
                )
            )
        elif response.value != value:
            response.value, response.answered_dt = value, now
    session.flush()


def finish_attempt(session: Session, youth: User, attempt: AssessmentAttempt) -> ScoreResult:
    """Score the youth's attempt and mark it complete. Raises NotFound, ValidationFailed when
    too few items are answered for any area to be reported."""
    if attempt.youth_id != youth.id:
        raise NotFound("attempt")
    if attempt.status == COMPLETED:
        return ScoreResult.from_json(attempt.scores or {})
    form = load_instrument(session, attempt.instrument_id)
    # Answers to items that a content sync has since switched off are kept but not scored.
    answers = {k: v for k, v in answers_of(session, attempt).items() if k in form.item_by_key}
    return _complete(session, youth, form, attempt, answers, actor=youth)


def _complete(
    session: Session,
    youth: User,
    form: InstrumentForm,
    attempt: AssessmentAttempt,
    answers: Mapping[str, int],
    *,
    actor: User,
) -> ScoreResult:
    try:
        result = score_attempt(
            form.spec, answers, with_holland_code=form.instrument.kind == "riasec"
        )
    except ScoringError as error:  # answers were checked on the way in; this is a guard
        raise ValidationFailed(**{f"answers.{error.item_key}": str(error)}) from error
    if not any(area.is_reported for area in result.areas):
        raise ValidationFailed(
            answers=N_(
                "Answer at least %(min_answered_per_area)s items in an area to see results.",
                min_answered_per_area=form.instrument.min_answered_per_area,
            )
        )
    attempt.status = COMPLETED
    attempt.completed_dt = utcnow()
    attempt.scores = result.to_json()
    attempt.holland_code = result.holland_code
    session.flush()
    record_event(
        session, "assessment.complete", actor=actor, youth_id=youth.id,
        target_type="assessment_attempt", target_id=attempt.id, instrument=form.instrument.slug,
        source=attempt.source,
    )  # fmt: skip
    return result


# --- staff: paper sheets, the API, assignments -------------------------------------------


def _submission_key(youth_id: int, instrument_id: int, answers: Mapping[str, int]) -> str:
    """Without a client key, the same answers for the same youth on the same day are one
    submission."""
    day = datetime.now(UTC).date().isoformat()
    payload = json.dumps([youth_id, instrument_id, day, sorted(answers.items())])
    return hashlib.sha256(payload.encode()).hexdigest()


def submit_attempt(
    session: Session,
    actor: User,
    youth_id: int,
    instrument: Instrument | int | str,
    answers: Mapping[str, int],
    *,
    source: str = "api",
    submission_key: str | None = None,
) -> tuple[AssessmentAttempt, bool]:
    """Record a whole response set for a youth (paper sheet or API) and score it. Submitting
    the same set twice returns the first attempt. Returns (attempt, created).
    Raises NotFound/Forbidden, ValidationFailed naming the field or item."""
    require(session, actor, Action.EDIT_YOUTH, youth_id)
    youth = session.get(User, youth_id)
    assert youth is not None
    form = load_instrument(session, instrument)
    check_grade_band(session, youth, form.instrument)
    if not answers:
        raise ValidationFailed(answers=N_("Give at least one answer."))
    for key, value in answers.items():
        _check_answer(form, key, value)
    key = submission_key or _submission_key(youth.id, form.instrument.id, answers)
    if len(key) > 64:
        raise ValidationFailed(submission_key=N_("Use at most 64 characters."))
    existing = _submitted(session, key, youth, form.instrument)
    if existing is not None:
        return existing, False
    # ON CONFLICT DO NOTHING: two requests with the same key at once still make one attempt;
    # the second waits for the first and then finds its attempt.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    attempt_id = session.scalar(
        insert(AssessmentAttempt)
        .values(
            youth_id=youth.id,
            instrument_id=form.instrument.id,
            source=source,
            entered_by_id=actor.id,
            submission_key=key,
        )  # fmt: skip
        .on_conflict_do_nothing(index_elements=["submission_key"])
        .returning(AssessmentAttempt.id)
    )
    if attempt_id is None:
        existing = _submitted(session, key, youth, form.instrument)
        assert existing is not None
        return existing, False
    attempt = session.get_one(AssessmentAttempt, attempt_id)
    session.add_all(
        AssessmentResponse(attempt_id=attempt.id, item_id=item.id, value=answers[item.key])
        for item in form.items
        if item.key in answers
    )
    session.flush()
    _complete(session, youth, form, attempt, answers, actor=actor)
    return attempt, True


def _submitted(
    session: Session, key: str, youth: User, instrument: Instrument
) -> AssessmentAttempt | None:
    existing = session.scalar(
        select(AssessmentAttempt).where(AssessmentAttempt.submission_key == key)
    )
    if existing is not None and (
        existing.youth_id != youth.id or existing.instrument_id != instrument.id
    ):
        raise ValidationFailed(submission_key=N_("That key was used for another submission."))
    return existing


def attempts_for_youth(
    session: Session, actor: User, youth_id: int, instrument_id: int | None = None
) -> list[tuple[AssessmentAttempt, Instrument]]:
    """A youth's attempts, newest first. Raises NotFound outside the actor's scope."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    query = (
        select(AssessmentAttempt, Instrument)
        .join(Instrument, Instrument.id == AssessmentAttempt.instrument_id)
        .where(AssessmentAttempt.youth_id == youth_id)
        .order_by(AssessmentAttempt.started_dt.desc(), AssessmentAttempt.id.desc())
    )
    if instrument_id is not None:
        query = query.where(AssessmentAttempt.instrument_id == instrument_id)
    return [(attempt, instrument) for attempt, instrument in session.execute(query)]


def latest_result(
    session: Session, actor: User, youth_id: int, kind: str = "riasec"
) -> tuple[AssessmentAttempt, Instrument] | None:
    """The youth's most recent completed attempt of this kind. Raises NotFound out of scope."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    row = session.execute(
        select(AssessmentAttempt, Instrument)
        .join(Instrument, Instrument.id == AssessmentAttempt.instrument_id)
        .where(
            AssessmentAttempt.youth_id == youth_id,
            AssessmentAttempt.status == COMPLETED,
            Instrument.kind == kind,
        )
        .order_by(AssessmentAttempt.completed_dt.desc(), AssessmentAttempt.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def assign_instrument(
    session: Session, actor: User, cohort: Cohort, instrument: Instrument
) -> InstrumentAssignment:
    """Ask a cohort to take an instrument (staff of the cohort, admins); assigning twice
    keeps one assignment. Raises NotFound/Forbidden."""
    require(session, actor, Action.VIEW_COHORT, cohort)
    existing = session.scalar(
        select(InstrumentAssignment).where(
            InstrumentAssignment.cohort_id == cohort.id,
            InstrumentAssignment.instrument_id == instrument.id,
        )
    )
    if existing is not None:
        return existing
    assignment = InstrumentAssignment(
        cohort_id=cohort.id, instrument_id=instrument.id, assigned_by_id=actor.id
    )
    session.add(assignment)
    session.flush()
    record_event(session, "assessment.assign", actor=actor, target_type="cohort",
                 target_id=cohort.id, instrument=instrument.slug)  # fmt: skip
    return assignment


@dataclass(frozen=True)
class CohortProgressRow:
    youth_id: int
    display_name: str
    grade: int
    status: str  # not_started | in_progress | completed
    completed_dt: datetime | None


def cohort_progress(
    session: Session, actor: User, cohort: Cohort, instrument: Instrument
) -> list[CohortProgressRow]:
    """Who in the cohort has finished, started or not started an instrument (two queries).
    Raises NotFound/Forbidden."""
    require(session, actor, Action.VIEW_COHORT, cohort)
    youth = session.execute(
        select(User.id, User.display_name, YouthProfile.grade)
        .join(Enrollment, Enrollment.youth_id == User.id)
        .join(YouthProfile, YouthProfile.user_id == User.id)
        .where(Enrollment.cohort_id == cohort.id, User.is_active)
        .order_by(func.lower(User.display_name), User.id)
    ).all()
    # A finished attempt outranks an unfinished one; among finished ones, the latest counts.
    latest: dict[int, tuple[str, datetime | None]] = {}
    for youth_id, status, completed in session.execute(
        select(AssessmentAttempt.youth_id, AssessmentAttempt.status, AssessmentAttempt.completed_dt)
        .join(Enrollment, Enrollment.youth_id == AssessmentAttempt.youth_id)
        .where(Enrollment.cohort_id == cohort.id, AssessmentAttempt.instrument_id == instrument.id)
        .order_by(AssessmentAttempt.status.desc(), AssessmentAttempt.completed_dt)
    ):
        if youth_id not in latest or status == COMPLETED:
            latest[youth_id] = (status, completed)
    return [
        CohortProgressRow(youth_id, name, grade, *latest.get(youth_id, ("not_started", None)))
        for youth_id, name, grade in youth
    ]


def assignments_for_youth(session: Session, youth: User) -> list[Instrument]:
    """Instruments assigned to any of the youth's cohorts that fit their grade."""
    grade = _grade_of(session, youth)
    # IN, not DISTINCT: PostgreSQL cannot compare the JSON columns DISTINCT would need.
    assigned = (
        select(InstrumentAssignment.instrument_id)
        .join(Enrollment, Enrollment.cohort_id == InstrumentAssignment.cohort_id)
        .where(Enrollment.youth_id == youth.id)
    )
    return list(
        session.scalars(
            select(Instrument)
            .where(
                Instrument.id.in_(assigned),
                Instrument.is_active,
                Instrument.grade_min <= grade,
                Instrument.grade_max >= grade,
            )
            .order_by(Instrument.title)
        )
    )


def assignments_for_cohort(
    session: Session, actor: User, cohort: Cohort
) -> list[tuple[InstrumentAssignment, Instrument]]:
    """The instruments a cohort was asked to take, in the order they were assigned.
    Raises NotFound/Forbidden."""
    require(session, actor, Action.VIEW_COHORT, cohort)
    rows = session.execute(
        select(InstrumentAssignment, Instrument)
        .join(Instrument, Instrument.id == InstrumentAssignment.instrument_id)
        .where(InstrumentAssignment.cohort_id == cohort.id, Instrument.is_active)
        .order_by(InstrumentAssignment.assigned_dt, InstrumentAssignment.id)
    )
    return [(assignment, instrument) for assignment, instrument in rows]


def active_instruments(session: Session) -> list[Instrument]:
    """Every active instrument, youngest grade band first (for staff to choose from)."""
    return list(
        session.scalars(
            select(Instrument)
            .where(Instrument.is_active)
            .order_by(Instrument.grade_min, Instrument.title)
        )
    )


def answered_count(session: Session, attempt: AssessmentAttempt) -> int:
    """How many active items of the attempt's instrument are answered (one query)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(AssessmentResponse)
            .join(InstrumentItem, InstrumentItem.id == AssessmentResponse.item_id)
            .where(AssessmentResponse.attempt_id == attempt.id, InstrumentItem.is_active)
        )
        or 0
    )


# --- read models for pages -----------------------------------------------------------------


@dataclass(frozen=True)
class InstrumentStatus:
    """One instrument a youth may take, with where they are with it."""

    instrument: Instrument
    is_assigned: bool
    unfinished: AssessmentAttempt | None
    latest_completed: AssessmentAttempt | None
    completed_count: int


@dataclass(frozen=True)
class InventoryOverview:
    grade: int
    instruments: list[InstrumentStatus]  # assigned ones first
    attempts: list[tuple[AssessmentAttempt, Instrument]]  # newest first


def inventory_overview(session: Session, youth: User) -> InventoryOverview:
    """The instruments for the youth's grade (assigned first) and every attempt they made
    (four queries). Raises NotFound for a user without a youth profile."""
    grade = _grade_of(session, youth)
    assigned = {instrument.id for instrument in assignments_for_youth(session, youth)}
    attempts = attempts_for_youth(session, youth, youth.id)
    statuses = []
    for instrument in instruments_for_grade(session, grade):
        own = [attempt for attempt, inst in attempts if inst.id == instrument.id]
        done = [attempt for attempt in own if attempt.status == COMPLETED]
        statuses.append(
            InstrumentStatus(
                instrument=instrument,
                is_assigned=instrument.id in assigned,
                unfinished=next((a for a in own if a.status == IN_PROGRESS), None),
                latest_completed=max(done, key=_completed_order, default=None),
                completed_count=len(done),
            )
        )
    statuses.sort(key=lambda status: not status.is_assigned)  # stable: titles stay in order
    return InventoryOverview(grade, statuses, attempts)


def _completed_order(attempt: AssessmentAttempt) -> tuple[datetime, int]:
    return (attempt.completed_dt or attempt.started_dt, attempt.id)


@dataclass(frozen=True)
class InterestsSummary:
    """What the youth home page says about inventories."""

    to_do: list[Instrument]  # assigned, for the youth's grade, never finished
    latest: tuple[AssessmentAttempt, Instrument] | None  # the latest interest result


def interests_summary(session: Session, youth: User) -> InterestsSummary:
    """Assigned inventories the youth has not finished and their latest interest result
    (a fixed number of queries, however many there are)."""
    assigned = assignments_for_youth(session, youth)
    finished = set(
        session.scalars(
            select(AssessmentAttempt.instrument_id).where(
                AssessmentAttempt.youth_id == youth.id, AssessmentAttempt.status == COMPLETED
            )
        )
    )
    return InterestsSummary(
        to_do=[instrument for instrument in assigned if instrument.id not in finished],
        latest=latest_result(session, youth, youth.id),
    )


def completed_attempts(
    session: Session, actor: User, youth_id: int, kind: str = "riasec"
) -> list[tuple[AssessmentAttempt, Instrument]]:
    """A youth's finished attempts of one kind, oldest first (for the change over time).
    Raises NotFound out of scope."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    rows = session.execute(
        select(AssessmentAttempt, Instrument)
        .join(Instrument, Instrument.id == AssessmentAttempt.instrument_id)
        .where(
            AssessmentAttempt.youth_id == youth_id,
            AssessmentAttempt.status == COMPLETED,
            Instrument.kind == kind,
        )
        .order_by(AssessmentAttempt.completed_dt, AssessmentAttempt.id)
    )
    return [(attempt, instrument) for attempt, instrument in rows]


@dataclass(frozen=True)
class InventoryRecord:
    youth: User
    profile: YouthProfile
    attempts: list[tuple[AssessmentAttempt, Instrument]]  # newest first


def inventory_record(session: Session, actor: User, youth_id: int) -> InventoryRecord:
    """A youth's attempts and results for staff and admins; the view is audited.
    Raises NotFound outside the actor's scope."""
    attempts = attempts_for_youth(session, actor, youth_id)  # checks the policy
    youth, profile = session.execute(
        select(User, YouthProfile)
        .join(YouthProfile, YouthProfile.user_id == User.id)
        .where(User.id == youth_id)
    ).one()
    record_event(session, "assessment.view", actor=actor, youth_id=youth_id,
                 target_type="user", target_id=youth_id)  # fmt: skip
    return InventoryRecord(youth, profile, attempts)
