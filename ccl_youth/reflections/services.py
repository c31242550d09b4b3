"""Reflections: what a youth still has to answer, answering, editing and sharing with family.

Every function takes the session and the acting youth (checked for ``Action.REFLECT``),
flushes, never commits. Audit events carry ids and field names, never the youth's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Row, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog, ReflectionPrompt
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.db import utcnow
from ccl_youth.experiences.models import Activity, Participation, Reflection
from ccl_youth.reflections.answers import own_reflection

#: Activities attended this many days back (or later) still ask for reflections.
PENDING_WINDOW_DAYS = 60
ANSWER_MAX_LENGTH = 2000


@dataclass(frozen=True)
class PendingReflection:
    """One prompt the youth has not answered yet, for one activity they are on."""

    activity_id: int
    activity_title: str
    activity_date: date
    type_slug: str
    prompt_id: str
    prompt_text: str
    when: str


@dataclass(frozen=True)
class PromptTarget:
    """An attended activity and the prompt asked about it (None when the prompt is not one
    of ``choices``, the prompts this activity asks of this youth now)."""

    activity_id: int
    activity_title: str
    activity_date: date
    type_slug: str
    prompt: ReflectionPrompt | None
    choices: tuple[ReflectionPrompt, ...]
    existing_id: int | None


def asked_whens(activity_date: date, today: date) -> tuple[str, ...]:
    """ "pre" for an activity today or later, "post" for one today or earlier."""
    whens = []
    if activity_date >= today:
        whens.append("pre")
    if activity_date <= today:
        whens.append("post")
    return tuple(whens)


def asked_prompts(
    catalog: ExperienceCatalog, type_slug: str, stage: str, activity_date: date, today: date
) -> tuple[ReflectionPrompt, ...]:
    """The prompts an activity asks of a youth at ``stage`` on ``today``, pre before post."""
    return tuple(
        prompt
        for when in asked_whens(activity_date, today)
        for prompt in catalog.prompts_for(type_slug, stage, when)
    )


def _stage(session: Session, youth: User) -> str:
    stage = session.scalar(select(YouthProfile.stage).where(YouthProfile.user_id == youth.id))
    if stage is None:
        raise NotFound("youth")
    return stage


def pending_reflections(
    session: Session, youth: User, catalog: ExperienceCatalog, today: date
) -> list[PendingReflection]:
    """Unanswered prompts of the activities the youth attended in the last
    ``PENDING_WINDOW_DAYS`` days ("post") or is on today or later ("pre"), newest activity
    first; four statements however many activities. Raises NotFound, Forbidden."""
    require(session, youth, Action.REFLECT, youth.id)
    stage = _stage(session, youth)
    cutoff = today - timedelta(days=PENDING_WINDOW_DAYS)
    activities = session.execute(
        select(Activity.id, Activity.title, Activity.activity_date, Activity.type_slug)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(
            Participation.youth_id == youth.id,
            Activity.organization_id == youth.organization_id,
            Activity.activity_date >= cutoff,
        )
        .order_by(Activity.activity_date.desc(), Activity.id.desc())
    ).all()
    answered: set[tuple[int | None, str]] = set(
        session.execute(
            select(Reflection.activity_id, Reflection.prompt_id)
            .join(Activity, Activity.id == Reflection.activity_id)
            .where(Reflection.youth_id == youth.id, Activity.activity_date >= cutoff)
        ).all()
    )
    return [
        PendingReflection(
            activity_id=activity_id,
            activity_title=title,
            activity_date=day,
            type_slug=type_slug,
            prompt_id=prompt.id,
            prompt_text=prompt.text,
            when=prompt.when,
        )
        for activity_id, title, day, type_slug in activities
        for prompt in asked_prompts(catalog, type_slug, stage, day, today)
        if (activity_id, prompt.id) not in answered
    ]


def _attended_activity(session: Session, youth: User, activity_id: int) -> Row:
    row = session.execute(
        select(Activity.id, Activity.title, Activity.activity_date, Activity.type_slug)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(
            Activity.id == activity_id,
            Activity.organization_id == youth.organization_id,
            Participation.youth_id == youth.id,
        )
    ).first()
    if row is None:
        raise NotFound("activity")
    return row


def open_prompt(
    session: Session,
    youth: User,
    catalog: ExperienceCatalog,
    activity_id: int,
    prompt_id: str,
    today: date,
) -> PromptTarget:
    """The activity (one the youth attended) and the prompt to answer about it, with the
    youth's answer to it if there is one. Raises NotFound, Forbidden."""
    require(session, youth, Action.REFLECT, youth.id)
    activity = _attended_activity(session, youth, activity_id)
    stage = _stage(session, youth)
    choices = asked_prompts(catalog, activity.type_slug, stage, activity.activity_date, today)
    prompt = next((p for p in choices if p.id == prompt_id), None)
    existing_id = session.scalar(
        select(Reflection.id).where(
            Reflection.youth_id == youth.id,
            Reflection.activity_id == activity.id,
            Reflection.prompt_id == prompt_id,
        )
    )
    return PromptTarget(
        activity_id=activity.id,
        activity_title=activity.title,
        activity_date=activity.activity_date,
        type_slug=activity.type_slug,
        prompt=prompt,
        choices=choices,
        existing_id=existing_id,
    )


