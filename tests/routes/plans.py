"""Access matrix rows and IDOR probes for the High School and Beyond Plan: the plan pages, the
downloads (PDF, JSON, the staff CSV), the organization's graduation requirements and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.extensions import db
from ccl_youth.plans.models import Plan, PlanCourse
from ccl_youth.plans.rules import school_year_of
from tests.factories import World
from tests.idor import IdRoute, Ids
from tests.matrix import DENY_403, DENY_404, LOGIN, OK, REDIRECT, UNAUTH_401, Key, Row

MATRIX_ROWS: dict[Key, Row] = {}
ID_ROUTES: dict[Key, IdRoute] = {}


# --- exports and requirements ------------------------------------------------------------------


def _plan_of(youth_id: int) -> int:
    """The id of the youth's plan for this school year, added the first time it is asked for
    (only the current school year's version may change)."""
    plan_id = db.session.scalar(select(Plan.id).where(Plan.youth_id == youth_id))
    if plan_id is None:
        youth = db.session.get(User, youth_id)
        assert youth is not None
        plan = Plan(organization_id=youth.organization_id, youth_id=youth_id,
                    school_year=school_year_of(date.today()), grade=9,
                    career_goals="A goal to probe")  # fmt: skip
        db.session.add(plan)
        db.session.commit()
        plan_id = plan.id
    return plan_id


def _plans_to_export(w: World) -> dict[str, str]:
    """Every youth has a plan, so a refusal comes from the policy, not from "no plan yet"."""
    for youth_id in (w.youth1, w.classmate, w.youth2, w.youth_b):
        _plan_of(youth_id)
    return {}


def _plans_setup(w: World) -> None:
    _plans_to_export(w)


def _requirements(w: World) -> dict[str, str]:
    return {"areas-0-area": "english", "areas-0-name": "English", "areas-0-credits": "4",
            "areas-1-area": "math", "areas-1-name": "Mathematics", "areas-1-credits": "3",
            "new_name": "", "new_credits": ""}  # fmt: skip


_P = _plans_to_export
# fmt: off
MATRIX_ROWS.update({
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("plan_exports.pdf_mine", "GET", "/my/plan.pdf"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_P),
    ("plan_exports.json_mine", "GET", "/my/plan.json"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_P),
    ("plan_exports.pdf", "GET", "/youth/<int:youth_id>/plan.pdf"):
        Row(LOGIN,    OK,       OK,       DENY_404, OK,       DENY_404, OK,       DENY_404,
            form=_P),
    ("plan_exports.json", "GET", "/youth/<int:youth_id>/plan.json"):
        Row(LOGIN,    OK,       OK,       DENY_404, OK,       DENY_404, OK,       DENY_404,
            form=_P),
    ("plan_exports.staff_csv", "GET", "/plans/export.csv"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK,
            form=_P),
    ("plan_exports.requirements", "GET", "/admin/graduation-requirements"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("plan_exports.requirements", "POST", "/admin/graduation-requirements"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, REDIRECT, REDIRECT,
            form=_requirements),
    ("plan_exports.reset", "POST", "/admin/graduation-requirements/reset"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, REDIRECT, REDIRECT),
    ("api.YouthPlan", "GET", "/api/v1/youth/<int:youth_id>/plan"):
        Row(*[UNAUTH_401] * 7, UNAUTH_401, tokens=(OK, DENY_404, OK, DENY_404),
            form=_P),
    ("api.YouthPlanPdf", "GET", "/api/v1/youth/<int:youth_id>/plan.pdf"):
        Row(*[UNAUTH_401] * 7, UNAUTH_401, tokens=(OK, DENY_404, OK, DENY_404),
            form=_P),
})
# fmt: on

ID_ROUTES.update(
    {
        # A youth may download their own plan by id too; family may download a linked youth's.
        ("plan_exports.pdf", "GET", "/youth/<int:youth_id>/plan.pdf"): IdRoute(
            ("staff", "admin", "family", "youth"), refused=("anonymous",), setup=_plans_setup
        ),
        ("plan_exports.json", "GET", "/youth/<int:youth_id>/plan.json"): IdRoute(
            ("staff", "admin", "family", "youth"), refused=("anonymous",), setup=_plans_setup
        ),
        ("api.YouthPlan", "GET", "/api/v1/youth/<int:youth_id>/plan"): IdRoute(
            ("token_staff", "token_admin"), setup=_plans_setup
        ),
        ("api.YouthPlanPdf", "GET", "/api/v1/youth/<int:youth_id>/plan.pdf"): IdRoute(
            ("token_staff", "token_admin"), setup=_plans_setup
        ),
    }
)


# --- plan pages: the plan, versions, sign-off, conference, courses, aid checklist -------------
# Every row's ``form`` first gives each youth a plan (``_plans_to_export``), so the pages show a
# plan; ``course_id`` is a course of that plan, added the first time it is asked for (again
# after a row removed it).

PROBE_COURSE = "A course to probe"


def _course_of(youth_id: int) -> int:
    plan_id = _plan_of(youth_id)
    course_id = db.session.scalar(
        select(PlanCourse.id).where(PlanCourse.plan_id == plan_id, PlanCourse.title == PROBE_COURSE)
    )
    if course_id is None:
        course = PlanCourse(plan_id=plan_id, grade=10, area="math", title=PROBE_COURSE,
                            credits=Decimal(1), status="planned", position=1)  # fmt: skip
        db.session.add(course)
        db.session.commit()
        course_id = course.id
    return course_id


def _courses_setup(w: World) -> None:
    """Every youth's plan has its probe course before anything is probed."""
    for youth_id in (w.youth1, w.classmate, w.youth2, w.youth_b):
        _course_of(youth_id)


def _with(data: dict[str, str]) -> Callable[[World], dict[str, str]]:
    def form(w: World) -> dict[str, str]:
        _plans_to_export(w)
        return dict(data)

    return form


_EDIT = _with({"career_goals": "Changed by the probes", "postsecondary_route": "two_year"})
_COURSE = _with({"grade": "10", "area": "math", "title": "Changed by the probes", "credits": "1",
                 "status": "planned"})  # fmt: skip
_AID = _with({"received_college_bound": "2026-09-01"})
_SIGN = _with({"note": "Signed by the probes"})
_EMPTY = _with({})

URL_IDS: dict[str, Callable[[World], int | str]] = {"course_id": lambda w: _course_of(w.youth1)}
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "course_id": lambda w, actor: _course_of(w.youth1),
}
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "course_id": lambda w: [("org B youth's course", _course_of(w.youth_b))],
}
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("course_id", "youth"): lambda w: [("the classmate's course", _course_of(w.classmate))],
    # Under youth1's address, another youth's course (even one the reader may see) is not found.
    ("course_id", "staff"): lambda w: [("the classmate's course", _course_of(w.classmate)),
                                       ("cohort 2 youth's course", _course_of(w.youth2))],
    ("course_id", "admin"): lambda w: [("the classmate's course", _course_of(w.classmate))],
}  # fmt: skip

