"""Loading what the skill pages and the API show: a youth's growth (confirmed levels over
time, current levels, their evidence) and one piece of evidence for a reviewer. Access is
checked here; the number of statements never depends on the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role
from ccl_youth.experiences.models import Activity
from ccl_youth.placements.models import Evaluation, Placement
from ccl_youth.skills.levels import EVALUATION, LevelPoint, current_levels, skill_history
from ccl_youth.skills.models import Evidence
from ccl_youth.skills.review import skills_by_evidence
from ccl_youth.skills.services import get_evidence

#: Evidence listed on a growth page at most (the newest first).
EVIDENCE_LIMIT = 200


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    youth_id: int
    kind: str
    title: str
    body: str
    url: str
    filename: str
    content_type: str
    size: int
    status: str
    review_comment: str
    activity_id: int | None
    activity_title: str
    placement_id: int | None
    placement_title: str
    created_by_id: int | None
    created_dt: datetime
    updated_dt: datetime
    reviewed_dt: datetime | None
    #: (skill slug, verified level or None), by slug.
    skills: tuple[tuple[str, int | None], ...]


def evidence_rows(session: Session, *criteria: Any, limit: int | None = None) -> list[EvidenceRow]:
    """Evidence matching ``criteria``, newest first, with the titles of what it is tied to
    and its skills (two statements). No access check: callers narrow ``criteria``."""
    query = (
        select(Evidence, Activity.title, Placement.title)
        .outerjoin(Activity, Activity.id == Evidence.activity_id)
        .outerjoin(Placement, Placement.id == Evidence.placement_id)
        .where(*criteria)
        .order_by(Evidence.created_dt.desc(), Evidence.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    skills = skills_by_evidence(session, [e.id for e, _a, _p in rows])
    return [
        EvidenceRow(
            id=e.id,
            youth_id=e.youth_id,
            kind=e.kind,
            title=e.title,
            body=e.body,
            url=e.url,
            filename=e.filename,
            content_type=e.content_type,
            size=e.size,
            status=e.status,
            review_comment=e.review_comment,
            activity_id=e.activity_id,
            activity_title=activity or "",
            placement_id=e.placement_id,
            placement_title=placement or "",
            created_by_id=e.created_by_id,
            created_dt=e.created_dt,
            updated_dt=e.updated_dt,
            reviewed_dt=e.reviewed_dt,
            skills=tuple(skills.get(e.id, ())),
        )  # fmt: skip
        for e, activity, placement in rows
    ]


@dataclass(frozen=True)
class SkillGrowth:
    youth_id: int
    display_name: str
    grade: int
    #: Skill slug → highest confirmed level.
    levels: dict[str, int]
    #: Every confirmed level, oldest first.
    history: list[LevelPoint]
    #: The youth's evidence, newest first (at most EVIDENCE_LIMIT); empty for family members.
    evidence: list[EvidenceRow]
    #: False for family members: evidence is the youth's and staff's, not shared with family.
    shows_evidence: bool
    #: Evaluation id → the title of the placement it rated (empty for family members).
    evaluation_titles: dict[int, str]


def skill_growth(session: Session, actor: User, youth_id: int) -> SkillGrowth:
    """A youth's skill growth for anyone who may view the youth; family members get the
    levels but not the evidence. Views by others than the youth are audited. Raises NotFound
    (out of scope), Forbidden. Six statements after the access check (three for family
    members), plus the audit event."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    found = session.execute(
        select(User.display_name, YouthProfile.grade)
        .join(YouthProfile, YouthProfile.user_id == User.id)
        .where(User.id == youth_id)
    ).first()
    if found is None:
        raise NotFound("youth")
    name, grade = found
    history = skill_history(session, youth_id)
    shows_evidence = actor.role != Role.FAMILY.value
    evidence: list[EvidenceRow] = []
    titles: dict[int, str] = {}
    if shows_evidence:
        evidence = evidence_rows(session, Evidence.youth_id == youth_id, limit=EVIDENCE_LIMIT)
        evaluation_ids = sorted({p.source_id for p in history if p.source == EVALUATION})
        titles = dict(
            session.execute(
                select(Evaluation.id, Placement.title)
                .join(Placement, Placement.id == Evaluation.placement_id)
                .where(Evaluation.id.in_(evaluation_ids))
            ).all()
        )
    if actor.id != youth_id:
        record_event(
            session, "youth.view", actor=actor, youth_id=youth_id, target_type="user",
            target_id=youth_id, section="skills",
        )  # fmt: skip
    return SkillGrowth(
        youth_id=youth_id,
        display_name=name,
        grade=grade,
        levels=current_levels(history),
        history=history,
        evidence=evidence,
        shows_evidence=shows_evidence,
        evaluation_titles=titles,
    )


@dataclass(frozen=True)
class EvidenceDetail:
    row: EvidenceRow
    youth_name: str
    grade: int


def evidence_detail(
    session: Session, actor: User, evidence_id: int, action: Action = Action.VERIFY_EVIDENCE
) -> EvidenceDetail:
    """One piece of evidence with its youth's name and grade, for a reviewer (audited).
    Raises NotFound/Forbidden."""
    evidence = get_evidence(session, actor, evidence_id, action)
    (row,) = evidence_rows(session, Evidence.id == evidence.id)
    name, grade = session.execute(
        select(User.display_name, YouthProfile.grade)
        .join(YouthProfile, YouthProfile.user_id == User.id)
        .where(User.id == evidence.youth_id)
    ).one()
    if actor.id != evidence.youth_id:
        record_event(
            session, "evidence.view", actor=actor, youth_id=evidence.youth_id,
            target_type="evidence", target_id=evidence.id,
        )  # fmt: skip
    return EvidenceDetail(row=row, youth_name=name, grade=grade)
