"""A small organization for the goal tests: a youth with staff, an admin, linked family and
family linked to someone else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ccl_youth.accounts.models import User
from tests.factories import (
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_program,
    make_staff,
    make_youth,
)

TODAY = date(2026, 3, 10)


@dataclass
class Setup:
    youth: User
    other_youth: User
    staff: User
    admin: User
    family: User
    other_family: User


def setup() -> Setup:
    org = make_org()
    program = make_program(org)
    cohort = make_cohort(org, program)
    youth = make_youth(org, cohort, grade=8, name="Robin Goals")
    other = make_youth(org, cohort, grade=8, name="Sam Other")
    return Setup(
        youth,
        other,
        make_staff(org, [cohort]),
        make_admin(org),
        make_family(org, [youth]),
        make_family(org, [other]),
    )
