"""A small world for the family-event tests: two cohorts with their staff, youth and
families, an admin, and another organization."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ccl_youth.accounts.models import User
from ccl_youth.programs.models import Cohort
from tests.factories import (
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_program,
    make_staff,
    make_youth,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def at(day: int, hour: int = 18, month: int = 3) -> datetime:
    """A moment in 2026 (UTC)."""
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@dataclass
class Setup:
    cohort1: Cohort
    cohort2: Cohort
    staff1: User
    staff2: User
    admin: User
    youth1: User
    youth2: User
    family1: User
    family1b: User
    family2: User
    other_cohort: Cohort
    other_staff: User
    other_family: User


def setup() -> Setup:
    org = make_org()
    program = make_program(org)
    cohort1 = make_cohort(org, program, name="Robotics Club")
    cohort2 = make_cohort(org, program, name="Art Camp")
    youth1 = make_youth(org, cohort1, name="Robin Events")
    youth2 = make_youth(org, cohort2, name="Sam Events")
    other = make_org()
    other_cohort = make_cohort(other, make_program(other), name="Elsewhere")
    other_youth = make_youth(other, other_cohort)
    return Setup(
        cohort1,
        cohort2,
        make_staff(org, [cohort1], name="Dana Staff"),
        make_staff(org, [cohort2], name="Eli Staff"),
        make_admin(org),
        youth1,
        youth2,
        make_family(org, [youth1], name="Ana Family"),
        make_family(org, [youth1], name="Ben Family"),
        make_family(org, [youth2], name="Cal Family"),
        other_cohort,
        make_staff(other, [other_cohort]),
        make_family(other, [other_youth]),
    )
