"""Reflections: answering a prompt about an activity the youth attended or one of their work
placements, editing and sharing with family. What is still to answer is in ``pending``.

Every function takes the session and the acting youth (checked for ``Action.REFLECT``),
flushes, never commits. Audit events carry ids and field names, never the youth's words.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.db import utcnow
from ccl_youth.experiences.models import Reflection
from ccl_youth.reflections.answers import own_reflection
from ccl_youth.reflections.pending import PendingReflection, pending_reflections
from ccl_youth.reflections.targets import (
    ACTIVITY,
    PLACEMENT,
    PromptTarget,
    open_placement_prompt,
    open_prompt,
)

# Opening a prompt and what is pending live in their own modules; they are reached from
# here too (views, and the demo data, use ``services``).
__all__ = [
    "PendingReflection",
    "PromptTarget",
    "answer_placement_prompt",
    "answer_prompt",
    "edit_reflection",
    "open_placement_prompt",
    "open_prompt",
    "pending_reflections",
    "share_reflection",
]

ANSWER_MAX_LENGTH = 2000
#: Why a prompt cannot be answered about this activity or placement (a field error).
NOT_ASKED = {
    ACTIVITY: N_("This question is not one this activity asks you."),
    PLACEMENT: N_("This question is not one we ask about this work now."),
}


def _clean_answer(answer: str) -> str:
    text = (answer or "").strip()
    if not text:
        raise ValidationFailed(answer=N_("Write your answer."))
    if len(text) > ANSWER_MAX_LENGTH:
        raise ValidationFailed(
            answer=N_(
                "Keep your answer to %(answer_max_length)s characters or less.",
                answer_max_length=ANSWER_MAX_LENGTH,
            )
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


def _save(
    session: Session, youth: User, target: PromptTarget, answer: str, is_shared: bool
) -> tuple[Reflection, bool]:
    if target.prompt is None:
        raise ValidationFailed(prompt=NOT_ASKED[target.kind])
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
            prompt_id=target.prompt.id,
            prompt_text=target.prompt.text,
            when=target.prompt.when,
            answer=text,
            is_shared_with_family=is_shared,
            created_dt=now,
            updated_dt=now,
            **{target.column: target.about_id},
        )
        .on_conflict_do_nothing(index_elements=["youth_id", target.column, "prompt_id"])
        .returning(Reflection.id)
    )
    if reflection_id is None:
        existing = session.scalars(
            select(Reflection).where(
                Reflection.youth_id == youth.id,
                getattr(Reflection, target.column) == target.about_id,
                Reflection.prompt_id == target.prompt.id,
            )
        ).one()
        _change(session, youth, existing, text, is_shared)
        return existing, False
    reflection = session.get_one(Reflection, reflection_id)
    about: dict[str, Any] = {target.column: target.about_id}
    record_event(
        session, "reflection.create", actor=youth, youth_id=youth.id,
        target_type="reflection", target_id=reflection.id, **about, prompt_id=target.prompt.id,
        when=target.prompt.when, shared=is_shared,
    )  # fmt: skip
    session.flush()
    return reflection, True


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
    return _save(session, youth, target, answer, is_shared)


def answer_placement_prompt(
    session: Session,
    youth: User,
    catalog: ExperienceCatalog,
    placement_id: int,
    prompt_id: str,
    answer: str,
    is_shared: bool,
    today: date,
) -> tuple[Reflection, bool]:
    """Save the youth's answer to a prompt asked now about one of their placements, as
    ``answer_prompt`` does for activities. Raises NotFound (not their placement),
    ValidationFailed(prompt=… | answer=…), Forbidden."""
    target = open_placement_prompt(session, youth, catalog, placement_id, prompt_id, today)
    return _save(session, youth, target, answer, is_shared)


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
