"""The records a youth's portfolio can show, read from the other features' tables: attended
activities and placements with the youth's reflections on them, evidence, standing badges,
favourite careers, goals and the latest interest result (skill growth: ``reading``).

No access check here: the services ask the policy first. A fixed number of statements
whatever the size of the record. The content catalogs come in as parameters (no Flask).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccl_youth.assessments.latest import latest_interests as latest_result
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers.models import FavoriteOccupation, Occupation
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.experiences.models import Activity, Participation, Reflection
from ccl_youth.goals.models import Goal
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.portfolio.layout import Entry, Interests, ReflectionText
from ccl_youth.skills.models import Evidence, EvidenceSkill

#: Placements that show: under way or over (a planned one has nothing to show yet).
PLACEMENT_STATUSES = ("active", "completed", "ended_early")
#: Evidence that can be picked (returned evidence cannot); only verified shows by default.
EVIDENCE_STATUSES = ("submitted", "verified")
#: How many matched career clusters the interests sentence names.


def _reflections(
    session: Session, youth_id: int, on: str, ids: Sequence[int], shared_only: bool
) -> dict[int, list[ReflectionText]]:
    """The youth's answers on these activities (``on`` "activity") or placements, "before"
    answers first."""
    found: dict[int, list[ReflectionText]] = defaultdict(list)
    if not ids:
        return found
    column = Reflection.activity_id if on == "activity" else Reflection.placement_id
    query = (
        select(column, Reflection.prompt_text, Reflection.answer)
        .where(Reflection.youth_id == youth_id, column.in_(ids))
        .order_by(column, Reflection.when.desc(), Reflection.id)
    )
    if shared_only:
        query = query.where(Reflection.is_shared_with_family.is_(True))
    for ref_id, prompt, answer in session.execute(query):
        if ref_id is not None:
            found[ref_id].append(ReflectionText(prompt, answer))
    return found


def activity_entries(
    session: Session,
    youth_id: int,
    organization_id: int,
    types: dict[str, str],
    shared_only: bool,
) -> list[Entry]:
    rows = session.execute(
        select(
            Activity.id,
            Activity.title,
            Activity.activity_date,
            Activity.type_slug,
            Participation.minutes,
            Partner.name,
        )
        .join(Participation, Participation.activity_id == Activity.id)
        .outerjoin(Partner, Partner.id == Activity.partner_id)
        .where(Participation.youth_id == youth_id, Activity.organization_id == organization_id)
    ).all()
    said = _reflections(session, youth_id, "activity", [r[0] for r in rows], shared_only)
    return [
        Entry(
            "activity",
            aid,
            title,
            day,
            facts=_words(types.get(slug, ""), partner),
            minutes=minutes,
            reflections=tuple(said.get(aid, ())),
        )
        for aid, title, day, slug, minutes, partner in rows
    ]


def placement_entries(
    session: Session,
    youth_id: int,
    organization_id: int,
    types: dict[str, str],
    shared_only: bool,
) -> list[Entry]:
    verified = (
        select(HoursEntry.placement_id, func.sum(HoursEntry.minutes).label("minutes"))
        .where(HoursEntry.youth_id == youth_id, HoursEntry.status == "verified")
        .group_by(HoursEntry.placement_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Placement.id,
            Placement.title,
            Placement.start_date,
            Placement.type_slug,
            Placement.status,
            Partner.name,
            verified.c.minutes,
        )
        .outerjoin(Partner, Partner.id == Placement.partner_id)
        .outerjoin(verified, verified.c.placement_id == Placement.id)
        .where(
            Placement.youth_id == youth_id,
            Placement.organization_id == organization_id,
            Placement.status.in_(PLACEMENT_STATUSES),
        )
    ).all()
    said = _reflections(session, youth_id, "placement", [r[0] for r in rows], shared_only)
    return [
        Entry(
            "placement",
            pid,
            title,
            day,
            facts=_words(types.get(slug, ""), partner),
            status=status,
            minutes=int(minutes or 0),
            reflections=tuple(said.get(pid, ())),
        )
        for pid, title, day, slug, status, partner, minutes in rows
    ]


def evidence_entries(
    session: Session, youth_id: int, recognition: RecognitionCatalog
) -> list[Entry]:
    rows = session.execute(
        select(
            Evidence.id,
            Evidence.title,
            Evidence.created_dt,
            Evidence.kind,
            Evidence.body,
            Evidence.url,
            Evidence.status,
        ).where(Evidence.youth_id == youth_id, Evidence.status.in_(EVIDENCE_STATUSES))
    ).all()
    skills: dict[int, list[str]] = defaultdict(list)
    ids = [row[0] for row in rows]
    if ids:
        for evidence_id, slug in session.execute(
            select(EvidenceSkill.evidence_id, EvidenceSkill.skill_slug)
            .where(EvidenceSkill.evidence_id.in_(ids))
            .order_by(EvidenceSkill.evidence_id, EvidenceSkill.skill_slug)
        ):
            skills[evidence_id].append(skill_name(recognition, slug))
    return [
        Entry(
            "evidence",
            eid,
            title,
            created.date(),
            facts=(", ".join(skills[eid]),) if skills[eid] else (),
            status=status,
            # An uploaded file shows by its title and description only: the file itself (and
            # its name, which may hold more than a first name) stays in the app.
            body=body,
            url=url if kind == "link" else "",
            is_default=status == "verified",
        )
        for eid, title, created, kind, body, url, status in rows
    ]


def badge_entries(session: Session, youth_id: int, recognition: RecognitionCatalog) -> list[Entry]:
    known = {badge.slug: badge for badge in recognition.badges}
    rows = session.execute(
        select(BadgeAward.id, BadgeAward.badge_slug, BadgeAward.awarded_dt).where(
            BadgeAward.youth_id == youth_id, BadgeAward.revoked_dt.is_(None)
        )
    ).all()
    return [
        Entry("badge_award", aid, known[slug].name, awarded.date(), body=known[slug].description)
        for aid, slug, awarded in rows
        if slug in known
    ]


def occupation_entries(session: Session, youth_id: int) -> list[Entry]:
    rows = session.execute(
        select(Occupation.id, Occupation.title, FavoriteOccupation.created_dt, Occupation.education)
        .join(FavoriteOccupation, FavoriteOccupation.occupation_id == Occupation.id)
        .where(FavoriteOccupation.youth_id == youth_id)
    ).all()
    return [
        Entry("occupation", oid, title, saved.date(), facts=_words(education))
        for oid, title, saved, education in rows
    ]


def goal_entries(session: Session, youth_id: int) -> list[Entry]:
    rows = session.execute(
        select(
            Goal.id, Goal.title, Goal.created_dt, Goal.completed_dt, Goal.status, Goal.why
        ).where(Goal.youth_id == youth_id, Goal.status != "dropped")
    ).all()
    return [
        Entry("goal", gid, title, (completed or created).date(), status=status, body=why)
        for gid, title, created, completed, status, why in rows
    ]


def latest_interests(session: Session, youth_id: int) -> Interests | None:
    """The latest finished interest inventory's top areas and best-matched clusters."""
    latest = latest_result(session, youth_id)
    if latest is None:
        return None
    return Interests(
        latest.instrument_title,
        latest.finished_dt.date(),
        latest.holland_code,
        latest.top_areas,
        latest.clusters,
    )


def candidates(
    session: Session,
    youth_id: int,
    organization_id: int,
    experiences: ExperienceCatalog,
    recognition: RecognitionCatalog,
    shared_only: bool = False,
) -> dict[str, list[Entry]]:
    """Every record the youth could show, by item kind. ``shared_only``: reflections the
    youth shared with family only."""
    types = experiences.type_names()
    return {
        "activity": activity_entries(session, youth_id, organization_id, types, shared_only),
        "placement": placement_entries(session, youth_id, organization_id, types, shared_only),
        "evidence": evidence_entries(session, youth_id, recognition),
        "badge_award": badge_entries(session, youth_id, recognition),
        "occupation": occupation_entries(session, youth_id),
        "goal": goal_entries(session, youth_id),
    }


def skill_name(recognition: RecognitionCatalog, slug: str) -> str:
    try:
        return recognition.skill(slug).name
    except KeyError:
        return slug


def _words(*parts: str | None) -> tuple[str, ...]:
    return tuple(part for part in parts if part)
