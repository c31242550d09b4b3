"""A youth with a full High School and Beyond Plan and a record behind it, for the document,
export and API tests and the benchmark: fixed names, dates and credits so snapshots hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers.models import FavoriteOccupation
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.goals.models import Goal
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.programs.models import Organization
from ccl_youth.resume.models import ResumeEntry
from tests.factories import (
    add_attempt,
    make_admin,
    make_cluster,
    make_cohort,
    make_family,
    make_instrument,
    make_occupation,
    make_org,
    make_program,
    make_staff,
    make_youth,
)

D = Decimal
SIGNED = datetime(2026, 10, 2, 17, 30, tzinfo=UTC)
UPDATED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
AWARDED = datetime(2026, 9, 20, 12, 0, tzinfo=UTC)
#: (grade, area, title, credits, acceleration, cte equivalency, credit recovery, status)
COURSES = [
    (9, "english", "English 9", "1", "", False, False, "completed"),
    (9, "math", "Algebra I", "1", "", False, False, "completed"),
    (9, "science", "Biology", "1", "", False, False, "completed"),
    (9, "health", "Health", "0.5", "", False, False, "completed"),
    (10, "english", "English 10", "1", "honors", False, False, "in_progress"),
    (10, "math", "Geometry", "1", "", False, False, "in_progress"),
    (10, "cte", "Intro to Welding", "1", "cte_dual", True, False, "in_progress"),
    (11, "english", "AP Language", "1", "ap", False, False, "planned"),
    (11, "math", "Algebra II", "1", "", False, True, "planned"),
    (12, "social_studies", "Civics", "0.5", "", False, False, "planned"),
    (12, "latin", "Latin I", "1", "", False, False, "planned"),  # a local area → electives
]


@dataclass
class PlanWorld:
    org: Organization
    youth: User
    other_youth: User
    staff: User
    admin: User
    family: User
    other_family: User
    other_org_staff: User
    plan: Plan


def add_plan(session: Session, youth: User, org: Organization, **fields: object) -> Plan:
    plan = Plan(organization_id=org.id, youth_id=youth.id, **fields)
    session.add(plan)
    session.flush()
    return plan


def add_courses(session: Session, plan: Plan, rows: list[tuple]) -> None:  # type: ignore[type-arg]
    session.add_all(
        PlanCourse(plan_id=plan.id, grade=g, area=a, title=t, credits=D(c), acceleration=acc,
                   is_cte_equivalency=cte, is_credit_recovery=cr, status=st, position=n)
        for n, (g, a, t, c, acc, cte, cr, st) in enumerate(rows)
    )  # fmt: skip
    session.flush()


def add_record(session: Session, youth: User, org: Organization, recorder: User) -> None:
    """Goals, an interest result matched to clusters, favourites, work-based learning."""
    session.add_all([
        Goal(organization_id=org.id, youth_id=youth.id, title="Finish Algebra II",
             status="active", target_date=date(2027, 6, 10)),
        Goal(organization_id=org.id, youth_id=youth.id, title="Visit a welding school",
             status="completed", completed_dt=datetime(2026, 5, 1, tzinfo=UTC)),
        Goal(organization_id=org.id, youth_id=youth.id, title="Dropped idea", status="dropped"),
    ])  # fmt: skip
    making = make_cluster("Advanced Manufacturing")
    health = make_cluster("Healthcare and Human Services")
    welder = make_occupation("Welders", riasec=(7, 3, 2, 2, 3, 4), clusters=[making])
    make_occupation("Machinists", riasec=(7, 4, 1, 1, 2, 5), clusters=[making])
    make_occupation("Nurses", riasec=(2, 5, 2, 7, 3, 3), clusters=[health])
    session.add(FavoriteOccupation(youth_id=youth.id, occupation_id=welder.id))
    instrument = make_instrument(title="Interest inventory")
    answers = {"r1": 3, "i1": 2, "a1": 1, "s1": 1, "e1": 1, "c1": 2}
    attempt = add_attempt(session, youth, instrument, answers, completed=True)
    attempt.completed_dt = datetime(2026, 9, 15, tzinfo=UTC)
    partner = Partner(organization_id=org.id, name="Cascade Metal Works")
    program = make_program(org, "Career Club")
    session.add(partner)
    session.flush()
    placement = Placement(
        organization_id=org.id, youth_id=youth.id, partner_id=partner.id,
        type_slug="internship", title="Welding intern", supervisor_name="Pat Boss",
        start_date=date(2026, 6, 20), end_date=date(2026, 8, 15), status="completed",
    )  # fmt: skip
    planned = Placement(
        organization_id=org.id, youth_id=youth.id, type_slug="internship",
        title="Planned only", supervisor_name="X", start_date=date(2027, 6, 1),
    )  # fmt: skip
    session.add_all([placement, planned])
    session.flush()
    session.add_all(
        HoursEntry(placement_id=placement.id, youth_id=youth.id, work_date=date(2026, 7, d),
                   minutes=m, description="Shop work", status=s, logged_by_id=youth.id)
        for d, m, s in [(1, 240, "verified"), (2, 210, "verified"), (3, 300, "submitted")]
    )  # fmt: skip
    shadow = Activity(organization_id=org.id, program_id=program.id, type_slug="job_shadow",
                      title="Shadow a fabricator", activity_date=date(2026, 4, 9), minutes=180,
                      created_by_id=recorder.id)  # fmt: skip
    talk = Activity(organization_id=org.id, program_id=program.id, type_slug="guest_speaker",
                    title="A nurse visits", activity_date=date(2026, 4, 2), minutes=60,
                    created_by_id=recorder.id)  # fmt: skip
    session.add_all([shadow, talk])
    session.flush()
    session.add_all([
        Participation(activity_id=shadow.id, youth_id=youth.id, minutes=150),
        Participation(activity_id=talk.id, youth_id=youth.id, minutes=60),
    ])  # fmt: skip
    session.flush()


def add_aid(session: Session, plan: Plan, recorder: User, slugs: list[str]) -> None:
    session.add_all(
        PlanAidItem(plan_id=plan.id, item=slug, received_on=date(2026, 9, 1 + n),
                    recorded_by_id=recorder.id)
        for n, slug in enumerate(slugs)
    )  # fmt: skip
    session.flush()


def add_resume_lines(session: Session, youth: User, org: Organization, count: int) -> None:
    categories = ("extracurricular", "service", "award", "other")
    session.add_all(
        ResumeEntry(organization_id=org.id, youth_id=youth.id,
                    category=categories[n % len(categories)], title=f"Résumé line {n + 1}",
                    organization_name="Youth Center", start_date=date(2025, 1 + n % 12, 1),
                    description="Helped out.", position=n)
        for n in range(count)
    )  # fmt: skip
    session.flush()


def make_plan_world(session: Session) -> PlanWorld:
    """A grade-10 youth with a signed 2026–27 plan and a record, plus everyone around."""
    org = make_org(name="Cascade Youth Center")
    cohort = make_cohort(org, make_program(org, "Plan Cohort Program"))
    youth = make_youth(org, cohort, grade=10, name="Robin Planner")
    other = make_youth(org, cohort, grade=9, name="Sam Other")
    staff = make_staff(org, [cohort], name="Casey Staff")
    outsider_org = make_org()
    world = PlanWorld(
        org=org, youth=youth, other_youth=other, staff=staff, admin=make_admin(org),
        family=make_family(org, [youth]), other_family=make_family(org, [other]),
        other_org_staff=make_staff(outsider_org, [make_cohort(outsider_org,
                                   make_program(outsider_org))]),
        plan=None,  # type: ignore[arg-type]
    )  # fmt: skip
    world.plan = add_plan(
        session, youth, org, school_year=2026, grade=10,
        career_goals="Become a welder.", interests_note="I like building things.",
        secondary_goals="Graduate on time.", postsecondary_goals="Two years of college.",
        postsecondary_route="two_year", course_alignment="Shop classes fit my goal.",
        acceleration_notes="Try AP Language.", cte_notes="Welding counts as CTE.",
        credit_recovery_notes="", pathways="cte_sequence,dual_credit",
        pathway_notes="Welding sequence.", signed_by_id=staff.id, signed_dt=SIGNED,
        sign_off_note="Good plan.", created_by_id=youth.id, updated_dt=UPDATED,
    )  # fmt: skip
    add_courses(session, world.plan, COURSES)
    add_aid(session, world.plan, staff, ["college_bound", "aid_deadlines"])
    add_record(session, youth, org, staff)
    add_resume_lines(session, youth, org, 2)
    session.commit()
    # Badges the record earned on commit: a fixed day, so snapshots do not follow the clock.
    session.execute(
        update(BadgeAward).where(BadgeAward.youth_id == youth.id).values(awarded_dt=AWARDED)
    )
    session.commit()
    return world
