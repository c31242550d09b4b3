"""Careers that match a youth's interests: the catalog from the database, ranked by
:func:`ccl_youth.careers.matching.rank_occupations`. No Flask; the caller passes the session and
the acting user, and every path to a youth's scores goes through the access policy."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.assessments.scoring import ScoreResult
from ccl_youth.assessments.services import latest_result
from ccl_youth.careers.matching import MatchResult, OccupationProfile, rank_occupations
from ccl_youth.careers.models import CareerCluster, Occupation, OccupationCluster

#: Matched clusters are those of the modernized 2024 framework, top level only.
CLUSTER_FRAMEWORK = "ncc_2024"


@dataclass(frozen=True)
class ClusterName:
    id: int
    code: str
    name: str


def occupation_profiles(
    session: Session, framework: str = CLUSTER_FRAMEWORK
) -> list[OccupationProfile]:
    """Every occupation as a matching profile with its top-level clusters of ``framework``
    (cluster ids), in two queries of plain tuples."""
    clusters: dict[int, list[int]] = {}
    for occupation_id, cluster_id in session.execute(
        select(OccupationCluster.occupation_id, OccupationCluster.cluster_id)
        .join(CareerCluster, CareerCluster.id == OccupationCluster.cluster_id)
        .where(CareerCluster.framework == framework, CareerCluster.kind == "cluster")
        .order_by(OccupationCluster.occupation_id, OccupationCluster.cluster_id)
    ):
        clusters.setdefault(occupation_id, []).append(cluster_id)
    rows = session.execute(
        select(
            Occupation.id,
            Occupation.soc_code,
            Occupation.title,
            Occupation.job_zone,
            Occupation.education_level,
            Occupation.riasec_r,
            Occupation.riasec_i,
            Occupation.riasec_a,
            Occupation.riasec_s,
            Occupation.riasec_e,
            Occupation.riasec_c,
        ).order_by(Occupation.id)
    )
    return [
        OccupationProfile(
            id=row[0],
            soc_code=row[1],
            title=row[2],
            job_zone=row[3],
            education_level=row[4],
            riasec=(row[5], row[6], row[7], row[8], row[9], row[10]),
            clusters=tuple(clusters.get(row[0], ())),
        )
        for row in rows
    ]


def matches_for_scores(
    session: Session,
    scores: Mapping[str, float | None],
    *,
    job_zones: Collection[int] | None = None,
    max_education_level: int | None = None,
) -> MatchResult:
    """Rank the catalog for RIASEC area scores (0–100; ``None`` for an unreported area).
    The caller has already checked that the actor may see these scores."""
    return rank_occupations(
        scores,
        occupation_profiles(session),
        job_zones=job_zones,
        max_education_level=max_education_level,
    )


def matches_for_youth(
    session: Session,
    actor: User,
    youth_id: int,
    *,
    job_zones: Collection[int] | None = None,
    max_education_level: int | None = None,
) -> MatchResult | None:
    """Careers matched to the youth's latest interest result, or None when the youth has not
    finished an interest inventory. Raises NotFound when the youth is outside the actor's
    scope."""
    found = latest_result(session, actor, youth_id)
    if found is None:
        return None
    attempt, _instrument = found
    result = ScoreResult.from_json(attempt.scores or {})
    return matches_for_scores(
        session, result.scores, job_zones=job_zones, max_education_level=max_education_level
    )


def cluster_names(session: Session, cluster_ids: Collection[int]) -> dict[int, ClusterName]:
    """Code and name of each cluster id (one query; none for an empty collection)."""
    if not cluster_ids:
        return {}
    rows = session.execute(
        select(CareerCluster.id, CareerCluster.code, CareerCluster.name).where(
            CareerCluster.id.in_(sorted(cluster_ids))
        )
    )
    return {row[0]: ClusterName(row[0], row[1], row[2]) for row in rows}
