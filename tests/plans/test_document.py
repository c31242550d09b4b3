"""The plan document: every element filled from the plan and the youth's record, with
hand-checked values, and a statement count that does not grow with the record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.plans.document import build_plan_document
from ccl_youth.plans.document_types import school_year_label
from ccl_youth.web.catalog import catalog as experience_catalog
from ccl_youth.web.catalog import plans, recognition
from tests.plans.export_helpers import (
    COURSES,
    SIGNED,
    add_aid,
    add_courses,
    add_plan,
    add_resume_lines,
    make_plan_world,
)

D = Decimal


def _document(plan):
    return build_plan_document(db.session, plan, plans(), experience_catalog(), recognition())


def test_school_year_label():
    assert school_year_label(2026) == "2026–27"
    assert school_year_label(1999, "-") == "1999-00"


def test_header_and_elements_in_order(app):
    w = make_plan_world(db.session)
    doc = _document(w.plan)
    h = doc.header
    assert (h.youth_name, h.grade, h.school_year, h.school_year_label) == (
        "Robin Planner", 10, 2026, "2026–27",
    )  # fmt: skip
    assert (h.signed_by, h.signed_dt, h.sign_off_note, h.is_signed) == (
        "Casey Staff", SIGNED, "Good plan.", True,
    )  # fmt: skip
    assert [key for key, _ in doc.headings] == ["a", "b", "c", "d", "e", "pathway"]
    assert doc.headings[0][1] == "Career goals and interests"


def test_element_a_has_the_inventory_clusters_and_favourites(app):
    w = make_plan_world(db.session)
    a = _document(w.plan).a
    assert (a.career_goals, a.interests_note) == ("Become a welder.", "I like building things.")
    assert a.inventory is not None
    # Answers R3 I2 A1 S1 E1 C2: realistic first, then investigative and conventional.
    assert a.inventory.holland_code == "RIC"
    assert a.inventory.top_areas == ("Realistic", "Investigative", "Conventional")
    assert a.inventory.clusters[0] == "Advanced Manufacturing"
    assert a.favourite_careers == ("Welders",)


def test_element_b_has_goals_and_route(app):
    w = make_plan_world(db.session)
    b = _document(w.plan).b
    assert (b.route, b.route_name) == ("two_year", "Two-year or technical college")
    assert [(g.title, g.status) for g in b.goals] == [
        ("Finish Algebra II", "active"),
        ("Visit a welding school", "completed"),
    ]


def test_element_c_groups_courses_and_tallies(app):
    w = make_plan_world(db.session)
    c = _document(w.plan).c
    assert [g.grade for g in c.grades] == [9, 10, 11, 12]
    assert [len(g.courses) for g in c.grades] == [4, 3, 2, 2]
    assert [g.credits for g in c.grades] == [D("3.5"), D(3), D(2), D("1.5")]
    by_area = {t.slug: t for t in c.tally}
    assert (by_area["english"].planned, by_area["english"].completed) == (D(3), D(1))
    assert by_area["english"].short_by == D(1)
    assert by_area["health"].met and by_area["math"].met and not by_area["science"].met
    assert by_area["electives"].planned == D(1)  # Latin I: an area the org does not have
    assert (c.totals.planned, c.totals.completed, c.totals.required) == (D(10), D("3.5"), D(24))
    assert [g.part for g in c.guidance] == ["i", "iv", "v", "vi", "vii", "viii"]
    assert [x.title for x in c.accelerated] == ["English 10", "Intro to Welding", "AP Language"]
    assert [x.title for x in c.cte_equivalency] == ["Intro to Welding"]
    assert [x.title for x in c.credit_recovery] == ["Algebra II"]
    assert [x.acceleration_name for x in c.accelerated if x.title == "AP Language"] == [
        "Advanced Placement (AP)"
    ]
    # Only verified hours (240 + 210 minutes = 7.5 h); the planned placement is left out.
    assert [(p.title, p.type_name, p.partner_name, p.verified_hours) for p in c.placements] == [
        ("Welding intern", "Internship", "Cascade Metal Works", D("7.50")),
    ]
    # Only work-based activities: the job shadow, not the guest speaker; 150 minutes attended.
    assert [(x.title, x.activity_date, x.hours) for x in c.activities] == [
        ("Shadow a fabricator", date(2026, 4, 9), D("2.50")),
    ]


def test_element_d_lists_every_aid_item(app):
    w = make_plan_world(db.session)
    d = _document(w.plan).d
    assert len(d.items) == 9 and d.received_count == 2
    first = d.items[0]
    assert (first.slug, first.part, first.received_on, first.recorded_by) == (
        "college_bound", "d_i", date(2026, 9, 1), "Casey Staff",
    )  # fmt: skip
    assert [i.received_on for i in d.items if i.slug == "sample_letter"] == [None]


def test_element_e_and_pathway(app):
    w = make_plan_world(db.session)
    doc = _document(w.plan)
    titles = [item.title for item in doc.e.items]
    assert "Résumé line 1" in titles and "Welding intern" in titles
    assert [(p.slug, p.name) for p in doc.pathway.pathways] == [
        ("cte_sequence", "Career and technical sequence"),
        ("dual_credit", "Dual credit"),
    ]
    assert doc.pathway.notes == "Welding sequence."


def test_without_the_experience_catalog_no_activities_and_slug_names(app):
    w = make_plan_world(db.session)
    c = build_plan_document(db.session, w.plan, plans()).c
    assert c.activities == () and c.placements[0].type_name == "internship"


def test_an_empty_plan(app):
    w = make_plan_world(db.session)
    plan = add_plan(db.session, w.other_youth, w.org, school_year=2026, grade=9)
    db.session.commit()
    doc = _document(plan)
    assert doc.header.signed_by is None and not doc.header.is_signed
    assert doc.a.inventory is None and doc.a.favourite_careers == ()
    assert all(g.courses == () for g in doc.c.grades)
    assert doc.c.totals.short_by == D(24) and doc.d.received_count == 0
    assert doc.pathway.pathways == () and doc.b.route_name == ""


def test_statement_count_does_not_grow_with_the_plan(app):
    w = make_plan_world(db.session)
    db.session.expire_all()
    with StatementCounter(db.engine) as small:
        _document(w.plan)
    add_courses(db.session, w.plan, COURSES * 3)
    add_aid(db.session, w.plan, w.staff, ["wa_college_grant", "sample_letter", "advising_days"])
    add_resume_lines(db.session, w.youth, w.org, 25)
    db.session.commit()
    db.session.expire_all()
    with StatementCounter(db.engine) as large:
        doc = _document(w.plan)
    assert len(doc.c.grades[0].courses) == 16 and doc.d.received_count == 5
    assert large.count == small.count
