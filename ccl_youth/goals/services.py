"""Goals: a youth sets goals with steps and target dates, ticks steps off and completes, drops
or reopens a goal; staff, admins and linked family read them and comment.

Every function takes the session and the actor, asks the policy (``SET_GOALS`` for the
youth's own changes, ``COMMENT_ON_GOALS`` for comments, ``VIEW_YOUTH`` to read someone else's
goals), flushes, never commits. Audit events carry ids and field names only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.db import utcnow
from ccl_youth.goals.models import Goal, GoalComment, GoalStep

TITLE_MAX = 200
WHY_MAX = 1000
STEP_MAX = 300
STEPS_MAX = 10
COMMENT_MAX = 1000
YEARS_AHEAD = 3
STATUSES = ("active", "completed", "dropped")
#: What each status button does: the new status.
STATUS_ACTIONS = {"complete": "completed", "drop": "dropped", "reopen": "active"}


@dataclass(frozen=True)
class StepInput:
    """One step as typed: ``step_id`` names an existing step of the goal (None: a new one)."""

    text: str
    target_date: date | None = None
    step_id: int | None = None


@dataclass(frozen=True)
class GoalInput:
    title: str
    why: str = ""
    target_date: date | None = None
    steps: tuple[StepInput, ...] = ()


@dataclass(frozen=True)
class CommentView:
    id: int
    author_name: str
    body: str
    created_dt: datetime


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    steps: tuple[GoalStep, ...]
    comments: tuple[CommentView, ...]

    @property
    def steps_done(self) -> int:
        return sum(1 for step in self.steps if step.done_dt is not None)


def latest_target(today: date) -> date:
    """The furthest target date allowed: ``YEARS_AHEAD`` years from today (28 Feb for 29 Feb)."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def _check_date(
    errors: dict[str, list[str]], name: str, value: date | None, today: date, kept: set[date]
) -> None:
    """A date is in ``today .. latest_target(today)``; one already saved may stay as it is."""
    if value is None or value in kept:
        return
    if value < today:
        errors.setdefault(name, []).append(N_("Pick a date that is not in the past."))
    elif value > latest_target(today):
        errors.setdefault(name, []).append(
            N_("Pick a date at most %(years_ahead)s years ahead.", years_ahead=YEARS_AHEAD)
        )


