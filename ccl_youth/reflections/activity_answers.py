"""An activity's reflections for the staff and admins who may view the activity: each
attendee's answers grouped by prompt, and who has not answered yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, select, true
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.core.scoping import youth_criteria
from ccl_youth.experiences.models import Activity, Participation, Reflection
from ccl_youth.reflections.asking import asked_prompts


@dataclass(frozen=True)
class Answer:
    youth_id: int
    youth_name: str
    answer: str
    is_shared_with_family: bool


@dataclass(frozen=True)
class PromptAnswers:
    prompt_id: str
    prompt_text: str
    when: str
    answers: list[Answer]


@dataclass(frozen=True)
class Waiting:
    """An attendee who has not answered every prompt asked of them."""

    youth_id: int
    youth_name: str
    answered: int
    asked: int


@dataclass(frozen=True)
class ActivityReflections:
    activity: Activity
    type_name: str
    prompts: list[PromptAnswers]
    waiting: list[Waiting]
    attendees: int
    #: Attendees outside the actor's cohorts: counted, never named, their words not shown.
    hidden_attendees: int

    @property
    def answer_count(self) -> int:
        return sum(len(p.answers) for p in self.prompts)


def activity_reflections(
    session: Session, actor: User, activity_id: int, catalog: ExperienceCatalog, today: date
) -> ActivityReflections:
    """Each attendee's answers grouped by prompt, and who has not answered yet, for staff and
    admins who may view the activity; only attendees the actor may see are shown. One audit
    event per view (activity id and how many answers). Raises NotFound, Forbidden."""
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound("activity")
    require(session, actor, Action.VIEW_ACTIVITY, activity)
    criteria = youth_criteria(actor)
    visible = and_(*criteria) if criteria else true()
    attendees = session.execute(
        select(
            Participation.youth_id,
            case((visible, User.display_name), else_=None),
            case((visible, YouthProfile.stage), else_=None),
        )
        .join(User, User.id == Participation.youth_id)
        .outerjoin(YouthProfile, YouthProfile.user_id == User.id)
        .where(Participation.activity_id == activity.id)
        .order_by(User.display_name, User.id)
    ).all()
    shown = [(youth_id, name, stage) for youth_id, name, stage in attendees if name is not None]
    names = {youth_id: name for youth_id, name, _stage in shown}
    answers = session.scalars(
        select(Reflection)
        .join(User, User.id == Reflection.youth_id)
        .where(Reflection.activity_id == activity.id, *criteria)
        .order_by(Reflection.created_dt, Reflection.id)
    ).all()

    grouped: dict[str, PromptAnswers] = {}
    asked_of: dict[int, set[str]] = {}
    for youth_id, _name, stage in shown:
        prompts = asked_prompts(
            catalog, activity.type_slug, stage or "", activity.activity_date, today
        )
        asked_of[youth_id] = {p.id for p in prompts}
        for prompt in prompts:
            grouped.setdefault(prompt.id, PromptAnswers(prompt.id, prompt.text, prompt.when, []))
    answered_by: dict[int, set[str]] = {}
    for reflection in answers:
        if reflection.youth_id not in names:
            continue  # no longer on the attendance list
        group = grouped.setdefault(
            reflection.prompt_id,
            PromptAnswers(reflection.prompt_id, reflection.prompt_text, reflection.when, []),
        )
        group.answers.append(
            Answer(
                reflection.youth_id,
                names[reflection.youth_id],
                reflection.answer,
                reflection.is_shared_with_family,
            )
        )
        answered_by.setdefault(reflection.youth_id, set()).add(reflection.prompt_id)
    waiting = [
        Waiting(youth_id, name, len(asked_of[youth_id] & answered_by.get(youth_id, set())),
                len(asked_of[youth_id]))
        for youth_id, name, _stage in shown
        if asked_of[youth_id] - answered_by.get(youth_id, set())
    ]  # fmt: skip
    result = ActivityReflections(
        activity=activity,
        type_name=catalog.type_names().get(activity.type_slug, activity.type_slug),
        prompts=sorted(grouped.values(), key=lambda p: p.when != "pre"),
        waiting=waiting,
        attendees=len(shown),
        hidden_attendees=len(attendees) - len(shown),
    )
    record_event(
        session, "activity.reflections_view", actor=actor, target_type="activity",
        target_id=activity.id, answers=result.answer_count, attendees=len(shown),
    )  # fmt: skip
    return result
