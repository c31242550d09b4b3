"""The course grid (grades 9–12) and the financial-aid checklist of the current plan version.

Staff, admins and the youth change them (``EDIT_PLAN``); only the current school year's
version changes (``services.editable_plan``), and any change clears the version's sign-off.
Every function flushes, never commits, and leaves nothing half-saved: all input is checked
before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_plans import PlanCatalog
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.requirements import requirements_for
from ccl_youth.plans.rules import CleanCourse, CourseInput, clean_course, received_problem
from ccl_youth.plans.services import editable_plan, touch

#: Courses one version may hold (four years of up to ten courses each, and some room).
COURSES_MAX = 60


def _clean(session: Session, plan: Plan, data: CourseInput, catalog: PlanCatalog) -> CleanCourse:
    areas = [a.slug for a in requirements_for(session, plan.organization_id, catalog)]
    clean, errors = clean_course(data, areas, {a.slug for a in catalog.accelerations})
    if errors or clean is None:
        raise ValidationFailed(errors)
    return clean


def course_of(
    session: Session, actor: User, youth_id: int, course_id: int, today: date
) -> tuple[Plan, PlanCourse]:
    """A course of the youth's current version, to change or remove.

    Raises NotFound (out of scope, no such course of this youth), Forbidden, ValidationFailed
    (``school_year``: the course is in an earlier year's version)."""
    require(session, actor, Action.EDIT_PLAN, youth_id)
    course = session.get(PlanCourse, course_id)
    owner = session.get(Plan, course.plan_id) if course is not None else None
    if course is None or owner is None or owner.youth_id != youth_id:
        raise NotFound("course")
    plan = editable_plan(session, actor, youth_id, today, owner.school_year)
    return plan, course


def add_course(
    session: Session,
    actor: User,
    youth_id: int,
    year: int | None,
    data: CourseInput,
    catalog: PlanCatalog,
    today: date,
) -> PlanCourse:
    """A course at the end of its grade's list in the current version. Audited.

    Raises NotFound, Forbidden, ValidationFailed (a field, ``title`` when the grid is full,
    or ``school_year``)."""
    plan = editable_plan(session, actor, youth_id, today, year)
    clean = _clean(session, plan, data, catalog)
    count, last = session.execute(
        select(func.count(PlanCourse.id), func.max(PlanCourse.position)).where(
            PlanCourse.plan_id == plan.id
        )
    ).one()
    if count >= COURSES_MAX:
        raise ValidationFailed(
            title=N_("A plan can hold up to %(courses_max)s courses.", courses_max=COURSES_MAX)
        )
    course = PlanCourse(plan_id=plan.id, position=(last or 0) + 1, **vars(clean))
    session.add(course)
    session.flush()
    unsigned = touch(session, plan)
    record_event(session, "plan.course.add", actor=actor, youth_id=youth_id, target_type="plan",
                 target_id=plan.id, course_id=course.id, unsigned=unsigned)  # fmt: skip
    return course


def update_course(
    session: Session,
    actor: User,
    youth_id: int,
    course_id: int,
    data: CourseInput,
    catalog: PlanCatalog,
    today: date,
) -> PlanCourse:
    """Change a course of the current version; audited with the changed fields (nothing
    changed: no event, the sign-off stays).

    Raises NotFound, Forbidden, ValidationFailed."""
    plan, course = course_of(session, actor, youth_id, course_id, today)
    clean = _clean(session, plan, data, catalog)
    changed = [name for name, value in vars(clean).items() if getattr(course, name) != value]
    if not changed:
        return course
    for name in changed:
        setattr(course, name, getattr(clean, name))
    unsigned = touch(session, plan)
    record_event(session, "plan.course.update", actor=actor, youth_id=youth_id,
                 target_type="plan", target_id=plan.id, course_id=course.id, fields=changed,
                 unsigned=unsigned)  # fmt: skip
    return course


def remove_course(
    session: Session, actor: User, youth_id: int, course_id: int, today: date
) -> Plan:
    """Take a course out of the current version. Audited.

    Raises NotFound, Forbidden, ValidationFailed (``school_year``)."""
    plan, course = course_of(session, actor, youth_id, course_id, today)
    session.delete(course)
    session.flush()
    unsigned = touch(session, plan)
    record_event(session, "plan.course.remove", actor=actor, youth_id=youth_id,
                 target_type="plan", target_id=plan.id, course_id=course_id,
                 unsigned=unsigned)  # fmt: skip
    return plan


# --- financial-aid checklist (element (d)) -------------------------------------------------------


def aid_field(slug: str) -> str:
    """The form field (and error key) of one aid item."""
    return f"received_{slug}"


def record_aid(
    session: Session,
    actor: User,
    youth_id: int,
    year: int | None,
    received: Mapping[str, date | None],
    catalog: PlanCatalog,
    today: date,
) -> list[str]:
    """Set the day each listed aid item was received (None: not received, which un-records
    it); items not listed stay as they are. A changed item records who recorded it. Returns
    the slugs that changed; audited when any did.

    Raises NotFound, Forbidden, ValidationFailed (``received_<slug>``: a day in the future or
    an item the checklist does not have; or ``school_year``)."""
    plan = editable_plan(session, actor, youth_id, today, year)
    names = catalog.names("aid_items")
    errors: dict[str, list[str]] = {}
    for slug, day in received.items():
        if slug not in names:
            errors[aid_field(slug)] = [N_("This is not an item of the checklist.")]
        elif (problem := received_problem(names[slug], day, today)) is not None:
            errors[aid_field(slug)] = [problem]
    if errors:
        raise ValidationFailed(errors)
    rows = {
        row.item: row
        for row in session.scalars(select(PlanAidItem).where(PlanAidItem.plan_id == plan.id))
    }
    changed = []
    for slug, day in received.items():
        row = rows.get(slug)
        if day is None:
            if row is not None:
                session.delete(row)
                changed.append(slug)
        elif row is None:
            session.add(PlanAidItem(plan_id=plan.id, item=slug, received_on=day,
                                    recorded_by_id=actor.id))  # fmt: skip
            changed.append(slug)
        elif row.received_on != day:
            row.received_on = day
            row.recorded_by_id = actor.id
            changed.append(slug)
    if changed:
        session.flush()
        unsigned = touch(session, plan)
        record_event(session, "plan.aid", actor=actor, youth_id=youth_id, target_type="plan",
                     target_id=plan.id, items=changed, unsigned=unsigned)  # fmt: skip
    return changed