def clean_goal(
    data: GoalInput, today: date, kept_dates: set[date] | None = None
) -> tuple[GoalInput, dict[str, list[str]]]:
    """The input trimmed (blank steps left out) and its problems by field name: ``title``,
    ``why``, ``target_date``, ``steps`` and ``steps-<n>-text`` / ``steps-<n>-target_date``
    (``n`` the row as posted)."""
    kept = kept_dates or set()
    errors: dict[str, list[str]] = {}
    title = (data.title or "").strip()
    why = (data.why or "").strip()
    if not title:
        errors["title"] = [N_("Write your goal.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            N_("Keep your goal to %(title_max)s characters or less.", title_max=TITLE_MAX)
        ]
    if len(why) > WHY_MAX:
        errors["why"] = [N_("Keep this to %(why_max)s characters or less.", why_max=WHY_MAX)]
    _check_date(errors, "target_date", data.target_date, today, kept)
    steps: list[StepInput] = []
    for row, step in enumerate(data.steps):
        text = (step.text or "").strip()
        if not text:
            if step.target_date is not None:
                errors[f"steps-{row}-text"] = [N_("Write the step, or clear its date.")]
            continue
        if len(text) > STEP_MAX:
            errors[f"steps-{row}-text"] = [
                N_("Keep each step to %(step_max)s characters or less.", step_max=STEP_MAX)
            ]
        _check_date(errors, f"steps-{row}-target_date", step.target_date, today, kept)
        steps.append(StepInput(text, step.target_date, step.step_id))
    if len(steps) > STEPS_MAX:
        errors["steps"] = [N_("A goal can have up to %(steps_max)s steps.", steps_max=STEPS_MAX)]
    ids = [s.step_id for s in steps if s.step_id is not None]
    if len(ids) != len(set(ids)):
        errors["steps"] = [N_("Each step can appear only once.")]
    return GoalInput(title, why, data.target_date, tuple(steps)), errors


# --- reading ---------------------------------------------------------------------------------


def _check_reader(session: Session, actor: User, youth_id: int) -> None:
    """The youth reads their own goals; staff, admins and family need ``VIEW_YOUTH``."""
    if actor.id == youth_id:
        require(session, actor, Action.SET_GOALS, youth_id)
    else:
        require(session, actor, Action.VIEW_YOUTH, youth_id)


def goals_for(session: Session, actor: User, youth_id: int) -> list[GoalView]:
    """The youth's goals, active first, then completed and dropped (newest first in each), with
    steps and comments: three statements. A view by someone else is audited.

    Raises NotFound (out of scope) or Forbidden."""
    _check_reader(session, actor, youth_id)
    order = case({"active": 0, "completed": 1}, value=Goal.status, else_=2)
    goals = list(
        session.scalars(
            select(Goal).where(Goal.youth_id == youth_id).order_by(order, Goal.id.desc())
        )
    )
    steps: dict[int, list[GoalStep]] = defaultdict(list)
    comments: dict[int, list[CommentView]] = defaultdict(list)
    ids = [goal.id for goal in goals]
    if ids:
        for step in session.scalars(
            select(GoalStep)
            .where(GoalStep.goal_id.in_(ids))
            .order_by(GoalStep.position, GoalStep.id)
        ):
            steps[step.goal_id].append(step)
        for comment_id, goal_id, name, body, created in session.execute(
            select(
                GoalComment.id,
                GoalComment.goal_id,
                User.display_name,
                GoalComment.body,
                GoalComment.created_dt,
            )
            .outerjoin(User, User.id == GoalComment.author_id)
            .where(GoalComment.goal_id.in_(ids))
            .order_by(GoalComment.created_dt, GoalComment.id)
        ):
            comments[goal_id].append(CommentView(comment_id, name or "", body, created))
    if actor.id != youth_id:
        record_event(session, "goals.view", actor=actor, youth_id=youth_id, target_type="youth",
                     target_id=youth_id)  # fmt: skip
    return [GoalView(goal, tuple(steps[goal.id]), tuple(comments[goal.id])) for goal in goals]


def own_goal(session: Session, youth: User, goal_id: int) -> tuple[Goal, list[GoalStep]]:
    """One of the youth's own goals with its steps in order.

    Raises NotFound (not theirs, or no such goal) or Forbidden (not a youth)."""
    require(session, youth, Action.SET_GOALS, youth.id)
    goal = session.get(Goal, goal_id)
    if goal is None or goal.youth_id != youth.id:
        raise NotFound("goal")
    steps = list(
        session.scalars(
            select(GoalStep).where(GoalStep.goal_id == goal.id).order_by(GoalStep.position)
        )
    )
    return goal, steps


# --- the youth's changes ---------------------------------------------------------------------


def create_goal(
    session: Session,
    youth: User,
    youth_id: int,
    data: GoalInput,
    today: date,
    submission_key: str | None = None,
) -> tuple[Goal, bool]:
    """A new goal for ``youth_id``, set by that youth themselves (``youth``), with its steps;
    the same ``submission_key`` again returns the first goal (``created`` False).

    Raises NotFound (out of scope), Forbidden (anyone but the youth), ValidationFailed."""
    require(session, youth, Action.SET_GOALS, youth_id)
    key = (submission_key or "").strip()[:64] or None
    if key is not None:
        existing = session.scalar(
            select(Goal).where(Goal.created_by_id == youth.id, Goal.submission_key == key)
        )
        if existing is not None:
            return existing, False
    clean, errors = clean_goal(data, today)
    if errors:
        raise ValidationFailed(errors)
    goal = Goal(
        organization_id=youth.organization_id,
        youth_id=youth.id,
        title=clean.title,
        why=clean.why,
        target_date=clean.target_date,
        status="active",
        created_by_id=youth.id,
        submission_key=key,
    )
    session.add(goal)
    session.flush()
    for position, step in enumerate(clean.steps, start=1):
        session.add(
            GoalStep(goal_id=goal.id, position=position, text=step.text,
                     target_date=step.target_date)
        )  # fmt: skip
    session.flush()
    record_event(session, "goal.create", actor=youth, youth_id=youth.id, target_type="goal",
                 target_id=goal.id, steps=len(clean.steps))  # fmt: skip
    return goal, True


def update_goal(session: Session, youth: User, goal_id: int, data: GoalInput, today: date) -> Goal:
    """Change a goal and its steps: rows with a ``step_id`` change that step, rows without one
    add a step, steps left out are removed. A date already saved may stay even if it has
    passed. One audit event naming the changed fields (nothing changed: no event).

    Raises NotFound, Forbidden, ValidationFailed (also for a step id not of this goal)."""
    goal, steps = own_goal(session, youth, goal_id)
    kept = {d for d in (goal.target_date, *(s.target_date for s in steps)) if d is not None}
    clean, errors = clean_goal(data, today, kept)
    by_id = {step.id: step for step in steps}
    for row, step in enumerate(data.steps):
        if step.step_id is not None and step.step_id not in by_id:
            errors.setdefault(f"steps-{row}-text", []).append(
                N_("This step is not part of the goal.")
            )
    if errors:
        raise ValidationFailed(errors)
    changed = [
        name
        for name, value in (
            ("title", clean.title),
            ("why", clean.why),
            ("target_date", clean.target_date),
        )
        if getattr(goal, name) != value
    ]
    for name in changed:
        setattr(goal, name, getattr(clean, name))
    step_changes = _apply_steps(session, goal.id, by_id, clean.steps)
    if step_changes:
        changed.append("steps")
    if changed:
        goal.updated_dt = utcnow()
        session.flush()
        record_event(session, "goal.update", actor=youth, youth_id=youth.id, target_type="goal",
                     target_id=goal.id, fields=changed)  # fmt: skip
    return goal


def _apply_steps(
    session: Session, goal_id: int, by_id: dict[int, GoalStep], steps: tuple[StepInput, ...]
) -> bool:
    """Make the goal's steps match ``steps`` in order; True when anything changed."""
    changed = False
    kept: set[int] = set()
    for position, step in enumerate(steps, start=1):
        if step.step_id is None:
            session.add(GoalStep(goal_id=goal_id, position=position, text=step.text,
                                 target_date=step.target_date))  # fmt: skip
            changed = True
            continue
        row = by_id[step.step_id]
        kept.add(row.id)
        for name, value in (
            ("position", position),
            ("text", step.text),
            ("target_date", step.target_date),
        ):
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
    for step_id, row in by_id.items():
        if step_id not in kept:
            session.delete(row)
            changed = True
    session.flush()
    return changed


def set_step_done(
    session: Session, youth: User, goal_id: int, step_id: int, done: bool
) -> GoalStep:
    """Tick a step (``done``) or untick it; the new state, so a double click does not undo
    itself. Audited when it changes.

    Raises NotFound (not this youth's goal, or not a step of it), Forbidden."""
    goal, steps = own_goal(session, youth, goal_id)
    step = next((s for s in steps if s.id == step_id), None)
    if step is None:
        raise NotFound("step")
    if (step.done_dt is not None) != done:
        step.done_dt = utcnow() if done else None
        session.flush()
        record_event(session, "goal.step", actor=youth, youth_id=youth.id, target_type="goal",
                     target_id=goal.id, step_id=step.id, done=done)  # fmt: skip
    return step


def set_status(session: Session, youth: User, goal_id: int, action: str) -> Goal:
    """``complete`` (sets ``completed_dt``), ``drop`` or ``reopen`` a goal. Audited.

    Raises NotFound, Forbidden, ValidationFailed (an unknown action, or already in that state)."""
    goal, _steps = own_goal(session, youth, goal_id)
    status = STATUS_ACTIONS.get(action)
    if status is None:
        raise ValidationFailed(action=N_("Pick complete, drop or reopen."))
    if goal.status == status:
        return goal  # a repeated click: nothing to do
    before = goal.status
    goal.status = status
    goal.completed_dt = utcnow() if status == "completed" else None
    goal.updated_dt = utcnow()
    session.flush()
    record_event(session, "goal.status", actor=youth, youth_id=youth.id, target_type="goal",
                 target_id=goal.id, before=before, after=status)  # fmt: skip
    return goal


# --- comments --------------------------------------------------------------------------------


def goal_of(session: Session, actor: User, youth_id: int, goal_id: int) -> Goal:
    """The youth's goal ``goal_id``, for someone who may comment on the youth's goals.

    Raises NotFound (no such goal of this youth, or the youth out of scope), Forbidden."""
    require(session, actor, Action.COMMENT_ON_GOALS, youth_id)
    goal = session.get(Goal, goal_id)
    if goal is None or goal.youth_id != youth_id:
        raise NotFound("goal")
    return goal


def add_comment(
    session: Session, author: User, youth_id: int, goal_id: int, body: str
) -> GoalComment:
    """A note from staff, an admin or linked family on a youth's goal; the youth sees it.

    Raises NotFound (no such goal of this youth, or the youth out of scope), Forbidden,
    ValidationFailed."""
    goal = goal_of(session, author, youth_id, goal_id)
    text = (body or "").strip()
    if not text:
        raise ValidationFailed(body=N_("Write your comment."))
    if len(text) > COMMENT_MAX:
        raise ValidationFailed(
            body=N_(
                "Keep your comment to %(comment_max)s characters or less.", comment_max=COMMENT_MAX
            )
        )
    comment = GoalComment(goal_id=goal.id, author_id=author.id, body=text)
    session.add(comment)
    session.flush()
    record_event(session, "goal.comment", actor=author, youth_id=goal.youth_id,
                 target_type="goal", target_id=goal.id, comment_id=comment.id)  # fmt: skip
    return comment
