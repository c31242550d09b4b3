"""What changed between two plan versions: hand-built snapshots and the changes expected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ccl_youth.plans.diff import Change, CourseLine, Snapshot, compare

BIO = CourseLine(grade=9, title="Biology", area="science", credits=Decimal(1))
ALG = CourseLine(grade=9, title="Algebra I", area="math", credits=Decimal(1), status="completed")


def _snap(**changes):
    data = {"school_year": 2025, "grade": 9, "texts": {"career_goals": "Nurse"},
            "postsecondary_route": "two_year", "pathways": ("asvab",), "courses": (BIO, ALG),
            "aid": {"college_bound": date(2025, 10, 1)}}  # fmt: skip
    data.update(changes)
    return Snapshot(**data)


def test_the_same_plan_has_no_changes():
    assert compare(_snap(), _snap(school_year=2026)) == []


def test_grade_words_route_and_pathways():
    after = _snap(
        grade=10,
        texts={"career_goals": "Nurse or paramedic", "secondary_goals": "Join HOSA"},
        postsecondary_route="four_year",
        pathways=("state_tests",),
    )
    assert compare(_snap(), after) == [
        Change("grade", before=9, after=10),
        Change("text", name="career_goals", how="rewritten"),
        Change("text", name="secondary_goals", how="written"),
        Change("route", before="two_year", after="four_year"),
        Change("pathways", added=("state_tests",), removed=("asvab",)),
    ]
    cleared = compare(after, _snap(grade=10, texts={"career_goals": "Nurse or paramedic"},
                                   postsecondary_route="four_year",
                                   pathways=("state_tests",)))  # fmt: skip
    assert cleared == [Change("text", name="secondary_goals", how="cleared")]


def test_courses_added_removed_and_changed():
    chem = CourseLine(grade=10, title="Chemistry", area="science", credits=Decimal(1))
    alg_half = CourseLine(grade=9, title="algebra  i", area="math", credits=Decimal("0.5"),
                          status="in_progress")  # fmt: skip
    changes = compare(_snap(), _snap(courses=(alg_half, chem)))
    assert changes == [
        Change("course_added", course=chem),
        Change("course_removed", course=BIO),
        Change(
            "course_changed",
            course=alg_half,
            fields=(
                ("credits", Decimal(1), Decimal("0.5")),
                ("status", "completed", "in_progress"),
            ),
        ),
    ]


def test_a_course_taken_twice_is_matched_once():
    twice = (BIO, BIO)
    assert compare(_snap(courses=twice), _snap(courses=(BIO,))) == [
        Change("course_removed", course=BIO)
    ]
    assert compare(_snap(courses=(BIO,)), _snap(courses=twice)) == [
        Change("course_added", course=BIO)
    ]


def test_aid_received_cleared_and_redated():
    before = _snap(aid={"college_bound": date(2025, 10, 1), "sample_letter": date(2025, 11, 2)})
    after = _snap(aid={"college_bound": date(2025, 10, 3), "aid_calculator": date(2026, 1, 5)})
    assert compare(before, after) == [
        Change("aid_received", name="aid_calculator", after=date(2026, 1, 5)),
        Change("aid_redated", name="college_bound", before=date(2025, 10, 1),
               after=date(2025, 10, 3)),
        Change("aid_cleared", name="sample_letter", before=date(2025, 11, 2)),
    ]  # fmt: skip
