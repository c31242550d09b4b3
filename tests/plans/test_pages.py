"""Plan pages through HTTP: the youth starts, fills in and shows the plan; staff change it and
sign; family read it; refusals (grade 6, last year's version); bad input as field errors with
nothing saved; the versions page in plain sentences; the conference view."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.rules import school_year_of
from tests.factories import field_errors, login_as, web_client
from tests.plans.pages_helpers import add_version, setup

YEAR = school_year_of(date.today())
LABEL = f"{YEAR}–{(YEAR + 1) % 100:02d}"
LAST_LABEL = f"{YEAR - 1}–{YEAR % 100:02d}"


@pytest.fixture
def s(app):
    return setup()


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _course(**changes):
    data = {
        "grade": "10",
        "area": "math",
        "title": "Geometry",
        "credits": "1",
        "acceleration": "",
        "status": "planned",
    }
    data.update(changes)
    return data


def _plan():
    db.session.expire_all()
    return db.session.scalar(select(Plan).where(Plan.school_year == YEAR))


def test_youth_starts_fills_in_and_shows_the_plan(app, s):
    client = login_as(web_client(app), s.youth)
    home = client.get("/youth")
    assert 'href="/my/plan"' in home.text
    page = client.get("/my/plan")
    assert page.status_code == 200 and f"Start my plan for {LABEL}" in page.text
    assert client.get("/my/plan/edit").status_code == 302  # nothing to change yet
    assert client.post("/my/plan/start").status_code == 302
    assert client.post("/my/plan/start").status_code == 302  # a double click
    assert _count(Plan) == 1
    edit = client.get("/my/plan/edit")
    assert edit.status_code == 200 and "From the record" in edit.text
    saved = client.post(
        "/my/plan/edit",
        data={
            "year": str(YEAR),
            "career_goals": "Become a nurse",
            "postsecondary_route": "two_year",
            "pathways": ["state_tests", "asvab"],
            "pathway_notes": "Maybe ASVAB",
        },
    )
    assert saved.status_code == 302 and saved.location.endswith("/my/plan")
    plan = _plan()
    assert (plan.career_goals, plan.postsecondary_route, plan.pathways) == (
        "Become a nurse",
        "two_year",
        "state_tests,asvab",
    )
    added = client.post("/my/plan/courses", data=_course(year=str(YEAR), acceleration="honors"))
    assert added.status_code == 302
    grid = client.get("/my/plan/courses")
    assert grid.status_code == 200
    assert "Geometry" in grid.text and "Honors" in grid.text
    assert "Short by 2" in grid.text  # mathematics: 3 needed, 1 planned
    assert "Short by 23" in grid.text  # the total: 24 needed, 1 planned
    course = db.session.scalar(select(PlanCourse))
    changed = client.post(
        f"/my/plan/courses/{course.id}/edit", data=_course(credits="0.5", status="completed")
    )
    assert changed.status_code == 302
    db.session.expire_all()
    assert str(db.session.get(PlanCourse, course.id).credits) in ("0.5", "0.50")
    aid = client.post(
        "/my/plan/aid", data={"year": str(YEAR), "received_college_bound": date.today().isoformat()}
    )
    assert aid.status_code == 302
    shown = client.get("/my/plan")
    for text in (
        "Become a nurse",
        "Two-year or technical college",
        "State tests",
        "ASVAB",
        "Geometry",
        "1 of 9 received",
        "Career goals and interests",
        "Résumé or activity log",
    ):
        assert text in shown.text, text
    assert client.post(f"/my/plan/courses/{course.id}/remove").status_code == 302
    assert _count(PlanCourse) == 0
    conference = client.get("/my/plan/conference")
    assert conference.status_code == 200
    assert 'href="#el-b"' in conference.text and 'class="top"' not in conference.text


def test_a_youth_below_grade_7_is_told_why(app, s):
    client = login_as(web_client(app), s.young)
    assert 'href="/my/plan"' not in client.get("/youth").text
    page = client.get("/my/plan")
    assert page.status_code == 200
    assert "starts in grade 7. You are in grade 6" in page.text
    refused = client.post("/my/plan/start")
    assert refused.status_code == 400 and "starts in grade 7" in refused.text
    staff = login_as(web_client(app), s.staff)
    assert "grade 6" in staff.get(f"/youth/{s.young.id}/plan").text
    assert staff.post(f"/youth/{s.young.id}/plan/start").status_code == 400
    assert _count(Plan) == 0


def test_last_years_version_is_refused_with_a_clear_message(app, s):
    old = add_version(s.youth, YEAR - 1, career_goals="Vet")
    course_id = db.session.scalar(select(PlanCourse.id).where(PlanCourse.plan_id == old.id))
    client = login_as(web_client(app), s.youth)
    page = client.get("/my/plan")
    assert "A new school year has started" in page.text and "Change my plan" not in page.text
    for response in (
        client.get("/my/plan/edit"),
        client.post("/my/plan/edit", data={"year": str(YEAR - 1), "career_goals": "Chef"}),
        client.get("/my/plan/courses"),
        client.post(f"/my/plan/courses/{course_id}/edit", data=_course()),
        client.post(f"/my/plan/courses/{course_id}/remove"),
        client.get("/my/plan/aid"),
    ):
        assert response.status_code == 400
        assert f"plan for {LAST_LABEL}" in response.text and "can no longer change" in response.text
    client.post("/my/plan/start")
    refused = client.post("/my/plan/edit", data={"year": str(YEAR - 1), "career_goals": "Chef"})
    assert refused.status_code == 400 and "can no longer change" in refused.text
    db.session.expire_all()
    assert db.session.get(Plan, old.id).career_goals == "Vet"
    assert _plan().career_goals == "Vet"  # this year's copy
    assert _count(PlanCourse, PlanCourse.plan_id == old.id) == 1
    versions = client.get("/my/plan/versions")
    assert LAST_LABEL in versions.text and "The first version of the plan." in versions.text
    older = client.get(f"/my/plan?year={YEAR - 1}")
    assert older.status_code == 200 and "can no longer change" in older.text
    assert client.get("/my/plan?year=1800").status_code == 404
    assert client.get("/my/plan?year=abc").status_code == 404


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        ({"credits": "0"}, "credits", "Credits:"),
        ({"credits": "2.3"}, "credits", "Credits:"),
        ({"credits": "abc"}, "credits", "Credits:"),
        ({"grade": "8"}, "grade", "Grade:"),
        ({"grade": "13"}, "grade", "Grade:"),
        ({"area": "astrology"}, "area", "Requirement area:"),
        ({"acceleration": "warp"}, "acceleration", "Advanced or dual credit:"),
    ],
)
def test_bad_courses_are_field_errors_and_save_nothing(app, s, bad, field, words):
    add_version(s.youth, YEAR)
    client = login_as(web_client(app), s.youth)
    response = client.post("/my/plan/courses", data=_course(**bad))
    assert response.status_code == 400
    assert field_errors(response.text)[field].startswith(words)
    assert _count(PlanCourse) == 1  # only the one add_version made


def test_bad_plan_choices_and_aid_dates_are_field_errors(app, s):
    add_version(s.youth, YEAR)
    client = login_as(web_client(app), s.youth)
    response = client.post(
        "/my/plan/edit",
        data={"career_goals": "Pilot", "postsecondary_route": "moon", "pathways": ["flying"]},
    )
    assert response.status_code == 400
    errors = field_errors(response.text)
    assert errors["postsecondary_route"].startswith("After high school")
    assert errors["pathways"].startswith("Graduation pathway")
    too_many = client.post(
        "/my/plan/edit", data={"pathways": ["state_tests", "asvab", "sat_act", "dual_credit"]}
    )
    assert field_errors(too_many.text)["pathways"] == "Graduation pathway: pick at most 3."
    assert _plan().career_goals == ""
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    aid = client.post(
        "/my/plan/aid",
        data={
            "received_sample_letter": tomorrow,
            "received_aid_calculator": date.today().isoformat(),
        },
    )
    assert aid.status_code == 400
    assert field_errors(aid.text)["received_sample_letter"] == (
        "Date received for Sample financial-aid letter: pick today or a day before."
    )
    assert _count(PlanAidItem) == 1  # only the one add_version made: nothing half-saved


def test_staff_change_and_sign_and_a_change_clears_the_sign_off(app, s):
    add_version(s.youth, YEAR)
    staff = login_as(web_client(app), s.staff)
    page = staff.get(f"/youth/{s.youth.id}/plan")
    assert page.status_code == 200 and "Sign the plan" in page.text
    assert (
        staff.post(
            f"/youth/{s.youth.id}/plan/sign-off",
            data={"year": str(YEAR), "note": "Talked it through"},
        ).status_code
        == 302
    )
    signed = staff.get(f"/youth/{s.youth.id}/plan")
    assert "Signed by" in signed.text and "Talked it through" in signed.text
    too_long = staff.post(f"/youth/{s.youth.id}/plan/sign-off", data={"note": "x" * 1001})
    assert too_long.status_code == 400 and "note" in field_errors(too_long.text)
    youth = login_as(web_client(app), s.youth)
    assert "Saving a change clears the sign-off" in youth.get("/my/plan/edit").text
    saved = youth.post("/my/plan/edit", data={"career_goals": "Welder"}, follow_redirects=True)
    assert "the staff sign-off was cleared" in saved.text
    assert _plan().signed_dt is None
    assert staff.post(f"/youth/{s.youth.id}/plan/courses", data=_course()).status_code == 302
    aid = staff.post(
        f"/youth/{s.youth.id}/plan/aid", data={"received_advising_days": date.today().isoformat()}
    )
    assert aid.status_code == 302
    row = db.session.scalar(select(PlanAidItem).where(PlanAidItem.item == "advising_days"))
    assert row.recorded_by_id == s.staff.id
    assert s.staff.display_name in staff.get(f"/youth/{s.youth.id}/plan").text
    actions = set(
        db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.youth_id == s.youth.id, AuditEvent.action.like("plan.%")
            )
        )
    )
    assert {"plan.sign_off", "plan.update", "plan.view", "plan.course.add", "plan.aid"} <= actions


def test_family_read_the_plan_and_the_conference_but_change_nothing(app, s):
    add_version(s.youth, YEAR, career_goals="Marine biologist")
    family = login_as(web_client(app), s.family)
    page = family.get(f"/youth/{s.youth.id}/plan")
    assert page.status_code == 200 and "Marine biologist" in page.text
    assert "Sign the plan" not in page.text and "Change the plan" not in page.text
    conference = family.get(f"/youth/{s.youth.id}/plan/conference")
    assert conference.status_code == 200 and "Marine biologist" in conference.text
    assert family.get(f"/youth/{s.youth.id}/plan/versions").status_code == 200
    assert family.post(f"/youth/{s.youth.id}/plan/edit", data={}).status_code == 403
    assert family.post(f"/youth/{s.youth.id}/plan/sign-off", data={}).status_code == 403
    other = login_as(web_client(app), s.other_staff)
    assert other.get(f"/youth/{s.youth.id}/plan").status_code == 404


def test_versions_page_says_what_changed_in_sentences(app, s):
    add_version(s.youth, YEAR - 1, grade=8, career_goals="Vet", pathways="asvab")
    client = login_as(web_client(app), s.youth)
    client.post("/my/plan/start")
    client.post(
        "/my/plan/edit",
        data={
            "career_goals": "Vet tech",
            "pathways": ["state_tests"],
            "postsecondary_route": "four_year",
        },
    )
    client.post("/my/plan/courses", data=_course(title="Chemistry", grade="10", area="science"))
    text = client.get("/my/plan/versions").text
    for sentence in (
        "Grade 8 became grade 9.",
        "Career goals: rewritten.",
        "After high school: chose Four-year college.",
        "Graduation pathway added: State tests.",
        "Graduation pathway removed: ASVAB.",
        "Added Chemistry to grade 10 (1 credits).",
    ):
        assert sentence in text, sentence


def test_the_conference_view_steps_through_every_element(app, s):
    add_version(s.youth, YEAR)
    client = login_as(web_client(app), s.staff)
    text = client.get(f"/youth/{s.youth.id}/plan/conference").text
    for key in ("a", "b", "c", "d", "e", "pathway"):
        assert f'id="el-{key}"' in text
    assert text.count('rel="next"') == 7 and text.count('rel="prev"') == 7
    assert 'href="#end"' in text and "plan_conference.js" in text
    assert f'href="/youth/{s.youth.id}/plan"' in text  # the way out
