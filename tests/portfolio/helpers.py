"""A small organization for the portfolio tests: a youth aged 16 with a record (an attended
activity with reflections, a finished placement with verified hours, evidence verified and
returned, a badge, a favourite career, goals reached and dropped, an interest result), a
classmate with records of their own, staff, an admin, linked family and family linked to the
classmate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.careers.models import FavoriteOccupation
from ccl_youth.experiences.models import Reflection
from ccl_youth.extensions import db
from ccl_youth.goals.models import Goal
from ccl_youth.placements.models import HoursEntry, Placement
from tests.badges.support import add_activity
from tests.credentials.support import make_award
from tests.factories import (
    add_attempt,
    make_admin,
    make_cohort,
    make_family,
    make_instrument,
    make_occupation,
    make_org,
    make_program,
    make_staff,
    make_youth,
)
from tests.skills.support import add_evidence_row

TODAY = date(2026, 3, 10)


@dataclass
class Records:
    activity: int
    placement: int
    evidence: int
    returned_evidence: int
    award: int
    occupation: int
    goal: int
    dropped_goal: int


@dataclass
class Setup:
    youth: User
    other_youth: User
    staff: User
    admin: User
    family: User
    other_family: User
    mine: Records
    theirs: Records


def _records(youth: User, cohort, staff: User, prefix: str) -> Records:  # noqa: ANN001
    activity = add_activity(cohort, staff.id, [youth.id], day=date(2025, 10, 1))
    activity.title = f"{prefix} visit to the hospital"
    db.session.add_all(
        [
            Reflection(
                youth_id=youth.id,
                activity_id=activity.id,
                prompt_id="p1",
                when="post",
                prompt_text="What surprised you?",
                answer=f"{prefix} the robots",
                is_shared_with_family=True,
            ),
            Reflection(
                youth_id=youth.id,
                activity_id=activity.id,
                prompt_id="p2",
                when="post",
                prompt_text="What would you ask next time?",
                answer=f"{prefix} private words",
                is_shared_with_family=False,
            ),
        ]
    )
    placement = Placement(
        organization_id=youth.organization_id,
        youth_id=youth.id,
        type_slug="internship",
        title=f"{prefix} lab intern",
        supervisor_name="Sam Boss",
        start_date=date(2025, 11, 3),
        status="completed",
    )
    db.session.add(placement)
    db.session.flush()
    db.session.add_all(
        [
            HoursEntry(
                placement_id=placement.id,
                youth_id=youth.id,
                work_date=date(2025, 11, 4),
                minutes=150,
                description="Worked.",
                status="verified",
            ),
            HoursEntry(
                placement_id=placement.id,
                youth_id=youth.id,
                work_date=date(2025, 11, 5),
                minutes=60,
                description="Worked.",
                status="submitted",
            ),
        ]
    )
    occupation = make_occupation(f"{prefix} Nurse", education="Bachelor's degree")
    db.session.add(FavoriteOccupation(youth_id=youth.id, occupation_id=occupation.id))
    goal = Goal(
        organization_id=youth.organization_id,
        youth_id=youth.id,
        title=f"{prefix} learn to code",
        why="Games",
        status="completed",
        created_by_id=youth.id,
        completed_dt=datetime(2026, 1, 5, tzinfo=UTC),
    )
    dropped = Goal(
        organization_id=youth.organization_id,
        youth_id=youth.id,
        title=f"{prefix} dropped goal",
        why="",
        status="dropped",
        created_by_id=youth.id,
    )
    db.session.add_all([goal, dropped])
    db.session.commit()
    evidence = add_evidence_row(
        youth.id, youth.organization_id, {"collaboration": 2}, title=f"{prefix} team robot"
    )
    returned = add_evidence_row(
        youth.id,
        youth.organization_id,
        {"communication": None},
        status="returned",
        title=f"{prefix} returned draft",
    )
    award = make_award(youth, "team_player")
    return Records(
        activity.id, placement.id, evidence, returned, award.id, occupation.id, goal.id, dropped.id
    )


def setup() -> Setup:
    org = make_org()
    program = make_program(org)
    cohort = make_cohort(org, program)
    youth = make_youth(
        org, cohort, grade=10, name="Robin Lee", birth_year=2010, birth_month=1, today=TODAY
    )
    other = make_youth(
        org, cohort, grade=10, name="Sam Other", birth_year=2010, birth_month=1, today=TODAY
    )
    staff = make_staff(org, [cohort])
    mine = _records(youth, cohort, staff, "Mine:")
    theirs = _records(other, cohort, staff, "Theirs:")
    instrument = make_instrument()
    add_attempt(
        db.session,
        youth,
        instrument,
        {"r1": 3, "i1": 2, "a1": 1, "s1": 1, "e1": 1, "c1": 1},
        completed=True,
    )
    db.session.commit()
    return Setup(
        youth,
        other,
        staff,
        make_admin(org),
        make_family(org, [youth]),
        make_family(org, [other]),
        mine,
        theirs,
    )


def set_profile(youth: User, **values: object) -> None:
    profile = db.session.get(YouthProfile, youth.id)
    for name, value in values.items():
        setattr(profile, name, value)
    db.session.commit()
