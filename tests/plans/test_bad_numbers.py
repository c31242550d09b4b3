"""Numbers and days typed or sent to the plan pages: digits that are not ASCII ("²" passes
``str.isdigit()`` but ``int()`` refuses it; ``int()`` reads "٣" as 3) are a 404 for a school
year and a named field error for a grade or an order, never a 500; a day an aid item was
received before 2000 is a named field error. Nothing is saved."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ccl_youth.extensions import db
from ccl_youth.plans.models import GraduationRequirement, Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.rules import COURSE_GRADES, received_problem, school_year_of, whole_number
from ccl_youth.web.catalog import plans
from tests.factories import field_errors, login_as, web_client
from tests.plans.export_helpers import make_plan_world
from tests.plans.pages_helpers import add_version, setup

YEAR = school_year_of(date.today())
NOT_ASCII = ["²", "٣", "٢٠٢٦", "１０"]


@pytest.fixture
def s(app):
    return setup()


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_whole_number_takes_ascii_digits_only():
    assert whole_number("10", COURSE_GRADES) == 10
    assert whole_number(" 9 ", COURSE_GRADES) == 9
    for text in ("²", "٣", "١٠", "１０", "", None, "-9", "9.0", "8", "1" * 5000):
        assert whole_number(text, COURSE_GRADES) is None, text


def test_aid_days_before_2000_are_refused():
    today = date(2026, 9, 15)
    assert received_problem("Sample letter", date(2000, 1, 1), today) is None
    assert received_problem("Sample letter", date(1999, 12, 31), today) == (
        "Date received for Sample letter: pick a day in 2000 or later."
    )
    assert received_problem("Sample letter", date(1, 1, 1), today) is not None


@pytest.mark.parametrize("year", NOT_ASCII)
def test_a_school_year_in_other_digits_is_a_404_and_saves_nothing(app, s, year):
    plan = add_version(s.youth, YEAR, career_goals="Vet")
    youth = login_as(web_client(app), s.youth)
    staff = login_as(web_client(app), s.staff)
    today = date.today().isoformat()
    course = {"grade": "10", "area": "math", "title": "Geometry", "credits": "1",
              "status": "planned"}  # fmt: skip
    for response in (
        youth.post("/my/plan/edit", data={"year": year, "career_goals": "Chef"}),
        youth.post("/my/plan/courses", data={"year": year, **course}),
        youth.post("/my/plan/aid", data={"year": year, "received_advising_days": today}),
        staff.post(f"/youth/{s.youth.id}/plan/sign-off", data={"year": year, "note": "Ok"}),
        staff.post(f"/youth/{s.youth.id}/plan/edit", data={"year": year, "career_goals": "X"}),
        youth.get(f"/my/plan?year={year}"),
        youth.get(f"/my/plan.json?year={year}"),
        staff.get(f"/youth/{s.youth.id}/plan.pdf?year={year}"),
    ):
        assert response.status_code == 404, response.request.path
    db.session.expire_all()
    saved = db.session.get(Plan, plan.id)
    assert (saved.career_goals, saved.signed_dt) == ("Vet", None)
    assert _count(PlanCourse) == 1 and _count(PlanAidItem) == 1  # only what add_version made


@pytest.mark.parametrize("grade", NOT_ASCII + ["١٠"])
def test_a_course_grade_in_other_digits_is_a_field_error(app, s, grade):
    add_version(s.youth, YEAR)
    client = login_as(web_client(app), s.youth)
    response = client.post(
        "/my/plan/courses",
        data={"year": str(YEAR), "grade": grade, "area": "math", "title": "Geometry",
              "credits": "1", "status": "planned"},
    )  # fmt: skip
    assert response.status_code == 400
    assert field_errors(response.text)["grade"] == "Grade: pick 9, 10, 11 or 12."
    assert _count(PlanCourse) == 1


def test_an_aid_day_before_2000_is_a_field_error_naming_the_item(app, s):
    add_version(s.youth, YEAR)
    client = login_as(web_client(app), s.youth)
    page = client.get("/my/plan/aid")
    assert 'min="2000-01-01"' in page.text
    response = client.post(
        "/my/plan/aid",
        data={"year": str(YEAR), "received_sample_letter": "0001-01-01",
              "received_advising_days": date.today().isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert field_errors(response.text)["received_sample_letter"] == (
        "Date received for Sample financial-aid letter: pick a day in 2000 or later."
    )
    assert _count(PlanAidItem) == 1  # only the one add_version made: nothing half-saved


@pytest.mark.parametrize("position", ["²", "٣"])
def test_an_area_order_in_other_digits_is_a_field_error(app, position):
    w = make_plan_world(db.session)
    data = {}
    for index, area in enumerate(plans().areas):
        data[f"areas-{index}-area"] = area.slug
        data[f"areas-{index}-name"] = area.name
        data[f"areas-{index}-credits"] = str(area.credits)
        data[f"areas-{index}-position"] = str(index + 1)
    data["areas-3-position"] = position
    response = login_as(web_client(app), w.admin).post("/admin/graduation-requirements", data=data)
    assert response.status_code == 400
    assert field_errors(response.text)["areas-3-position"].startswith("Order must be")
    assert _count(GraduationRequirement) == 0


@pytest.mark.parametrize("cohort", ["²", "٣", "0", "9" * 30, ""])
def test_a_cohort_filter_that_is_not_an_id_is_a_404(app, cohort):
    w = make_plan_world(db.session)
    response = login_as(web_client(app), w.staff).get(f"/plans/export.csv?cohort={cohort}")
    assert response.status_code == 404
