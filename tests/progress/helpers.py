"""Shared set-up for the progress tests: records inserted straight into the database (the
services that make them have their own tests), a small hand-written recognition catalog whose
expectations are computed by hand, and the real content."""

from __future__ import annotations

import itertools
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from ccl_youth.accounts.models import User
from ccl_youth.assessments.models import AssessmentAttempt, Instrument
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers.models import FavoriteOccupation
from ccl_youth.core.content_experiences import ExperienceCatalog, experience_catalog
from ccl_youth.core.content_recognition import Milestone, RecognitionCatalog, recognition_catalog
from ccl_youth.core.rules import Known, Labels, Rule, parse_rule
from ccl_youth.db import utcnow
from ccl_youth.experiences.models import Activity, ActivityCluster, Participation, Reflection
from ccl_youth.extensions import db
from ccl_youth.placements.models import Evaluation, EvaluationRating, HoursEntry, Placement
from ccl_youth.skills.models import Evidence, EvidenceSkill

CONTENT = Path(__file__).resolve().parents[2] / "content"
TODAY = date(2026, 11, 20)
_seq = itertools.count(1)


def experiences() -> ExperienceCatalog:
    return experience_catalog(str(CONTENT))


def real_recognition() -> RecognitionCatalog:
    return recognition_catalog(str(CONTENT))


# --- records -------------------------------------------------------------------------------


def activity(
    youth: User | list[User],
    type_slug: str = "guest_speaker",
    *,
    day: date = date(2026, 10, 1),
    clusters: tuple[int, ...] = (),
    organization_id: int | None = None,
    program_id: int,
) -> Activity:
    attendees = youth if isinstance(youth, list) else [youth]
    row = Activity(
        organization_id=organization_id or attendees[0].organization_id,
        program_id=program_id,
        type_slug=type_slug,
        title=f"Activity {next(_seq)}",
        activity_date=day,
        minutes=60,
    )
    db.session.add(row)
    db.session.flush()
    db.session.add_all(ActivityCluster(activity_id=row.id, cluster_id=c) for c in clusters)
    db.session.add_all(
        Participation(activity_id=row.id, youth_id=y.id, minutes=60) for y in attendees
    )
    db.session.flush()
    return row


def attempt(youth: User, instrument: Instrument, *, completed: bool = True) -> AssessmentAttempt:
    row = AssessmentAttempt(
        youth_id=youth.id,
        instrument_id=instrument.id,
        status="completed" if completed else "in_progress",
        completed_dt=utcnow() if completed else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def placement(youth: User, type_slug: str = "internship", status: str = "active") -> Placement:
    row = Placement(
        organization_id=youth.organization_id,
        youth_id=youth.id,
        type_slug=type_slug,
        title="Work",
        supervisor_name="Pat",
        start_date=date(2026, 9, 1),
        status=status,
    )
    db.session.add(row)
    db.session.flush()
    return row


def hours(
    row: Placement, minutes: int, status: str = "verified", day: date = date(2026, 9, 2)
) -> None:
    db.session.add(
        HoursEntry(
            placement_id=row.id,
            youth_id=row.youth_id,
            work_date=day,
            minutes=minutes,
            description="Work",
            status=status,
        )
    )
    db.session.flush()


def evidence(youth: User, levels: dict[str, int | None], status: str = "verified") -> None:
    row = Evidence(
        organization_id=youth.organization_id, youth_id=youth.id, kind="text", title="Did it",
        status=status, reviewed_dt=utcnow() if status == "verified" else None,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    db.session.add_all(
        EvidenceSkill(evidence_id=row.id, skill_slug=s, level=lv) for s, lv in levels.items()
    )
    db.session.flush()


def evaluation(row: Placement, levels: dict[str, int], status: str = "submitted") -> None:
    found = Evaluation(
        placement_id=row.id,
        youth_id=row.youth_id,
        token_hash=uuid.uuid4().hex,
        expires_dt=utcnow(),
        status=status,
        submitted_dt=utcnow() if status == "submitted" else None,
    )
    db.session.add(found)
    db.session.flush()
    db.session.add_all(
        EvaluationRating(evaluation_id=found.id, skill_slug=s, level=lv) for s, lv in levels.items()
    )
    db.session.flush()


def reflection(youth: User, when: str, *, shared: bool = False, about: Activity) -> None:
    db.session.add(
        Reflection(
            youth_id=youth.id,
            activity_id=about.id,
            prompt_id=f"p.{next(_seq)}",
            prompt_text="Question?",
            when=when,
            answer="Answer.",
            is_shared_with_family=shared,
        )
    )
    db.session.flush()


def favorite(youth: User, occupation_id: int) -> None:
    db.session.add(FavoriteOccupation(youth_id=youth.id, occupation_id=occupation_id))
    db.session.flush()


def badge(youth: User, slug: str, *, revoked: bool = False) -> None:
    n = next(_seq)
    db.session.add(
        BadgeAward(
            organization_id=youth.organization_id,
            youth_id=youth.id,
            badge_slug=slug,
            method="staff",
            credential_id=f"urn:uuid:{uuid.uuid4()}",
            status_index=n,
            revoked_dt=utcnow() if revoked else None,
        )
    )
    db.session.flush()


# --- a small recognition catalog -------------------------------------------------------------

KNOWN = Known(
    skills=frozenset({"collaboration", "communication"}),
    types=frozenset({"guest_speaker", "field_trip", "stem_challenge", "internship"}),
    badges=frozenset({"first_steps"}),
    milestones=frozenset(),
    instrument_kinds=frozenset({"riasec", "skills"}),
)


def rule(data: Any) -> Rule:
    parsed, problems = parse_rule(data, KNOWN)
    assert parsed is not None and not problems, problems
    return parsed


def _m(mid: str, title: str, data: Any) -> Milestone:
    stage, strategy, _short = mid.split(".")
    return Milestone(mid, stage, strategy, title, f"Do: {title}", rule(data))


def small_catalog() -> RecognitionCatalog:
    """Two awareness milestones, five exploration ones over three strategies, one
    preparedness one; readiness for awareness and exploration; no badges."""
    specs: list[tuple[str, str, Any]] = [
        ("awareness.career_stem.speaker", "Met a speaker",
         {"experiences": {"types": ["guest_speaker"]}}),
        ("awareness.broad_skills.quiz", "Took the quiz", {"assessment": {"kind": "riasec"}}),
        ("exploration.broad_skills.quiz_twice", "Took the quiz twice",
         {"assessment": {"kind": "riasec", "min": 2}}),
        ("exploration.broad_skills.collab", "Collaboration proficient",
         {"skill": {"skill": "collaboration", "level": 3}}),
        ("exploration.career_stem.three_clusters", "Three clusters", {"clusters": {"min": 3}}),
        ("exploration.career_stem.four_speakers", "Four speakers",
         {"experiences": {"min": 4, "types": ["guest_speaker"]}}),
        ("exploration.family_community.shared", "Shared twice",
         {"shared_reflections": {"min": 2}}),
        ("preparedness.career_stem.hours", "Ten hours", {"verified_hours": {"min": 10}}),
    ]  # fmt: skip
    milestones = tuple(_m(*spec) for spec in specs)
    readiness = {
        "awareness": rule({"milestones": {"min": 2, "stage": "awareness"}}),
        "exploration": rule(
            {"all": [{"milestones": {"min": 3, "stage": "exploration"}}, {"favorites": {"min": 1}}]}
        ),
    }
    labels = Labels(
        types={"guest_speaker": "Guest speaker"},
        skills={"collaboration": "Collaboration"},
    )
    return RecognitionCatalog((), milestones, readiness, (), labels)
