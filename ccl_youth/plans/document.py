"""Everything a High School and Beyond Plan shows, per statutory element, prefilled from the
youth's record: ``build_plan_document(session, plan, catalog)``.

No access checks here (the caller has already asked the policy whether the actor may see the
youth) and no Flask. A fixed number of statements whatever the number of courses, aid items,
goals, placements or activities: each kind of row is one query.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.assessments.latest import latest_interests
from ccl_youth.careers.models import FavoriteOccupation, Occupation
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_plans import PlanCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.goals.models import Goal
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.plans.document_types import (
    GRADES,
    GUIDANCE_PARTS,
    ActivityLine,
    AidElement,
    AidLine,
    CareerElement,
    CourseElement,
    CourseLine,
    EducationElement,
    GoalLine,
    GradeCourses,
    Guidance,
    Header,
    InterestResult,
    PathwayElement,
    PathwayLine,
    PlacementLine,
    PlanDocument,
    ResumeElement,
    school_year_label,
)
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.requirements import requirements_for, tally, totals
from ccl_youth.resume.assembly import resume_items

#: Placements shown as work-based learning (planned ones are not yet experience).
PLACEMENT_STATUSES = ("active", "completed", "ended_early")
#: Goals shown in element (b) (dropped ones are left out).
GOAL_STATUSES = ("active", "completed")
MINUTES_PER_HOUR = Decimal(60)


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / MINUTES_PER_HOUR).quantize(Decimal("0.01"))


def pathway_slugs(plan: Plan) -> tuple[str, ...]:
    """The chosen graduation pathway slugs, in the order chosen."""
    return tuple(slug for slug in (s.strip() for s in plan.pathways.split(",")) if slug)


def _header(session: Session, plan: Plan) -> Header:
    users = dict(
        session.execute(
            select(User.id, User.display_name).where(
                User.id.in_({plan.youth_id} | ({plan.signed_by_id} - {None}))
            )
        ).all()
    )
    school = session.scalar(
        select(YouthProfile.school).where(YouthProfile.user_id == plan.youth_id)
    )
    return Header(
        youth_id=plan.youth_id,
        youth_name=users.get(plan.youth_id, ""),
        school=school or "",
        grade=plan.grade,
        school_year=plan.school_year,
        school_year_label=school_year_label(plan.school_year),
        signed_by=users.get(plan.signed_by_id) if plan.signed_by_id else None,
        signed_dt=plan.signed_dt,
        sign_off_note=plan.sign_off_note if plan.signed_dt else "",
        updated_dt=plan.updated_dt,
    )


def _inventory(session: Session, youth_id: int) -> InterestResult | None:
    latest = latest_interests(session, youth_id)
    if latest is None:
        return None
    return InterestResult(
        instrument_title=latest.instrument_title,
        completed_dt=latest.finished_dt,
        holland_code=latest.holland_code,
        top_areas=latest.top_areas,
        clusters=latest.clusters,
    )


def _career(session: Session, plan: Plan, catalog: PlanCatalog) -> CareerElement:
    favourites = session.scalars(
        select(Occupation.title)
        .join(FavoriteOccupation, FavoriteOccupation.occupation_id == Occupation.id)
        .where(FavoriteOccupation.youth_id == plan.youth_id)
        .order_by(FavoriteOccupation.created_dt.desc(), FavoriteOccupation.id.desc())
    ).all()
    return CareerElement(
        heading=catalog.elements["a"],
        career_goals=plan.career_goals,
        interests_note=plan.interests_note,
        inventory=_inventory(session, plan.youth_id),
        favourite_careers=tuple(favourites),
    )


def _education(session: Session, plan: Plan, catalog: PlanCatalog) -> EducationElement:
    goals = session.execute(
        select(Goal.title, Goal.status, Goal.target_date, Goal.completed_dt)
        .where(Goal.youth_id == plan.youth_id, Goal.status.in_(GOAL_STATUSES))
        .order_by(Goal.status, Goal.created_dt, Goal.id)
    ).all()
    return EducationElement(
        heading=catalog.elements["b"],
        secondary_goals=plan.secondary_goals,
        postsecondary_goals=plan.postsecondary_goals,
        route=plan.postsecondary_route,
        route_name=catalog.names("routes").get(plan.postsecondary_route, plan.postsecondary_route),
        goals=tuple(GoalLine(*goal) for goal in goals),
    )


def _work_based(
    session: Session, youth_id: int, experiences: ExperienceCatalog | None
) -> tuple[tuple[PlacementLine, ...], tuple[ActivityLine, ...]]:
    type_names = experiences.type_names() if experiences else {}
    verified = (
        select(HoursEntry.placement_id, func.sum(HoursEntry.minutes).label("minutes"))
        .where(HoursEntry.youth_id == youth_id, HoursEntry.status == "verified")
        .group_by(HoursEntry.placement_id)
        .subquery()
    )
    placements = session.execute(
        select(Placement, Partner.name, verified.c.minutes)
        .outerjoin(Partner, Partner.id == Placement.partner_id)
        .outerjoin(verified, verified.c.placement_id == Placement.id)
        .where(Placement.youth_id == youth_id, Placement.status.in_(PLACEMENT_STATUSES))
        .order_by(Placement.start_date, Placement.id)
    ).all()
    placement_lines = tuple(
        PlacementLine(
            title=p.title,
            type_name=type_names.get(p.type_slug, p.type_slug.replace("_", " ")),
            partner_name=partner or "",
            start_date=p.start_date,
            end_date=p.end_date,
            status=p.status,
            verified_hours=_hours(int(minutes or 0)),
        )
        for p, partner, minutes in placements
    )
    work_types = [t.slug for t in experiences.work_based_types()] if experiences else []
    if not work_types:
        return placement_lines, ()
    activities = session.execute(
        select(Activity.title, Activity.type_slug, Activity.activity_date, Participation.minutes)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(Participation.youth_id == youth_id, Activity.type_slug.in_(work_types))
        .order_by(Activity.activity_date, Activity.id)
    ).all()
    activity_lines = tuple(
        ActivityLine(title, type_names.get(slug, slug), day, _hours(minutes))
        for title, slug, day, minutes in activities
    )
    return placement_lines, activity_lines


def _courses(
    session: Session,
    plan: Plan,
    catalog: PlanCatalog,
    experiences: ExperienceCatalog | None,
) -> CourseElement:
    areas = requirements_for(session, plan.organization_id, catalog)
    area_names = {area.slug: area.name for area in areas}
    accelerations = catalog.names("accelerations")
    rows = session.scalars(
        select(PlanCourse)
        .where(PlanCourse.plan_id == plan.id)
        .order_by(PlanCourse.grade, PlanCourse.position, PlanCourse.id)
    ).all()
    lines = [
        CourseLine(
            id=c.id,
            grade=c.grade,
            area=c.area,
            area_name=area_names.get(c.area, c.area),
            title=c.title,
            credits=Decimal(c.credits),
            acceleration=c.acceleration,
            acceleration_name=accelerations.get(c.acceleration, c.acceleration),
            is_cte_equivalency=c.is_cte_equivalency,
            is_credit_recovery=c.is_credit_recovery,
            status=c.status,
        )
        for c in rows
    ]
    grades = sorted(set(GRADES) | {line.grade for line in lines})
    tallies = tally(areas, lines)
    placements, activities = _work_based(session, plan.youth_id, experiences)
    return CourseElement(
        heading=catalog.elements["c"],
        grades=tuple(
            GradeCourses(g, tuple(line for line in lines if line.grade == g)) for g in grades
        ),
        tally=tuple(tallies),
        totals=totals(tallies, lines),
        guidance=tuple(
            Guidance(part, key, catalog.guidance[key])
            for part, key in GUIDANCE_PARTS
            if key in catalog.guidance
        ),
        course_alignment=plan.course_alignment,
        acceleration_notes=plan.acceleration_notes,
        cte_notes=plan.cte_notes,
        credit_recovery_notes=plan.credit_recovery_notes,
        accelerated=tuple(line for line in lines if line.acceleration),
        cte_equivalency=tuple(line for line in lines if line.is_cte_equivalency),
        credit_recovery=tuple(line for line in lines if line.is_credit_recovery),
        placements=placements,
        activities=activities,
    )


def _aid(session: Session, plan: Plan, catalog: PlanCatalog) -> AidElement:
    received: Mapping[str, tuple[PlanAidItem, str | None]] = {
        item.item: (item, name)
        for item, name in session.execute(
            select(PlanAidItem, User.display_name)
            .outerjoin(User, User.id == PlanAidItem.recorded_by_id)
            .where(PlanAidItem.plan_id == plan.id)
        ).all()
    }
    lines = []
    for entry in catalog.aid_items:
        found = received.get(entry.slug)
        lines.append(
            AidLine(
                slug=entry.slug,
                part=entry.element,
                name=entry.name,
                summary=entry.summary,
                received_on=found[0].received_on if found else None,
                recorded_by=(found[1] or "") if found else "",
                note=found[0].note if found else "",
                url=entry.url,
            )
        )
    return AidElement(catalog.elements["d"], tuple(lines))


def _pathway(plan: Plan, catalog: PlanCatalog) -> PathwayElement:
    known = {choice.slug: choice for choice in catalog.pathways}
    lines = tuple(
        PathwayLine(slug, known[slug].name, known[slug].summary)
        if slug in known
        else PathwayLine(slug, slug, "")
        for slug in pathway_slugs(plan)
    )
    return PathwayElement(catalog.elements["pathway"], lines, plan.pathway_notes)


def build_plan_document(
    session: Session,
    plan: Plan,
    catalog: PlanCatalog,
    experiences: ExperienceCatalog | None = None,
    recognition: RecognitionCatalog | None = None,
) -> PlanDocument:
    """The whole plan, per element. Pass the web layer's ``catalog.catalog()`` as
    ``experiences`` (names placement and activity types, says which activity types are
    work-based learning) and ``catalog.recognition()`` as ``recognition`` (badge and type names
    in the résumé); without them slugs are shown humanized, no activities are listed under
    (c)(vii) and no badge is named as recognition."""
    return PlanDocument(
        header=_header(session, plan),
        a=_career(session, plan, catalog),
        b=_education(session, plan, catalog),
        c=_courses(session, plan, catalog, experiences),
        d=_aid(session, plan, catalog),
        e=ResumeElement(
            catalog.elements["e"],
            tuple(resume_items(session, plan.youth_id, recognition=recognition)),
        ),
        pathway=_pathway(plan, catalog),
    )
