"""What the milestone and badge rules look at, loaded for many youth at once: one
``YouthFacts`` per youth (``ccl_youth.core.rules``) from their record.

The same statements run whatever the number of youth: every fact is one grouped query over
all the youth asked about (``GROUP BY youth_id, …``), never a query per youth. Ids go into
``IN`` clauses ``CHUNK`` at a time (SQLite and PostgreSQL both cap the parameters of one
statement), so up to ``CHUNK`` youth take one round of statements, 501–1,000 two rounds, and
so on; a cohort of 500 re-evaluated after a bulk activity is one round.

What counts, and why:

* assessments — completed attempts, by the instrument's kind (``riasec``, ``skills``);
* experiences — activities attended (a ``Participation``) of the youth's own organization,
  dated ``today`` or before (an activity logged ahead of time has not happened yet), by the
  activity's experience type; the type slugs are kept as stored, so an activity of a type
  since retired from the content still counts in totals;
* clusters — the distinct top-level career clusters of those activities: a pathway or
  sub-cluster counts as its parent cluster (the catalog is one level deep); both cluster
  frameworks count, each cluster by its own id;
* verified minutes and completed placements — hours entries verified by staff (worked on or
  before ``today``) and placements with status ``completed``, by placement type;
* skill levels — ``ccl_youth.skills.levels.skill_levels`` (verified evidence and submitted
  supervisor evaluations);
* reflections — answers by ``when`` (``pre`` / ``post``), and how many are shared with family;
* favorites — saved occupations; badges — awards not revoked;
  goals — the youth's goals with status ``completed``;
* grade and stage — the youth's profile; a stage the framework does not know (old data) is
  read as the grade's default stage.

No access check: callers check first (``progress_for`` asks the policy). Ids that are not
youth with a profile are left out of the answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from sqlalchemy import Select, and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.assessments.models import AssessmentAttempt, Instrument
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers.models import CareerCluster, FavoriteOccupation
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.rules import YouthFacts
from ccl_youth.experiences.models import Activity, ActivityCluster, Participation, Reflection
from ccl_youth.goals.models import Goal
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.skills.levels import skill_levels

#: Youth ids per round of statements (one ``IN`` list each).
CHUNK = 500


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    """``ids`` without repeats, ``size`` at a time, in their first order."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


def load_facts(
    session: Session, youth_ids: Sequence[int], experiences: ExperienceCatalog, today: date
) -> dict[int, YouthFacts]:
    """The rules' facts for each youth of ``youth_ids`` that has a youth profile, by id: the
    same ten statements for every ``CHUNK`` youth. No access check."""
    facts: dict[int, YouthFacts] = {}
    for ids in chunks(youth_ids):
        facts.update(_load_round(session, ids, experiences, today))
    return facts


