"""The plan's pure rules: school years (1 July), grades 7–12, the words, courses and aid dates,
with hand-worked expectations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ccl_youth.plans.rules import (
    CourseInput,
    PlanInput,
    clean_course,
    clean_plan,
    grade_problem,
    parse_credits,
    received_problem,
    school_year_of,
    split_pathways,
)

ROUTES = {"four_year", "two_year"}
PATHWAYS = {"state_tests", "dual_credit", "asvab", "sat_act"}
AREAS = ["english", "math", "electives"]
ACCELERATIONS = {"ap", "honors"}


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 6, 30), 2025),
        (date(2026, 7, 1), 2026),
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 6, 30), 2026),
    ],
)
def test_school_year_starts_on_the_first_of_july(day, year):
    assert school_year_of(day) == year


def test_grades_seven_to_twelve_may_have_a_plan():
    assert grade_problem(7) is None and grade_problem(12) is None
    assert "starts in grade 7" in grade_problem(6)
    assert "grade 6" in grade_problem(6)
    assert "past grade 12" in grade_problem(13)
    assert "grade" in grade_problem(None)


def test_clean_plan_trims_and_keeps_known_choices():
    data = PlanInput(career_goals="  Nurse  ", postsecondary_route="two_year",
                     pathways=("asvab", "", "asvab", "state_tests"))  # fmt: skip
    clean, errors = clean_plan(data, ROUTES, PATHWAYS)
    assert errors == {}
    assert clean.career_goals == "Nurse"
    assert clean.pathways == ("asvab", "state_tests")  # blank and repeat left out
    assert clean.postsecondary_route == "two_year"


def test_clean_plan_names_the_bad_fields():
    data = PlanInput(postsecondary_route="moon", pathways=("asvab", "flying"),
                     cte_notes="x" * 2001)  # fmt: skip
    _clean, errors = clean_plan(data, ROUTES, PATHWAYS)
    assert set(errors) == {"postsecondary_route", "pathways", "cte_notes"}
    assert errors["postsecondary_route"][0].startswith("After high school")
    assert errors["pathways"][0].startswith("Graduation pathway")


def test_at_most_three_pathways():
    data = PlanInput(pathways=("asvab", "state_tests", "dual_credit", "sat_act"))
    _clean, errors = clean_plan(data, ROUTES, PATHWAYS)
    assert errors == {"pathways": ["Graduation pathway: pick at most 3."]}
    _clean, errors = clean_plan(PlanInput(pathways=("asvab", "state_tests", "sat_act")), ROUTES,
                                PATHWAYS)  # fmt: skip
    assert errors == {}


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.25", Decimal("0.25")), ("1", Decimal(1)), (" 1.75 ", Decimal("1.75")), ("2", Decimal(2)),
     ("0", None), ("2.3", None), ("2.25", None), ("0.3", None), ("abc", None), ("", None),
     ("-1", None), ("NaN", None), ("Infinity", None)],
)  # fmt: skip
def test_credits_are_quarters_from_a_quarter_to_two(text, value):
    assert parse_credits(text) == value


def _course(**changes):
    data = {"grade": "10", "area": "math", "title": " Geometry ", "credits": "1",
            "acceleration": "", "status": "planned"}  # fmt: skip
    data.update(changes)
    return CourseInput(**data)


def test_a_good_course():
    clean, errors = clean_course(_course(acceleration="ap", is_cte_equivalency=True), AREAS,
                                 ACCELERATIONS)  # fmt: skip
    assert errors == {}
    assert (clean.grade, clean.title, clean.credits, clean.acceleration) == (
        10, "Geometry", Decimal(1), "ap")  # fmt: skip
    assert clean.is_cte_equivalency is True and clean.is_credit_recovery is False


@pytest.mark.parametrize(
    ("changes", "field", "starts"),
    [
        ({"grade": "8"}, "grade", "Grade:"),
        ({"grade": "13"}, "grade", "Grade:"),
        ({"grade": "ten"}, "grade", "Grade:"),
        ({"credits": "0"}, "credits", "Credits:"),
        ({"credits": "2.3"}, "credits", "Credits:"),
        ({"credits": "abc"}, "credits", "Credits:"),
        ({"area": "astrology"}, "area", "Requirement area:"),
        ({"acceleration": "turbo"}, "acceleration", "Advanced or dual credit:"),
        ({"status": "maybe"}, "status", "Status:"),
        ({"title": "   "}, "title", "Course name:"),
        ({"title": "x" * 121}, "title", "Course name:"),
    ],
)
def test_bad_course_fields_are_named(changes, field, starts):
    clean, errors = clean_course(_course(**changes), AREAS, ACCELERATIONS)
    assert clean is None
    assert list(errors) == [field]
    assert errors[field][0].startswith(starts)


def test_aid_dates_are_not_in_the_future():
    today = date(2026, 9, 15)
    assert received_problem("Sample letter", date(2026, 9, 15), today) is None
    assert received_problem("Sample letter", None, today) is None
    assert received_problem("Sample letter", date(2026, 9, 16), today) == (
        "Date received for Sample letter: pick today or a day before."
    )


def test_split_pathways():
    assert split_pathways("") == ()
    assert split_pathways("asvab,state_tests") == ("asvab", "state_tests")
