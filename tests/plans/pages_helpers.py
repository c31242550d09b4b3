"""A small organization for the plan page and service tests: a grade-9 youth and a grade-6
youth in one cohort with their staff, an admin, linked family and staff of another cohort."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ccl_youth.accounts.models import User
from ccl_youth.extensions import db
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.rules import school_year_of
from tests.factories import (
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_program,
    make_staff,
    make_youth,
)

#: A day in the 2026–27 school year, for the services (the pages use today's date).
TODAY = date(2026, 10, 5)


@dataclass
class Setup:
    youth: User
    young: User
    staff: User
    other_staff: User
    admin: User
    family: User


def setup() -> Setup:
    org = make_org()
    program = make_program(org)
    cohort = make_cohort(org, program)
    other_cohort = make_cohort(org, program)
    youth = make_youth(org, cohort, grade=9, name="Robin Planner")
    young = make_youth(org, cohort, grade=6, name="Sam Younger")
    return Setup(
        youth=youth,
        young=young,
        staff=make_staff(org, [cohort]),
        other_staff=make_staff(org, [other_cohort]),
        admin=make_admin(org),
        family=make_family(org, [youth]),
    )


def add_version(
    youth: User, school_year: int | None = None, grade: int = 9, **fields: object
) -> Plan:
    """A version made directly (an earlier year's one, say), with one course and one aid item."""
    year = school_year if school_year is not None else school_year_of(date.today())
    plan = Plan(organization_id=youth.organization_id, youth_id=youth.id, school_year=year,
                grade=grade, **fields)  # fmt: skip
    db.session.add(plan)
    db.session.flush()
    db.session.add(PlanCourse(plan_id=plan.id, grade=9, area="english", title="English 9",
                              credits=Decimal(1), status="completed", position=1))  # fmt: skip
    db.session.add(PlanAidItem(plan_id=plan.id, item="college_bound",
                               received_on=date(year, 9, 20)))  # fmt: skip
    db.session.commit()
    return plan