def _counts(session: Session, query: Select[int, str, int]) -> dict[int, dict[str, int]]:
    """``youth_id, key, number`` rows as {youth_id: {key: number}}."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for youth_id, key, number in session.execute(query):
        found[youth_id][key] = int(number or 0)
    return found


def _load_round(
    session: Session, ids: list[int], experiences: ExperienceCatalog, today: date
) -> dict[int, YouthFacts]:
    profiles = session.execute(
        select(YouthProfile.user_id, YouthProfile.grade, YouthProfile.stage)
        .join(User, User.id == YouthProfile.user_id)
        .where(YouthProfile.user_id.in_(ids))
    ).all()
    if not profiles:
        return {}  # nobody to load: the other statements would find nothing either

    assessments = _counts(
        session,
        select(AssessmentAttempt.youth_id, Instrument.kind, func.count())
        .join(Instrument, Instrument.id == AssessmentAttempt.instrument_id)
        .where(AssessmentAttempt.youth_id.in_(ids), AssessmentAttempt.status == "completed")
        .group_by(AssessmentAttempt.youth_id, Instrument.kind),
    )

    # Activities attended: of the youth's own organization, on or before today.
    attended = and_(
        Participation.youth_id.in_(ids),
        Activity.activity_date <= today,
        Activity.organization_id == User.organization_id,
    )
    by_type = _counts(
        session,
        select(Participation.youth_id, Activity.type_slug, func.count())
        .join(Activity, Activity.id == Participation.activity_id)
        .join(User, User.id == Participation.youth_id)
        .where(attended)
        .group_by(Participation.youth_id, Activity.type_slug),
    )
    top = func.coalesce(CareerCluster.parent_id, CareerCluster.id)
    clusters: dict[int, set[int]] = defaultdict(set)
    for youth_id, cluster_id in session.execute(
        select(Participation.youth_id, top)
        .join(Activity, Activity.id == Participation.activity_id)
        .join(User, User.id == Participation.youth_id)
        .join(ActivityCluster, ActivityCluster.activity_id == Activity.id)
        .join(CareerCluster, CareerCluster.id == ActivityCluster.cluster_id)
        .where(attended)
        .group_by(Participation.youth_id, top)
    ):
        clusters[youth_id].add(cluster_id)

    verified = _counts(
        session,
        select(HoursEntry.youth_id, Placement.type_slug, func.sum(HoursEntry.minutes))
        .join(Placement, Placement.id == HoursEntry.placement_id)
        .where(
            HoursEntry.youth_id.in_(ids),
            HoursEntry.status == "verified",
            HoursEntry.work_date <= today,
        )
        .group_by(HoursEntry.youth_id, Placement.type_slug),
    )
    completed = _counts(
        session,
        select(Placement.youth_id, Placement.type_slug, func.count())
        .where(Placement.youth_id.in_(ids), Placement.status == "completed")
        .group_by(Placement.youth_id, Placement.type_slug),
    )
    levels = skill_levels(session, ids)

    reflections: dict[int, dict[str, int]] = defaultdict(dict)
    shared: dict[int, int] = defaultdict(int)
    for youth_id, when, is_shared, number in session.execute(
        select(Reflection.youth_id, Reflection.when, Reflection.is_shared_with_family, func.count())
        .where(Reflection.youth_id.in_(ids))
        .group_by(Reflection.youth_id, Reflection.when, Reflection.is_shared_with_family)
    ):
        reflections[youth_id][when] = reflections[youth_id].get(when, 0) + number
        if is_shared:
            shared[youth_id] += number

    # Saved occupations and completed goals: one statement (UNION ALL of two grouped counts).
    saved_and_goals = _counts(
        session,
        union_all(
            select(FavoriteOccupation.youth_id, literal("favorites"), func.count())
            .where(FavoriteOccupation.youth_id.in_(ids))
            .group_by(FavoriteOccupation.youth_id),
            select(Goal.youth_id, literal("goals"), func.count())
            .where(Goal.youth_id.in_(ids), Goal.status == "completed")
            .group_by(Goal.youth_id),
        ),  # type: ignore[arg-type]
    )
    badges: dict[int, set[str]] = defaultdict(set)
    for youth_id, slug in session.execute(
        select(BadgeAward.youth_id, BadgeAward.badge_slug).where(
            BadgeAward.youth_id.in_(ids), BadgeAward.revoked_dt.is_(None)
        )
    ):
        badges[youth_id].add(slug)

    framework = experiences.framework
    known_stages = {stage.slug for stage in framework.stages}
    return {
        youth_id: YouthFacts(
            grade=grade,
            stage=stage if stage in known_stages else framework.stage_for_grade(grade),
            assessments=assessments.get(youth_id, {}),
            experiences=by_type.get(youth_id, {}),
            clusters=frozenset(clusters.get(youth_id, ())),
            verified_minutes=verified.get(youth_id, {}),
            placements_completed=completed.get(youth_id, {}),
            skill_levels=dict(levels.get(youth_id, {})),
            reflections=reflections.get(youth_id, {}),
            reflections_shared=shared.get(youth_id, 0),
            goals_completed=saved_and_goals.get(youth_id, {}).get("goals", 0),
            favorites=saved_and_goals.get(youth_id, {}).get("favorites", 0),
            badges=frozenset(badges.get(youth_id, ())),
        )
        for youth_id, grade, stage in profiles
    }
