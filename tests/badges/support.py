"""Hand-built badge catalogs and records for the badge tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from flask import Flask

from ccl_youth.badges.listener import EXTENSION, BadgeRules
from ccl_youth.core.content_experiences import ExperienceCatalog, experience_catalog
from ccl_youth.core.content_recognition import Badge, RecognitionCatalog
from ccl_youth.core.rules import Known, Labels, YouthFacts, parse_rule
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort

PAST = date(2026, 9, 1)
KNOWN = Known(
    skills=frozenset({"collaboration", "communication"}),
    types=frozenset({"guest_speaker", "field_trip", "stem_challenge", "career_fair"}),
    badges=frozenset({"first_talk", "three_talks", "tripper", "double", "collector", "by_hand"}),
    instrument_kinds=frozenset({"riasec"}),
)


def rule(data: object, known: Known = KNOWN) -> Any:
    parsed, problems = parse_rule(data, known)
    assert not problems, problems
    return parsed


def badge(slug: str, data: object | None, name: str | None = None, known: Known = KNOWN) -> Badge:
    return Badge(
        slug=slug,
        name=name or slug.replace("_", " ").title(),
        description=f"The {slug} badge.",
        criteria=f"Do what {slug} asks.",
        image="badges/job_spotter.svg",
        stages=("awareness",),
        strategies=("career_stem",),
        skills=(),
        clusters=(),
        rule=rule(data, known) if data is not None else None,
    )


#: A small catalog, listed out of dependency order on purpose.
SMALL_BADGES = (
    badge("double", {"all": [{"badge": {"badge": "first_talk"}}, {"badge": {"badge": "tripper"}}]}),
    badge("collector", {"badges": {"min": 3}}),
    badge("first_talk", {"experiences": {"types": ["guest_speaker"]}}),
    badge("three_talks", {"experiences": {"min": 3, "types": ["guest_speaker"]}}),
    badge("tripper", {"experiences": {"min": 2, "types": ["field_trip"]}}),
    badge("by_hand", None),
)


def small_catalog(badges: tuple[Badge, ...] = SMALL_BADGES) -> RecognitionCatalog:
    return RecognitionCatalog(
        skills=(),
        milestones=(),
        readiness={},
        badges=badges,
        labels=Labels(
            types={"guest_speaker": "Guest speaker", "field_trip": "Field trip"},
            badges={b.slug: b.name for b in badges},
        ),
    )


def facts(**fields: Any) -> YouthFacts:
    values: dict[str, Any] = {
        "grade": 7,
        "stage": "exploration",
        "assessments": {},
        "experiences": {},
        "clusters": frozenset(),
        "verified_minutes": {},
        "placements_completed": {},
        "skill_levels": {},
        "reflections": {},
        "reflections_shared": 0,
        "goals_completed": 0,
        "favorites": 0,
        "badges": frozenset(),
    }
    values.update(fields)
    return YouthFacts(**values)


def experiences(app: Flask) -> ExperienceCatalog:
    return experience_catalog(str(app.config["CONTENT_PATH"]))


@contextmanager
def rules_in(app: Flask, recognition: RecognitionCatalog) -> Iterator[None]:
    """Re-evaluate with this catalog on every commit of the app (pages included)."""
    before = app.extensions.get(EXTENSION)
    app.extensions[EXTENSION] = lambda: BadgeRules(recognition, experiences(app))
    try:
        yield
    finally:
        if before is None:
            app.extensions.pop(EXTENSION, None)
        else:
            app.extensions[EXTENSION] = before


def add_activity(
    cohort: Cohort,
    staff_id: int,
    attendees: list[int],
    type_slug: str = "guest_speaker",
    day: date = PAST,
    commit: bool = True,
) -> Activity:
    """An activity of the cohort with these youth present, inserted straight in."""
    activity = Activity(
        organization_id=cohort.organization_id,
        program_id=cohort.program_id,
        cohort_id=cohort.id,
        type_slug=type_slug,
        title=f"A {type_slug}",
        activity_date=day,
        minutes=60,
        created_by_id=staff_id,
    )
    db.session.add(activity)
    db.session.flush()
    db.session.add_all(
        Participation(activity_id=activity.id, youth_id=y, minutes=60) for y in attendees
    )
    if commit:
        db.session.commit()
    return activity
