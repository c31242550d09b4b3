"""A youth's skill levels, derived from what staff and supervisors confirmed: the level each
tagged skill of a *verified* piece of evidence was verified at, and each rating of a
*submitted* supervisor evaluation. Submitted or returned evidence and open or cancelled
evaluations do not count.

Pure queries for other features (progress facts, badges, the growth pages, the API): no
access check here, so callers check first (``core.policies.require(…, Action.VIEW_YOUTH, …)``
or a scope from ``core.scoping``). A fixed number of statements whatever the number of youth
or records. Levels are 1 (Emerging) to 4 (Advanced); anything else in the tables is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.orm import Session

from ccl_youth.placements.models import Evaluation, EvaluationRating
from ccl_youth.skills.models import Evidence, EvidenceSkill

EVIDENCE: Literal["evidence"] = "evidence"
EVALUATION: Literal["evaluation"] = "evaluation"
LOWEST, HIGHEST = 1, 4


@dataclass(frozen=True, slots=True)
class LevelPoint:
    """One confirmed level of one skill: when (the evidence's ``reviewed_dt`` or the
    evaluation's ``submitted_dt``), from what (``source``) and which one (``source_id``: the
    evidence's or the evaluation's id)."""

    skill_slug: str
    level: int
    dt: datetime
    source: Literal["evidence", "evaluation"]
    source_id: int


def _evidence_levels() -> Select[int, str, int | None]:
    return (
        select(
            Evidence.youth_id.label("youth_id"),
            EvidenceSkill.skill_slug.label("skill_slug"),
            EvidenceSkill.level.label("level"),
        )
        .join(EvidenceSkill, EvidenceSkill.evidence_id == Evidence.id)
        .where(Evidence.status == "verified", EvidenceSkill.level.between(LOWEST, HIGHEST))
    )


def _evaluation_levels() -> Select[int, str, int]:
    return (
        select(
            Evaluation.youth_id.label("youth_id"),
            EvaluationRating.skill_slug.label("skill_slug"),
            EvaluationRating.level.label("level"),
        )
        .join(EvaluationRating, EvaluationRating.evaluation_id == Evaluation.id)
        .where(Evaluation.status == "submitted", EvaluationRating.level.between(LOWEST, HIGHEST))
    )


def skill_levels(session: Session, youth_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Youth id → skill slug → the highest level confirmed by verified evidence or a
    submitted supervisor evaluation. Youth with no confirmed level are left out. One
    statement for any number of youth (none for an empty list). No access check."""
    ids = sorted(set(youth_ids))
    if not ids:
        return {}
    both = union_all(
        _evidence_levels().where(Evidence.youth_id.in_(ids)),
        _evaluation_levels().where(Evaluation.youth_id.in_(ids)),
    ).subquery()
    rows = session.execute(
        select(both.c.youth_id, both.c.skill_slug, func.max(both.c.level)).group_by(
            both.c.youth_id, both.c.skill_slug
        )
    )
    levels: dict[int, dict[str, int]] = {}
    for youth_id, slug, level in rows:
        levels.setdefault(int(youth_id), {})[slug] = int(level)
    return levels


def skill_history(session: Session, youth_id: int) -> list[LevelPoint]:
    """Every confirmed level of one youth, oldest first (ties: evidence before evaluations,
    then by id and skill). Two statements. No access check."""
    evidence = session.execute(
        select(
            Evidence.id,
            Evidence.reviewed_dt,
            Evidence.updated_dt,
            EvidenceSkill.skill_slug,
            EvidenceSkill.level,
        )  # fmt: skip
        .join(EvidenceSkill, EvidenceSkill.evidence_id == Evidence.id)
        .where(
            Evidence.youth_id == youth_id,
            Evidence.status == "verified",
            EvidenceSkill.level.between(LOWEST, HIGHEST),
        )
    ).all()
    evaluations = session.execute(
        select(
            Evaluation.id,
            Evaluation.submitted_dt,
            Evaluation.created_dt,
            EvaluationRating.skill_slug,
            EvaluationRating.level,
        )  # fmt: skip
        .join(EvaluationRating, EvaluationRating.evaluation_id == Evaluation.id)
        .where(
            Evaluation.youth_id == youth_id,
            Evaluation.status == "submitted",
            EvaluationRating.level.between(LOWEST, HIGHEST),
        )
    ).all()
    # The services always set the review and submission times; the fallbacks only keep an
    # odd row (made by hand) from breaking the sort.
    points = [
        LevelPoint(slug, int(level or 0), reviewed or updated, EVIDENCE, evidence_id)
        for evidence_id, reviewed, updated, slug, level in evidence
    ] + [
        LevelPoint(slug, int(level), submitted or created, EVALUATION, evaluation_id)
        for evaluation_id, submitted, created, slug, level in evaluations
    ]
    points.sort(key=lambda p: (p.dt, p.source != EVIDENCE, p.source_id, p.skill_slug))
    return points


def current_levels(points: Sequence[LevelPoint]) -> dict[str, int]:
    """Skill slug → the highest level among ``points`` (what ``skill_levels`` gives for the
    youth whose history they are)."""
    levels: dict[str, int] = {}
    for point in points:
        levels[point.skill_slug] = max(point.level, levels.get(point.skill_slug, 0))
    return levels
