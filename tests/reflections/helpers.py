"""Shared set-up for the reflection tests: a small program with staff, youth and family, activities
inserted straight into the database, and a hand-written prompt catalog."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.careers.models import CareerCluster, Occupation
from ccl_youth.core.content_experiences import (
    ExperienceCatalog,
    ReflectionPrompt,
    experience_catalog,
)
from ccl_youth.experiences.models import Activity, ActivityCluster, Participation, Reflection
from ccl_youth.extensions import db
from ccl_youth.partners.models import Partner, RoleModel
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.programs.models import Cohort, Organization
from tests.factories import make_cohort, make_family, make_org, make_staff, make_youth

CONTENT = Path(__file__).resolve().parents[2] / "content"
TODAY = date(2026, 11, 20)
_seq = itertools.count(1)


def real_catalog() -> ExperienceCatalog:
    return experience_catalog(str(CONTENT))


def _prompt(type_slug: str, stage: str, when: str, n: int, text: str) -> ReflectionPrompt:
    return ReflectionPrompt(f"{type_slug}.{stage}.{when}.{n}", type_slug, stage, when, text)


@cache
def hand_catalog() -> ExperienceCatalog:
    """The real framework and types with prompts written here, so expectations are by hand:
    defaults for every stage (two "post" ones for exploration), and guest_speaker's and
    internship's own prompts for exploration only."""
    prompts = (
        _prompt("default", "awareness", "pre", 1, "What will we do?"),
        _prompt("default", "awareness", "post", 1, "What did you like?"),
        _prompt("default", "exploration", "pre", 1, "What do you hope to learn?"),
        _prompt("default", "exploration", "post", 1, "What did you learn?"),
        _prompt("default", "exploration", "post", 2, "Which skills did you use?"),
        _prompt("default", "preparedness", "pre", 1, "What do you want out of it?"),
        _prompt("default", "preparedness", "post", 1, "How does it fit your plans?"),
        _prompt("guest_speaker", "exploration", "pre", 1, "What will you ask the speaker?"),
        _prompt("guest_speaker", "exploration", "post", 1, "What surprised you?"),
        _prompt("internship", "exploration", "pre", 1, "What do you hope to do at work?"),
        _prompt("internship", "exploration", "post", 1, "What did you do at work?"),
    )
    real = real_catalog()
    return ExperienceCatalog(real.framework, real.types, prompts)


@dataclass
class Setup:
    """One organization: cohort (staff, youth, other_youth), family linked to youth; a second
    organization with outsider (a youth) and outsider_staff."""

    org: Organization
    cohort: Cohort
    staff: User
    youth: User
    other_youth: User
    family: User
    outsider: User
    outsider_staff: User


def make_setup(grade: int = 7) -> Setup:
    org = make_org()
    cohort = make_cohort(org)
    staff = make_staff(org, [cohort])
    youth = make_youth(org, cohort, grade=grade, name="Robin Reflector")
    other = make_youth(org, cohort, grade=grade, name="Sam Classmate")
    family = make_family(org, [youth])
    org_b = make_org()
    cohort_b = make_cohort(org_b)
    outsider_staff = make_staff(org_b, [cohort_b])
    outsider = make_youth(org_b, cohort_b, grade=grade)
    return Setup(org, cohort, staff, youth, other, family, outsider, outsider_staff)


def set_stage(youth: User, stage: str) -> None:
    profile = db.session.get(YouthProfile, youth.id)
    assert profile is not None
    profile.stage = stage
    db.session.commit()


def add_activity(
    cohort: Cohort,
    staff: User | None,
    attendees: list[User],
    day: date,
    type_slug: str = "guest_speaker",
    title: str | None = None,
    minutes: int = 60,
    partner: Partner | None = None,
    role_model: RoleModel | None = None,
    clusters: list[CareerCluster] = (),  # type: ignore[assignment]
) -> Activity:
    activity = Activity(
        organization_id=cohort.organization_id,
        program_id=cohort.program_id,
        cohort_id=cohort.id,
        type_slug=type_slug,
        title=title or f"Activity {next(_seq)}",
        activity_date=day,
        minutes=minutes,
        partner_id=partner.id if partner else None,
        role_model_id=role_model.id if role_model else None,
        created_by_id=staff.id if staff else None,
    )
    db.session.add(activity)
    db.session.flush()
    db.session.add_all(
        Participation(activity_id=activity.id, youth_id=y.id, minutes=minutes) for y in attendees
    )
    db.session.add_all(ActivityCluster(activity_id=activity.id, cluster_id=c.id) for c in clusters)
    db.session.commit()
    return activity


def add_reflection(
    youth: User,
    activity: Activity | None,
    prompt_id: str,
    answer: str = "An answer.",
    *,
    shared: bool = False,
    placement: Placement | None = None,
    when: str = "post",
) -> Reflection:
    reflection = Reflection(
        youth_id=youth.id,
        activity_id=activity.id if activity else None,
        placement_id=placement.id if placement else None,
        prompt_id=prompt_id,
        prompt_text=f"Prompt {prompt_id}",
        when=when,
        answer=answer,
        is_shared_with_family=shared,
    )
    db.session.add(reflection)
    db.session.commit()
    return reflection


def add_partner(org_id: int, name: str = "Harbor Robotics") -> Partner:
    partner = Partner(organization_id=org_id, name=f"{name} {next(_seq)}", kind="employer")
    db.session.add(partner)
    db.session.commit()
    return partner


def add_role_model(
    partner: Partner, occupation: Occupation | None, name: str, story: str
) -> RoleModel:
    card = RoleModel(
        organization_id=partner.organization_id,
        partner_id=partner.id,
        display_name=name,
        occupation_id=occupation.id if occupation else None,
        story=story,
    )
    db.session.add(card)
    db.session.commit()
    return card


def add_placement(
    youth: User,
    partner: Partner | None,
    start: date,
    *,
    end: date | None = None,
    status: str = "active",
    title: str = "Lab assistant",
    hours: list[tuple[int, str]] = (),  # type: ignore[assignment]
    type_slug: str = "internship",
    updated: date | None = None,
) -> Placement:
    """``updated``: the day the placement row was last changed (default: now)."""
    placement = Placement(
        organization_id=youth.organization_id,
        youth_id=youth.id,
        partner_id=partner.id if partner else None,
        type_slug=type_slug,
        title=title,
        supervisor_name="Pat Boss",
        start_date=start,
        end_date=end,
        status=status,
    )
    if updated is not None:
        placement.updated_dt = datetime.combine(updated, time(12), UTC)
    db.session.add(placement)
    db.session.flush()
    db.session.add_all(
        HoursEntry(
            placement_id=placement.id,
            youth_id=youth.id,
            work_date=start,
            minutes=minutes,
            description="Work.",
            status=status_,
        )
        for minutes, status_ in hours
    )
    db.session.commit()
    return placement
