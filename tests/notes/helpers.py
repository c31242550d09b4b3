"""A small organization for the note tests: a youth with their staff, an admin and linked
family; a classmate with their own family; staff of another cohort; another organization."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class Setup:
    youth: User
    classmate: User
    staff: User
    other_staff: User
    admin: User
    family: User
    classmate_family: User
    outsider_admin: User
    outsider_youth: User


def setup() -> Setup:
    org = make_org()
    program = make_program(org)
    cohort = make_cohort(org, program)
    other_cohort = make_cohort(org, program)
    youth = make_youth(org, cohort, grade=8, name="Robin Notes")
    classmate = make_youth(org, cohort, grade=8, name="Sam Other")
    other = make_org()
    other_cohort_b = make_cohort(other, make_program(other))
    return Setup(
        youth=youth,
        classmate=classmate,
        staff=make_staff(org, [cohort], name="Ms. Staff"),
        other_staff=make_staff(org, [other_cohort]),
        admin=make_admin(org),
        family=make_family(org, [youth], name="Pat Parent"),
        classmate_family=make_family(org, [classmate]),
        outsider_admin=make_admin(other),
        outsider_youth=make_youth(other, other_cohort_b),
    )
