"""Plans that may be read but not changed, and starts that meet at once: a youth whose grade is
now below 7 (or unknown) keeps a readable plan that no one can change or sign, with the reason
naming the grade; two starts of the same school year that both pass the check return the one
version instead of a database error."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, func, select, update

from ccl_youth.accounts.models import YouthProfile
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.plans import courses, services, versions
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.rules import CourseInput, PlanInput, school_year_of
from ccl_youth.web.catalog import plans
from tests.factories import login_as, web_client
from tests.plans.pages_helpers import TODAY, add_version, setup

YEAR = school_year_of(date.today())


@pytest.fixture
def s(app):
    return setup()


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _set_grade(youth_id, grade):
    """``None``: no grade at all (the youth has no profile row)."""
    if grade is None:
        db.session.execute(delete(YouthProfile).where(YouthProfile.user_id == youth_id))
    else:
        db.session.execute(
            update(YouthProfile).where(YouthProfile.user_id == youth_id).values(grade=grade)
        )
    db.session.commit()


@pytest.mark.parametrize(("grade", "words"), [(6, "grade 6"), (None, "needs the youth's grade")])
def test_services_refuse_to_change_the_plan_of_a_youth_below_grade_7(s, grade, words):
    plan = add_version(s.youth, 2026, career_goals="Vet")
    course_id = db.session.scalar(select(PlanCourse.id).where(PlanCourse.plan_id == plan.id))
    _set_grade(s.youth.id, grade)
    course = CourseInput(grade="10", area="math", title="Geometry", credits="1")
    attempts = [
        lambda: services.update_plan(db.session, s.youth, s.youth.id, None,
                                     PlanInput(career_goals="Chef"), plans(), TODAY),
        lambda: services.sign_off(db.session, s.staff, s.youth.id, None, "Ok", TODAY),
        lambda: courses.add_course(db.session, s.staff, s.youth.id, None, course, plans(), TODAY),
        lambda: courses.update_course(db.session, s.youth, s.youth.id, course_id, course,
                                      plans(), TODAY),
        lambda: courses.remove_course(db.session, s.youth, s.youth.id, course_id, TODAY),
        lambda: courses.record_aid(db.session, s.youth, s.youth.id, None,
                                   {"advising_days": TODAY}, plans(), TODAY),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(ValidationFailed) as caught:
            attempt()
        assert list(caught.value.errors) == ["grade"]
        assert words in caught.value.errors["grade"][0]
        assert "can be read but not changed" in caught.value.errors["grade"][0]
    state = services.plan_state(db.session, s.youth, s.youth.id, plans(), TODAY)
    assert state.document is not None and state.document.a.career_goals == "Vet"
    assert not state.is_editable and state.grade_problem is not None
    db.session.rollback()
    assert _count(PlanCourse) == 1 and _count(PlanAidItem) == 1
    assert db.session.get(Plan, plan.id).signed_dt is None


def test_the_pages_show_the_plan_but_refuse_changes_naming_the_grade(app, s):
    add_version(s.youth, YEAR, career_goals="Vet")
    _set_grade(s.youth.id, 6)
    youth = login_as(web_client(app), s.youth)
    page = youth.get("/my/plan")
    assert page.status_code == 200 and "Vet" in page.text
    assert "you are in grade 6, so you can read it but not change it" in page.text
    assert "Change my plan" not in page.text
    for response in (
        youth.get("/my/plan/edit"),
        youth.post("/my/plan/edit", data={"year": str(YEAR), "career_goals": "Chef"}),
        youth.get("/my/plan/courses"),
        youth.post("/my/plan/aid", data={"received_advising_days": date.today().isoformat()}),
    ):
        assert response.status_code == 400
        assert "starts in grade 7" in response.text and "grade 6" in response.text
    staff = login_as(web_client(app), s.staff)
    shown = staff.get(f"/youth/{s.youth.id}/plan")
    assert shown.status_code == 200 and "Sign the plan" not in shown.text
    assert "can be read but not changed" in shown.text
    signed = staff.post(f"/youth/{s.youth.id}/plan/sign-off", data={"year": str(YEAR)})
    assert signed.status_code == 400 and "grade 6" in signed.text
    assert youth.get("/my/plan.pdf").status_code == 200  # reading stays allowed
    db.session.expire_all()
    plan = db.session.scalar(select(Plan))
    assert (plan.career_goals, plan.signed_dt) == ("Vet", None) and _count(PlanAidItem) == 1


def test_two_starts_at_once_return_the_one_version(s, monkeypatch):
    """The second start read "no version yet" before the first one committed: its insert meets
    the unique (youth, school year) constraint, and it answers as a second press does."""
    first, created = versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    db.session.commit()
    assert created
    monkeypatch.setattr(versions, "versions_of", lambda session, youth_id: [])  # the stale read
    again, created = versions.start_plan(db.session, s.staff, s.youth.id, TODAY)
    assert not created and again.id == first.id
    db.session.commit()  # the session is still usable
    assert _count(Plan) == 1


def test_two_starts_at_once_through_the_page(app, s, monkeypatch):
    add_version(s.youth, YEAR)
    monkeypatch.setattr(versions, "versions_of", lambda session, youth_id: [])
    response = login_as(web_client(app), s.youth).post("/my/plan/start")
    assert response.status_code == 302 and response.location.endswith("/my/plan")
    assert _count(Plan) == 1
