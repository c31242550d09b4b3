"""Graduation requirements: the organization's rows or the content default, and the credit
tally with hand-computed sums."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ccl_youth.core.content_plans import RequirementArea
from ccl_youth.extensions import db
from ccl_youth.plans.models import GraduationRequirement
from ccl_youth.plans.requirements import format_credits, requirements_for, tally, totals
from ccl_youth.web.catalog import plans as web_plans
from tests.factories import make_org

D = Decimal
AREAS = (
    RequirementArea("english", "English", D(4)),
    RequirementArea("math", "Mathematics", D(3)),
    RequirementArea("electives", "Electives", D(2)),
)


@dataclass(frozen=True)
class C:
    area: str
    credits: Decimal
    status: str = "planned"


def test_tally_counts_planned_and_completed_per_area():
    courses = [
        C("english", D(1), "completed"),
        C("english", D(1), "in_progress"),
        C("english", D("0.5")),
        C("math", D(1), "completed"),
        C("math", D(1), "completed"),
        C("math", D(1)),
        C("math", D(1)),  # a fourth year of math stays in math
        C("latin", D("0.25"), "completed"),  # unknown area → electives
    ]
    rows = tally(AREAS, courses)
    assert [(r.slug, r.required, r.planned, r.completed) for r in rows] == [
        ("english", D(4), D("2.5"), D(1)),
        ("math", D(3), D(4), D(2)),
        ("electives", D(2), D("0.25"), D("0.25")),
    ]
    assert [(r.short_by, r.met) for r in rows] == [
        (D("1.5"), False),
        (D(0), True),
        (D("1.75"), False),
    ]
    assert not rows[1].completed_met
    total = totals(rows, courses)
    # 1 + 1 + 0.5 + 4 + 0.25 = 6.75 planned; 1 + 2 + 0.25 = 3.25 completed; 9 required;
    # short by 1.5 + 1.75 = 3.25 even though the total is only 2.25 under.
    assert (total.required, total.planned, total.completed) == (D(9), D("6.75"), D("3.25"))
    assert total.short_by == D("3.25") and not total.met
    assert total.short_areas == ("english", "electives")


def test_without_an_electives_area_unknown_courses_count_only_in_the_totals():
    areas = AREAS[:2]
    courses = [C("english", D(4)), C("math", D(3), "completed"), C("art", D(1))]
    rows = tally(areas, courses)
    assert [(r.planned, r.met) for r in rows] == [(D(4), True), (D(3), True)]
    total = totals(rows, courses)
    assert (total.planned, total.completed, total.short_by, total.met) == (D(8), D(3), D(0), True)


def test_an_empty_plan_is_short_by_everything():
    rows = tally(AREAS, [])
    total = totals(rows, [])
    assert [r.planned for r in rows] == [D(0)] * 3
    assert (total.planned, total.short_by, total.met) == (D(0), D(9), False)


def test_format_credits():
    assert [format_credits(D(x)) for x in ("3.00", "0.50", "1.25", "24", "0")] == [
        "3", "0.5", "1.25", "24", "0",
    ]  # fmt: skip


def test_requirements_for_uses_the_organization_rows_in_order_else_the_default(app):
    catalog = web_plans()
    org, other = make_org(), make_org()
    assert requirements_for(db.session, org.id, catalog) == catalog.areas
    db.session.add_all([
        GraduationRequirement(organization_id=org.id, area="math", name="Math", credits=D(4),
                              position=2),
        GraduationRequirement(organization_id=org.id, area="english", name="English",
                              credits=D("3.5"), position=1),
        GraduationRequirement(organization_id=org.id, area="robotics", name="Robotics",
                              credits=D("0.25"), position=3),
    ])  # fmt: skip
    db.session.commit()
    areas = requirements_for(db.session, org.id, catalog)
    assert [(a.slug, a.name, a.credits) for a in areas] == [
        ("english", "English", D("3.5")),
        ("math", "Math", D(4)),
        ("robotics", "Robotics", D("0.25")),
    ]
    assert areas[0].summary.startswith("Four years") and areas[2].summary == ""
    assert requirements_for(db.session, other.id, catalog) == catalog.areas
