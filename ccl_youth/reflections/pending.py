"""What a youth still has to reflect on: prompts of the activities they attended and of their
work placements, not answered yet. Five statements however many of either."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.experiences.models import Activity, Participation, Reflection
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import Placement
from ccl_youth.reflections.asking import (
    ENDED_STATUSES,
    OPEN_STATUSES,
    PENDING_WINDOW_DAYS,
    asked_prompts,
    placement_ended_on,
    placement_whens,
    prompts_for_whens,
)


@dataclass(frozen=True)
class PendingReflection:
    """One prompt the youth has not answered yet, about an activity they attended
    (``activity_id``) or one of their placements (``placement_id``)."""

    activity_id: int | None
    placement_id: int | None
    #: The activity's or the placement's title.
    title: str
    #: The activity's date or the placement's start date.
    day: date
    #: Placements: where the youth works (the partner's name, else the placement's title).
    place: str | None
    type_slug: str
    prompt_id: str
    prompt_text: str
    when: str


def youth_stage(session: Session, youth: User) -> str:
    """The youth's stage, which chooses the prompts' words. Raises NotFound."""
    stage = session.scalar(select(YouthProfile.stage).where(YouthProfile.user_id == youth.id))
    if stage is None:
        raise NotFound("youth")
    return stage


def _placement_day(status: str, start: date, ended: date, today: date) -> date:
    """The day a placement's questions sort by: the day it ended, today while it goes on,
    its start while it has not started."""
    if status in ENDED_STATUSES:
        return min(ended, today)
    if status == "active":
        return max(start, today)
    return start


def pending_reflections(
    session: Session, youth: User, catalog: ExperienceCatalog, today: date
) -> list[PendingReflection]:
    """Unanswered prompts of the activities the youth attended in the last
    ``PENDING_WINDOW_DAYS`` days ("post") or is on today or later ("pre"), and of their
    placements (see ``asking.placement_whens``), the most recent first; the same statements
    however many activities and placements. Raises NotFound, Forbidden."""
    require(session, youth, Action.REFLECT, youth.id)
    stage = youth_stage(session, youth)
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
    # Open ones, and finished ones that may have ended inside the window; the rules in
    # ``placement_whens`` decide.
    placements = session.execute(
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
            Placement.youth_id == youth.id,
            Placement.organization_id == youth.organization_id,
            or_(
                Placement.status.in_(OPEN_STATUSES),
                and_(
                    Placement.status.in_(ENDED_STATUSES),
                    or_(
                        Placement.end_date >= cutoff,
                        Placement.updated_dt >= datetime.combine(cutoff, time.min, UTC),
                    ),
                ),
            ),
        )
        .order_by(Placement.start_date.desc(), Placement.id.desc())
    ).all()
    answered: set[tuple[int | None, int | None, str]] = set(
        session.execute(
            select(Reflection.activity_id, Reflection.placement_id, Reflection.prompt_id)
            .outerjoin(Activity, Activity.id == Reflection.activity_id)
            .where(
                Reflection.youth_id == youth.id,
                or_(Activity.activity_date >= cutoff, Reflection.placement_id.is_not(None)),
            )
        ).all()
    )
    found: list[tuple[date, PendingReflection]] = [
        (
            day,
            PendingReflection(
                activity_id=activity_id,
                placement_id=None,
                title=title,
                day=day,
                place=None,
                type_slug=type_slug,
                prompt_id=prompt.id,
                prompt_text=prompt.text,
                when=prompt.when,
            ),
        )
        for activity_id, title, day, type_slug in activities
        for prompt in asked_prompts(catalog, type_slug, stage, day, today)
        if (activity_id, None, prompt.id) not in answered
    ]
    for placement_id, title, type_slug, status, start, end, updated_dt, partner in placements:
        ended = placement_ended_on(end, updated_dt.date())
        whens = placement_whens(status, start, end, updated_dt.date(), today)
        found.extend(
            (
                _placement_day(status, start, ended, today),
                PendingReflection(
                    activity_id=None,
                    placement_id=placement_id,
                    title=title,
                    day=start,
                    place=partner or title,
                    type_slug=type_slug,
                    prompt_id=prompt.id,
                    prompt_text=prompt.text,
                    when=prompt.when,
                ),
            )
            for prompt in prompts_for_whens(catalog, type_slug, stage, whens)
            if (None, placement_id, prompt.id) not in answered
        )
    # Stable: on the same day activities stay first, each one's prompts in their order.
    found.sort(key=lambda item: -item[0].toordinal())
    return [item for _day, item in found]