def _clean_answer(answer: str) -> str:
    text = (answer or "").strip()
    if not text:
        raise ValidationFailed(answer="Write your answer.")
    if len(text) > ANSWER_MAX_LENGTH:
        raise ValidationFailed(
            answer=f"Keep your answer to {ANSWER_MAX_LENGTH} characters or less."
        )
    return text


def _change(
    session: Session, youth: User, reflection: Reflection, answer: str, is_shared: bool
) -> None:
    """Apply an edit; one audit event naming the fields that changed (none: no event)."""
    changed = []
    if reflection.answer != answer:
        reflection.answer = answer
        changed.append("answer")
    if reflection.is_shared_with_family != is_shared:
        reflection.is_shared_with_family = is_shared
        changed.append("is_shared_with_family")
    if changed:
        record_event(
            session, "reflection.edit", actor=youth, youth_id=youth.id,
            target_type="reflection", target_id=reflection.id, fields=changed,
            shared=is_shared,
        )  # fmt: skip
    session.flush()


def answer_prompt(
    session: Session,
    youth: User,
    catalog: ExperienceCatalog,
    activity_id: int,
    prompt_id: str,
    answer: str,
    is_shared: bool,
    today: date,
) -> tuple[Reflection, bool]:
    """Save the youth's answer to a prompt of an activity they attended: (reflection, True)
    when new; a second answer to the same prompt updates the same row (False). Raises
    NotFound (not their activity), ValidationFailed(prompt=… | answer=…), Forbidden."""
    target = open_prompt(session, youth, catalog, activity_id, prompt_id, today)
    if target.prompt is None:
        raise ValidationFailed(prompt="This question is not one this activity asks you.")
    text = _clean_answer(answer)
    if target.existing_id is not None:
        reflection = session.get_one(Reflection, target.existing_id)
        _change(session, youth, reflection, text, is_shared)
        return reflection, False
    # ON CONFLICT DO NOTHING: the same answer sent twice at once makes one row; the second
    # request finds the first one's row and updates it.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    now = utcnow()
    reflection_id = session.scalar(
        insert(Reflection)
        .values(
            youth_id=youth.id,
            activity_id=target.activity_id,
            prompt_id=target.prompt.id,
            prompt_text=target.prompt.text,
            when=target.prompt.when,
            answer=text,
            is_shared_with_family=is_shared,
            created_dt=now,
            updated_dt=now,
        )
        .on_conflict_do_nothing(index_elements=["youth_id", "activity_id", "prompt_id"])
        .returning(Reflection.id)
    )
    if reflection_id is None:
        existing = session.scalars(
            select(Reflection).where(
                Reflection.youth_id == youth.id,
                Reflection.activity_id == target.activity_id,
                Reflection.prompt_id == target.prompt.id,
            )
        ).one()
        _change(session, youth, existing, text, is_shared)
        return existing, False
    reflection = session.get_one(Reflection, reflection_id)
    record_event(
        session, "reflection.create", actor=youth, youth_id=youth.id,
        target_type="reflection", target_id=reflection.id, activity_id=target.activity_id,
        prompt_id=target.prompt.id, when=target.prompt.when, shared=is_shared,
    )  # fmt: skip
    session.flush()
    return reflection, True


def edit_reflection(
    session: Session, youth: User, reflection_id: int, answer: str, is_shared: bool
) -> Reflection:
    """Change the youth's own answer and family sharing. Raises NotFound, Forbidden,
    ValidationFailed(answer=…)."""
    reflection = own_reflection(session, youth, reflection_id).reflection
    _change(session, youth, reflection, _clean_answer(answer), is_shared)
    return reflection


def share_reflection(
    session: Session, youth: User, reflection_id: int, is_shared: bool
) -> Reflection:
    """Let the youth's family read one reflection, or stop. Raises NotFound, Forbidden."""
    reflection = own_reflection(session, youth, reflection_id).reflection
    if reflection.is_shared_with_family != is_shared:
        reflection.is_shared_with_family = is_shared
        record_event(
            session, "reflection.share", actor=youth, youth_id=youth.id,
            target_type="reflection", target_id=reflection.id, shared=is_shared,
        )  # fmt: skip
        session.flush()
    return reflection
