"""A youth's latest finished interest inventory in plain terms: its top areas by name, the
Holland code and the career clusters its answers match best (for the plan and the portfolio)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.assessments.models import AssessmentAttempt, Instrument
from ccl_youth.assessments.scoring import ScoreResult
from ccl_youth.careers.matches import cluster_names, matches_for_scores

TOP_CLUSTERS = 3


@dataclass(frozen=True, slots=True)
class LatestInterests:
    instrument_title: str
    finished_dt: datetime
    holland_code: str
    #: area names, highest first
    top_areas: tuple[str, ...]
    #: the best-matched clusters' names, best first (empty when the scores cannot rank them)
    clusters: tuple[str, ...]


def latest_interests(session: Session, youth_id: int) -> LatestInterests | None:
    """The latest finished interest inventory of the youth, or None (4 statements at most)."""
    row = session.execute(
        select(AssessmentAttempt, Instrument)
        .join(Instrument, Instrument.id == AssessmentAttempt.instrument_id)
        .where(
            AssessmentAttempt.youth_id == youth_id,
            AssessmentAttempt.status == "completed",
            Instrument.kind == "riasec",
        )
        .order_by(AssessmentAttempt.completed_dt.desc(), AssessmentAttempt.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    attempt, instrument = row
    names = {str(area["code"]): str(area.get("name") or area["code"]) for area in instrument.areas}
    result = ScoreResult.from_json(attempt.scores or {})
    code = attempt.holland_code or result.holland_code
    clusters: tuple[str, ...] = ()
    matched = matches_for_scores(session, result.scores)
    if matched.is_ranked:
        keys = [c.cluster for c in matched.top_clusters[:TOP_CLUSTERS]]
        found = cluster_names(session, [k for k in keys if isinstance(k, int)])
        clusters = tuple(found[k].name for k in keys if isinstance(k, int) and k in found)
    return LatestInterests(
        instrument_title=instrument.title,
        finished_dt=attempt.completed_dt or attempt.started_dt,
        holland_code=code,
        top_areas=tuple(names.get(letter, letter) for letter in code),
        clusters=clusters,
    )
