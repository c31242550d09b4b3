"""What a youth answers about: an activity they attended or one of their own placements, the
prompt chosen, the prompts asked about it today, and the youth's answer if there is one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.core.content_experiences import ExperienceCatalog, ReflectionPrompt
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.experiences.models import Activity, Participation, Reflection
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import Placement
from ccl_youth.reflections.asking import asked_prompts, placement_whens, prompts_for_whens
from ccl_youth.reflections.pending import youth_stage

ACTIVITY, PLACEMENT = "activity", "placement"


@dataclass(frozen=True)
class PromptTarget:
    """What the youth answers about (an activity they attended, or one of their placements)
    and the prompt asked about it: None when the prompt is not one of ``choices``, the
    prompts asked of this youth about it today."""

    kind: str
    about_id: int
    title: str
    #: The activity's date or the placement's start date.
    day: date
    #: Placements: the partner's name, else the placement's title.
    place: str | None
    type_slug: str
    prompt: ReflectionPrompt | None
    choices: tuple[ReflectionPrompt, ...]
    existing_id: int | None

    @property
    def column(self) -> str:
        """The reflection column that points at what this is about."""
        return "activity_id" if self.kind == ACTIVITY else "placement_id"


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


def _existing_id(
    session: Session, youth: User, column: str, about_id: int, prompt_id: str
) -> int | None:
    return session.scalar(
        select(Reflection.id).where(
            Reflection.youth_id == youth.id,
            getattr(Reflection, column) == about_id,
            Reflection.prompt_id == prompt_id,
        )
    )


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
    stage = youth_stage(session, youth)
    choices = asked_prompts(catalog, activity.type_slug, stage, activity.activity_date, today)
    return PromptTarget(
        kind=ACTIVITY,
        about_id=activity.id,
        title=activity.title,
        day=activity.activity_date,
        place=None,
        type_slug=activity.type_slug,
        prompt=next((p for p in choices if p.id == prompt_id), None),
        choices=choices,
        existing_id=_existing_id(session, youth, "activity_id", activity.id, prompt_id),
    )


def open_placement_prompt(
    session: Session,
    youth: User,
    catalog: ExperienceCatalog,
    placement_id: int,
    prompt_id: str,
    today: date,
) -> PromptTarget:
    """One of the youth's own placements and the prompt to answer about it, with the youth's
    answer to it if there is one. Raises NotFound (not their placement), Forbidden."""
    require(session, youth, Action.REFLECT, youth.id)
    placement = session.execute(
        select(
            Placement.id,
            Placement.title,
            Placement.type_slug,
            Placement.status,
            Placement.start_date,
            Placement.end_date,
            Placement.updated_dt,
            Partner.name,
        )
        .outerjoin(Partner, Partner.id == Placement.partner_id)
        .where(
            Placement.id == placement_id,
            Placement.youth_id == youth.id,
            Placement.organization_id == youth.organization_id,
        )
    ).first()
    if placement is None:
        raise NotFound("placement")
    pid, title, type_slug, status, start, end, updated_dt, partner = placement
    whens = placement_whens(status, start, end, updated_dt.date(), today)
    choices = prompts_for_whens(catalog, type_slug, youth_stage(session, youth), whens)
    return PromptTarget(
        kind=PLACEMENT,
        about_id=pid,
        title=title,
        day=start,
        place=partner or title,
        type_slug=type_slug,
        prompt=next((p for p in choices if p.id == prompt_id), None),
        choices=choices,
        existing_id=_existing_id(session, youth, "placement_id", pid, prompt_id),
    )