_MINE = (LOGIN, OK) + (DENY_403,) * 6
_MINE_POST = (LOGIN, REDIRECT) + (DENY_403,) * 6
_READ = (LOGIN, DENY_403, OK, DENY_404, OK, DENY_404, OK, DENY_404)
_STAFF_GET = (LOGIN, DENY_403, DENY_403, DENY_403, OK, DENY_404, OK, DENY_404)
_STAFF_POST = (LOGIN, DENY_403, DENY_403, DENY_403, REDIRECT, DENY_404, REDIRECT, DENY_404)
_C = "<int:course_id>"
_Y = "/youth/<int:youth_id>/plan"
MATRIX_ROWS.update({
    ("plans.mine", "GET", "/my/plan"): Row(*_MINE, form=_EMPTY),
    ("plans.start_mine", "POST", "/my/plan/start"): Row(*_MINE_POST, form=_EMPTY),
    ("plans.edit_mine", "GET", "/my/plan/edit"): Row(*_MINE, form=_EMPTY),
    ("plans.edit_mine", "POST", "/my/plan/edit"): Row(*_MINE_POST, form=_EDIT),
    ("plans.versions_mine", "GET", "/my/plan/versions"): Row(*_MINE, form=_EMPTY),
    ("plans.conference_mine", "GET", "/my/plan/conference"): Row(*_MINE, form=_EMPTY),
    ("plan_courses.mine", "GET", "/my/plan/courses"): Row(*_MINE, form=_EMPTY),
    ("plan_courses.mine", "POST", "/my/plan/courses"): Row(*_MINE_POST, form=_COURSE),
    ("plan_courses.edit_mine", "GET", f"/my/plan/courses/{_C}/edit"): Row(*_MINE, form=_EMPTY),
    ("plan_courses.edit_mine", "POST", f"/my/plan/courses/{_C}/edit"):
        Row(*_MINE_POST, form=_COURSE),
    ("plan_courses.remove_mine", "POST", f"/my/plan/courses/{_C}/remove"):
        Row(*_MINE_POST, form=_EMPTY),
    ("plan_courses.aid_mine", "GET", "/my/plan/aid"): Row(*_MINE, form=_EMPTY),
    ("plan_courses.aid_mine", "POST", "/my/plan/aid"): Row(*_MINE_POST, form=_AID),
    ("plans.youth_plan", "GET", _Y): Row(*_READ, form=_EMPTY),
    ("plans.versions", "GET", f"{_Y}/versions"): Row(*_READ, form=_EMPTY),
    ("plans.conference", "GET", f"{_Y}/conference"): Row(*_READ, form=_EMPTY),
    ("plans.start", "POST", f"{_Y}/start"): Row(*_STAFF_POST, form=_EMPTY),
    ("plans.edit", "GET", f"{_Y}/edit"): Row(*_STAFF_GET, form=_EMPTY),
    ("plans.edit", "POST", f"{_Y}/edit"): Row(*_STAFF_POST, form=_EDIT),
    ("plans.sign_off", "POST", f"{_Y}/sign-off"): Row(*_STAFF_POST, form=_SIGN),
    ("plan_courses.youth", "GET", f"{_Y}/courses"): Row(*_STAFF_GET, form=_EMPTY),
    ("plan_courses.youth", "POST", f"{_Y}/courses"): Row(*_STAFF_POST, form=_COURSE),
    ("plan_courses.edit", "GET", f"{_Y}/courses/{_C}/edit"): Row(*_STAFF_GET, form=_EMPTY),
    ("plan_courses.edit", "POST", f"{_Y}/courses/{_C}/edit"): Row(*_STAFF_POST, form=_COURSE),
    ("plan_courses.remove", "POST", f"{_Y}/courses/{_C}/remove"): Row(*_STAFF_POST, form=_EMPTY),
    ("plan_courses.aid", "GET", f"{_Y}/aid"): Row(*_STAFF_GET, form=_EMPTY),
    ("plan_courses.aid", "POST", f"{_Y}/aid"): Row(*_STAFF_POST, form=_AID),
})  # fmt: skip

