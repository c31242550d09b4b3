"""Loading a youth's experience timeline for the youth, staff and admins in scope, linked
family members (shared reflections only) and API tokens.

After the access check, the same eight queries whatever the number of activities and whatever
is on the page: three read every entry's key, five the chosen page's details (they run even
for an empty id list, so the count never depends on the data). Views by anyone but the youth
are audited. No Flask: the catalog comes in as a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, not_, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.careers.models import CareerCluster, Occupation
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role
from ccl_youth.experiences.models import Activity, ActivityCluster, Participation, Reflection
from ccl_youth.partners.models import Partner, RoleModel
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.reflections import timeline as tl


@dataclass(frozen=True)
class YouthTimeline:
    youth_id: int
    display_name: str
    timeline: tl.Timeline
    #: Family members see only the reflections the youth shared with them.
    shared_only: bool


def youth_timeline(
    session: Session,
    actor: User,
    youth_id: int,
    catalog: ExperienceCatalog,
    page: int = 1,
    page_size: int = tl.PAGE_SIZE,
) -> YouthTimeline:
    """One page of a youth's timeline for anyone who may view the youth; family members get
    only shared reflections. Views by others than the youth are audited. Raises NotFound
    (out of scope), Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    youth = session.get(User, youth_id)
    if youth is None:
        raise NotFound("youth")
    shared_only = actor.role == Role.FAMILY.value
    reflection_filter: list[ColumnElement[bool]] = [Reflection.youth_id == youth_id]
    if shared_only:
        reflection_filter.append(Reflection.is_shared_with_family.is_(True))

    attended = session.execute(
        select(Activity.id, Activity.activity_date, Participation.minutes)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(
            Participation.youth_id == youth_id, Activity.organization_id == youth.organization_id
        )
    ).all()
    placed = session.execute(
        select(Placement.id, Placement.start_date).where(
            Placement.youth_id == youth_id, Placement.organization_id == youth.organization_id
        )
    ).all()
    mine = (
        select(Participation.activity_id)
        .join(Activity, Activity.id == Participation.activity_id)
        .where(
            Participation.youth_id == youth_id, Activity.organization_id == youth.organization_id
        )
    )
    placed_ids = select(Placement.id).where(
        Placement.youth_id == youth_id, Placement.organization_id == youth.organization_id
    )
    loose = session.execute(
        select(Reflection.id, Reflection.created_dt).where(
            *reflection_filter,
            not_(and_(Reflection.activity_id.is_not(None), Reflection.activity_id.in_(mine))),
            not_(
                and_(Reflection.placement_id.is_not(None), Reflection.placement_id.in_(placed_ids))
            ),
        )
    ).all()
    keys = [tl.EntryKey(tl.ACTIVITY, day, activity_id) for activity_id, day, _m in attended]
    keys += [tl.EntryKey(tl.PLACEMENT, day, placement_id) for placement_id, day in placed]
    keys += [tl.EntryKey(tl.REFLECTION, dt.date(), reflection_id) for reflection_id, dt in loose]
    chosen, total = tl.choose_page(keys, page, page_size)
    minutes = {activity_id: m for activity_id, _day, m in attended}
    activity_ids = [k.id for k in chosen if k.kind == tl.ACTIVITY]
    placement_ids = [k.id for k in chosen if k.kind == tl.PLACEMENT]
    loose_ids = [k.id for k in chosen if k.kind == tl.REFLECTION]

    timeline = tl.assemble(
        chosen,
        total,
        page,
        page_size,
        activities=_activities(session, activity_ids, minutes),
        clusters=_clusters(session, activity_ids),
        placements=_placements(session, placement_ids),
        hours=_hours(session, placement_ids),
        reflections=_reflections(
            session, reflection_filter, activity_ids, placement_ids, loose_ids
        ),
        type_names=catalog.type_names(),
    )
    if actor.id != youth_id:
        record_event(
            session, "youth.view", actor=actor, youth_id=youth_id, target_type="user",
            target_id=youth_id, section="experiences", page=page,
        )  # fmt: skip
    return YouthTimeline(youth.id, youth.display_name, timeline, shared_only)


def _activities(
    session: Session, ids: Sequence[int], minutes: dict[int, int]
) -> dict[int, tl.ActivityRow]:
    rows = session.execute(
        select(
            Activity.id,
            Activity.type_slug,
            Activity.title,
            Activity.activity_date,
            Partner.name,
            RoleModel.id,
            RoleModel.display_name,
            RoleModel.story,
            Occupation.title,
        )
        .outerjoin(Partner, Partner.id == Activity.partner_id)
        .outerjoin(RoleModel, RoleModel.id == Activity.role_model_id)
        .outerjoin(Occupation, Occupation.id == RoleModel.occupation_id)
        .where(Activity.id.in_(ids))
    ).all()
    return {
        row[0]: tl.ActivityRow(
            id=row[0],
            type_slug=row[1],
            title=row[2],
            activity_date=row[3],
            minutes=minutes[row[0]],
            partner_name=row[4],
            role_model=tl.RoleModelCard(row[6], row[8] or "", row[7]) if row[5] else None,
        )
        for row in rows
    }


def _clusters(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for activity_id, name in session.execute(
        select(ActivityCluster.activity_id, CareerCluster.name)
        .join(CareerCluster, CareerCluster.id == ActivityCluster.cluster_id)
        .where(ActivityCluster.activity_id.in_(ids))
        .order_by(CareerCluster.name)
    ):
        found.setdefault(activity_id, []).append(name)
    return found


def _placements(session: Session, ids: Sequence[int]) -> dict[int, tl.PlacementRow]:
    rows = session.execute(
        select(
            Placement.id,
            Placement.type_slug,
            Placement.title,
            Partner.name,
            Placement.status,
            Placement.start_date,
            Placement.end_date,
        )
        .outerjoin(Partner, Partner.id == Placement.partner_id)
        .where(Placement.id.in_(ids))
    ).all()
    return {row[0]: tl.PlacementRow(*row) for row in rows}


def _hours(session: Session, ids: Sequence[int]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    for placement_id, status, minutes in session.execute(
        select(HoursEntry.placement_id, HoursEntry.status, func.sum(HoursEntry.minutes))
        .where(HoursEntry.placement_id.in_(ids))
        .group_by(HoursEntry.placement_id, HoursEntry.status)
    ):
        found.setdefault(placement_id, {})[status] = int(minutes or 0)
    return found


def _reflections(
    session: Session,
    criteria: list[ColumnElement[bool]],
    activity_ids: Sequence[int],
    placement_ids: Sequence[int],
    loose_ids: Sequence[int],
) -> list[tl.ReflectionRow]:
    rows = session.scalars(
        select(Reflection).where(
            *criteria,
            Reflection.activity_id.in_(activity_ids)
            | Reflection.placement_id.in_(placement_ids)
            | Reflection.id.in_(loose_ids),
        )
    )
    return [
        tl.ReflectionRow(
            id=r.id,
            activity_id=r.activity_id,
            placement_id=r.placement_id,
            prompt_id=r.prompt_id,
            prompt_text=r.prompt_text,
            when=r.when,
            answer=r.answer,
            is_shared_with_family=r.is_shared_with_family,
            created_dt=r.created_dt,
            updated_dt=r.updated_dt,
        )
        for r in rows
    ]
