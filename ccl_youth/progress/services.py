"""A youth's progress on the framework (for the youth, staff and admins in scope, linked
family members and API tokens), moving a youth to another stage, and the history of moves.

Reading progress takes a fixed number of statements whatever the youth's record holds: the
access check, the youth, the facts (``facts.py``) and, when asked for, the stage history.
Views by anyone but the youth are audited. No Flask: the content comes in as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import STAGES, ExperienceCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.progress.evaluation import ProgressReport, evaluate_progress
from ccl_youth.progress.facts import load_facts
from ccl_youth.progress.models import StageChange

REASON_MIN, REASON_MAX = 5, 500


#: Stage names as the pages show them (the same message ids as the web labels).
STAGE_NAMES = {
    "awareness": N_("Awareness"),
    "exploration": N_("Exploration"),
    "preparedness": N_("Preparedness"),
}


@dataclass(frozen=True, slots=True)
class StageMove:
    """One move in a youth's stage history. ``changed_by`` is None once that account is gone."""

    id: int
    from_stage: str
    to_stage: str
    reason: str
    changed_by: str | None
    created_dt: datetime


@dataclass(frozen=True)
class Progress:
    youth_id: int
    display_name: str
    grade: int
    report: ProgressReport
    #: Newest first; filled only when asked for (staff and admin pages, not family).
    history: tuple[StageMove, ...] = ()


def progress_for(
    session: Session,
    actor: User,
    youth_id: int,
    recognition: RecognitionCatalog,
    experiences: ExperienceCatalog,
    today: date,
    *,
    with_history: bool = False,
) -> Progress:
    """The youth's stage, milestones met and open with their steps, what to do next and the
    readiness verdict (and the stage history if asked) for anyone who may view the youth.
    Views by others than the youth are audited. Raises NotFound (out of scope), Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    youth = session.get(User, youth_id)
    facts = load_facts(session, [youth_id], experiences, today).get(youth_id)
    if youth is None or facts is None:
        raise NotFound("youth")
    report = evaluate_progress(recognition, experiences.framework, facts)
    history = _history(session, youth_id) if with_history else ()
    if actor.id != youth_id:
        record_event(
            session, "youth.view", actor=actor, youth_id=youth_id, target_type="user",
            target_id=youth_id, section="progress",
        )  # fmt: skip
    return Progress(youth.id, youth.display_name, facts.grade, report, history)


def _history(session: Session, youth_id: int) -> tuple[StageMove, ...]:
    changer = aliased(User)
    rows = session.execute(
        select(
            StageChange.id,
            StageChange.from_stage,
            StageChange.to_stage,
            StageChange.reason,
            changer.display_name,
            StageChange.created_dt,
        )
        .outerjoin(changer, changer.id == StageChange.changed_by_id)
        .where(StageChange.youth_id == youth_id)
        .order_by(StageChange.created_dt.desc(), StageChange.id.desc())
    )
    return tuple(StageMove(*row) for row in rows)


def stage_history(session: Session, actor: User, youth_id: int) -> list[StageMove]:
    """Every stage move of the youth, newest first, with who made it and why. Views by
    others than the youth are audited. Raises NotFound (out of scope), Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    history = list(_history(session, youth_id))
    if actor.id != youth_id:
        record_event(
            session, "youth.view", actor=actor, youth_id=youth_id, target_type="user",
            target_id=youth_id, section="stage_history",
        )  # fmt: skip
    return history


def move_stage(
    session: Session,
    actor: User,
    youth_id: int,
    to_stage: str,
    reason: str,
    *,
    expected_stage: str | None = None,
) -> StageChange:
    """Move the youth to another stage with a reason (5–500 characters), keeping the move in
    the history; audited. ``expected_stage`` is the stage the form showed: when the youth has
    moved since, the move is refused — unless it is this very move by the same person (a
    form sent twice), which is returned as it is. Raises NotFound, Forbidden,
    ValidationFailed(to_stage=…, reason=…)."""
    require(session, actor, Action.MOVE_STAGE, youth_id)
    profile = session.scalar(
        select(YouthProfile).where(YouthProfile.user_id == youth_id).with_for_update()
    )
    if profile is None:
        raise NotFound("youth")
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if to_stage not in STAGES:
        errors["to_stage"] = [N_("Choose one of: %(stages)s.", stages=", ".join(STAGES))]
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        errors["reason"] = [
            N_(
                "Use %(reason_min)s to %(reason_max)s characters.",
                reason_min=REASON_MIN,
                reason_max=REASON_MAX,
            )
        ]
    current = profile.stage
    if expected_stage is not None and current != expected_stage:
        latest = session.scalar(
            select(StageChange)
            .where(StageChange.youth_id == youth_id)
            .order_by(StageChange.created_dt.desc(), StageChange.id.desc())
            .limit(1)
        )
        if (
            latest is not None
            and current == to_stage
            and (latest.from_stage, latest.to_stage) == (expected_stage, to_stage)
            and latest.changed_by_id == actor.id
        ):
            return latest
        errors.setdefault("to_stage", []).append(
            N_(
                "The youth was moved to %(current)s after this page opened. Check and try again.",
                current=STAGE_NAMES.get(current, current),
            )
        )
    elif to_stage == current:
        errors.setdefault("to_stage", []).append(
            N_("The youth is in this stage already: choose another one.")
        )
    if errors:
        raise ValidationFailed(errors)
    change = StageChange(
        youth_id=youth_id,
        from_stage=current,
        to_stage=to_stage,
        reason=reason,
        changed_by_id=actor.id,
    )
    session.add(change)
    profile.stage = to_stage
    session.flush()
    record_event(
        session, "progress.move_stage", actor=actor, youth_id=youth_id,
        target_type="stage_change", target_id=change.id, from_stage=current, to_stage=to_stage,
    )  # fmt: skip
    return change