_YOUTH_ONLY = {"refused": ("anonymous", "staff")}
_READERS = {"refused": ("anonymous", "youth")}
ID_ROUTES.update({
    ("plan_courses.edit_mine", "GET", f"/my/plan/courses/{_C}/edit"):
        IdRoute(("youth",), setup=_courses_setup, **_YOUTH_ONLY),
    ("plan_courses.edit_mine", "POST", f"/my/plan/courses/{_C}/edit"):
        IdRoute(("youth",), form=_COURSE, setup=_courses_setup, **_YOUTH_ONLY),
    ("plan_courses.remove_mine", "POST", f"/my/plan/courses/{_C}/remove"):
        IdRoute(("youth",), form=_EMPTY, setup=_courses_setup, **_YOUTH_ONLY),
    # Family members read a linked youth's plan; a youth has /my/plan.
    ("plans.youth_plan", "GET", _Y): IdRoute(("staff", "admin", "family"), setup=_plans_setup,
                                             **_READERS),
    ("plans.versions", "GET", f"{_Y}/versions"):
        IdRoute(("staff", "admin", "family"), setup=_plans_setup, **_READERS),
    ("plans.conference", "GET", f"{_Y}/conference"):
        IdRoute(("staff", "admin", "family"), setup=_plans_setup, **_READERS),
    # No plans yet: the control (staff starting youth1's plan) makes one.
    ("plans.start", "POST", f"{_Y}/start"): IdRoute(("staff", "admin"), form=lambda w: {}),
    ("plans.edit", "GET", f"{_Y}/edit"): IdRoute(("staff", "admin"), setup=_plans_setup),
    ("plans.edit", "POST", f"{_Y}/edit"):
        IdRoute(("staff", "admin"), form=_EDIT, setup=_plans_setup),
    ("plans.sign_off", "POST", f"{_Y}/sign-off"):
        IdRoute(("staff", "admin"), form=_SIGN, setup=_plans_setup),
    ("plan_courses.youth", "GET", f"{_Y}/courses"):
        IdRoute(("staff", "admin"), setup=_plans_setup),
    ("plan_courses.youth", "POST", f"{_Y}/courses"):
        IdRoute(("staff", "admin"), form=_COURSE, setup=_plans_setup),
    ("plan_courses.edit", "GET", f"{_Y}/courses/{_C}/edit"):
        IdRoute(("staff", "admin"), setup=_courses_setup),
    ("plan_courses.edit", "POST", f"{_Y}/courses/{_C}/edit"):
        IdRoute(("staff", "admin"), form=_COURSE, setup=_courses_setup),
    ("plan_courses.remove", "POST", f"{_Y}/courses/{_C}/remove"):
        IdRoute(("staff", "admin"), form=_EMPTY, setup=_courses_setup),
    ("plan_courses.aid", "GET", f"{_Y}/aid"): IdRoute(("staff", "admin"), setup=_plans_setup),
    ("plan_courses.aid", "POST", f"{_Y}/aid"):
        IdRoute(("staff", "admin"), form=_AID, setup=_plans_setup),
})  # fmt: skip
