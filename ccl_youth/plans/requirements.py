"""Graduation requirements of an organization and the credit tally of a course plan.

An organization's own ``GraduationRequirement`` rows replace the content default
(``content/graduation_requirements.yaml``) as a whole; with no rows the default applies.

``tally`` is pure. Rules (hand-checked in tests/plans/test_requirements.py):

- *planned* credits of an area are the credits of every course in it, whatever its status
  (planned, in progress or completed); *completed* credits only those of completed courses.
- a course whose area the organization does not have counts toward ``electives`` when the
  organization has that area, otherwise it only counts in the totals.
- credits beyond an area's requirement stay in that area (they do not spill into electives).
- ``short_by`` is what the plan still lacks in an area (never negative); an area is ``met``
  when its planned credits reach the requirement. The totals add the areas up, so the total
  ``short_by`` is the sum of the areas' shortfalls and the plan is ``met`` only when every area
  is, even if extra credits elsewhere make the total credit count large enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.core.content_plans import PlanCatalog, RequirementArea
from ccl_youth.plans.models import GraduationRequirement

ELECTIVES = "electives"
COMPLETED = "completed"
ZERO = Decimal(0)


class CourseLike(Protocol):
    """What the tally reads of a course (a ``PlanCourse`` or any look-alike)."""

    @property
    def area(self) -> str: ...

    @property
    def credits(self) -> Decimal: ...

    @property
    def status(self) -> str: ...


@dataclass(frozen=True, slots=True)
class AreaTally:
    slug: str
    name: str
    required: Decimal
    planned: Decimal
    completed: Decimal

    @property
    def short_by(self) -> Decimal:
        return max(self.required - self.planned, ZERO)

    @property
    def met(self) -> bool:
        return self.planned >= self.required

    @property
    def completed_met(self) -> bool:
        """The requirement is already earned, not just planned."""
        return self.completed >= self.required


@dataclass(frozen=True, slots=True)
class TallyTotals:
    required: Decimal
    planned: Decimal
    completed: Decimal
    short_by: Decimal
    met: bool
    #: areas whose planned credits fall short, in area order
    short_areas: tuple[str, ...]


def requirements_for(
    session: Session, organization_id: int, catalog: PlanCatalog
) -> tuple[RequirementArea, ...]:
    """The organization's requirement areas in position order, or the catalog's default when
    it has none. A local area keeps the default's summary when its slug matches one."""
    rows = session.scalars(
        select(GraduationRequirement)
        .where(GraduationRequirement.organization_id == organization_id)
        .order_by(GraduationRequirement.position, GraduationRequirement.id)
    ).all()
    if not rows:
        return catalog.areas
    summaries = {area.slug: area.summary for area in catalog.areas}
    return tuple(
        RequirementArea(
            slug=row.area,
            name=row.name,
            credits=Decimal(row.credits),
            summary=summaries.get(row.area, ""),
        )
        for row in rows
    )


def tally(areas: Sequence[RequirementArea], courses: Iterable[CourseLike]) -> list[AreaTally]:
    """Planned and completed credits per area against its requirement, in area order."""
    known = {area.slug for area in areas}
    planned: dict[str, Decimal] = {}
    completed: dict[str, Decimal] = {}
    for course in courses:
        slug = course.area if course.area in known else ELECTIVES
        credits = Decimal(course.credits)
        planned[slug] = planned.get(slug, ZERO) + credits
        if course.status == COMPLETED:
            completed[slug] = completed.get(slug, ZERO) + credits
    return [
        AreaTally(
            slug=area.slug,
            name=area.name,
            required=Decimal(area.credits),
            planned=planned.get(area.slug, ZERO),
            completed=completed.get(area.slug, ZERO),
        )
        for area in areas
    ]


def totals(tallies: Sequence[AreaTally], courses: Iterable[CourseLike]) -> TallyTotals:
    """The plan as a whole: every course's credits (also those in no known area) against the
    sum of the requirements; short by the sum of the areas' shortfalls."""
    planned = completed = ZERO
    for course in courses:
        planned += Decimal(course.credits)
        if course.status == COMPLETED:
            completed += Decimal(course.credits)
    short_areas = tuple(t.slug for t in tallies if not t.met)
    return TallyTotals(
        required=sum((t.required for t in tallies), ZERO),
        planned=planned,
        completed=completed,
        short_by=sum((t.short_by for t in tallies), ZERO),
        met=not short_areas,
        short_areas=short_areas,
    )


def format_credits(value: Decimal) -> str:
    """Credits as people write them: 3, 0.5, 1.25 (no trailing zeros)."""
    text = format(Decimal(value).normalize(), "f")
    return text if text != "-0" else "0"
