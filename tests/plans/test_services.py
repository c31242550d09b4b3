"""Plan services: who may start, change and sign a plan; one version per school year copied
from the year before; earlier years' versions refused; sign-off cleared by any change;
nothing half-saved; audit events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.plans import courses, services, versions
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.rules import CourseInput, PlanInput
from ccl_youth.web.catalog import plans
from tests.plans.pages_helpers import TODAY, add_version, setup


@pytest.fixture
def s(app):
    return setup()


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _actions(youth_id):
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.youth_id == youth_id, AuditEvent.action.like("plan.%"))
            .order_by(AuditEvent.id)
        )
    )


def _course(**changes):
    data = {"grade": "10", "area": "math", "title": "Geometry", "credits": "1", "status": "planned"}
    data.update(changes)
    return CourseInput(**data)


def test_a_youth_below_grade_7_is_refused_naming_the_grade(s):
    with pytest.raises(ValidationFailed) as caught:
        versions.start_plan(db.session, s.staff, s.young.id, TODAY)
    assert list(caught.value.errors) == ["grade"]
    assert "starts in grade 7" in caught.value.errors["grade"][0]
    assert "grade 6" in caught.value.errors["grade"][0]
    assert _count(Plan) == 0


def test_start_blank_then_a_second_click_returns_the_same_version(s):
    plan, created = versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    db.session.commit()
    assert created and (plan.school_year, plan.grade) == (2026, 9)
    again, created = versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    assert not created and again.id == plan.id
    assert _actions(s.youth.id) == ["plan.start"]


def test_a_new_school_year_copies_the_previous_version(s):
    old = add_version(
        s.youth, 2025, grade=8, career_goals="Vet", pathways="asvab", postsecondary_route="two_year"
    )
    plan, created = versions.start_plan(db.session, s.staff, s.youth.id, TODAY)
    db.session.commit()
    assert created and plan.id != old.id
    assert (
        plan.school_year,
        plan.grade,
        plan.career_goals,
        plan.pathways,
        plan.postsecondary_route,
    ) == (2026, 9, "Vet", "asvab", "two_year")
    titles = db.session.scalars(select(PlanCourse.title).where(PlanCourse.plan_id == plan.id))
    assert list(titles) == ["English 9"]
    assert _count(PlanAidItem, PlanAidItem.plan_id == plan.id) == 1
    assert _count(PlanCourse, PlanCourse.plan_id == old.id) == 1  # the old one keeps its own


def test_last_years_version_cannot_change(s):
    old = add_version(s.youth, 2025)
    catalog = plans()
    course_id = db.session.scalar(select(PlanCourse.id).where(PlanCourse.plan_id == old.id))
    attempts = [
        lambda: services.update_plan(
            db.session, s.youth, s.youth.id, 2025, PlanInput(career_goals="x"), catalog, TODAY
        ),
        lambda: services.update_plan(
            db.session, s.youth, s.youth.id, None, PlanInput(career_goals="x"), catalog, TODAY
        ),
        lambda: courses.add_course(
            db.session, s.staff, s.youth.id, 2025, _course(), catalog, TODAY
        ),
        lambda: courses.update_course(
            db.session, s.staff, s.youth.id, course_id, _course(), catalog, TODAY
        ),
        lambda: courses.remove_course(db.session, s.staff, s.youth.id, course_id, TODAY),
        lambda: courses.record_aid(
            db.session, s.staff, s.youth.id, 2025, {"college_bound": None}, catalog, TODAY
        ),
        lambda: services.sign_off(db.session, s.staff, s.youth.id, 2025, "", TODAY),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationFailed) as caught:
            attempt()
        message = caught.value.errors["school_year"][0]
        assert "2025–26" in message and "2026–27" in message
        db.session.rollback()
    # Once this year's version is started, last year's is still refused.
    versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    with pytest.raises(ValidationFailed):
        services.update_plan(db.session, s.youth, s.youth.id, 2025, PlanInput(), catalog, TODAY)
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Plan, old.id).career_goals == ""
    assert _count(PlanCourse, PlanCourse.plan_id == old.id) == 1


def test_who_may_change_and_sign(s):
    versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    catalog = plans()
    with pytest.raises(Forbidden):
        services.update_plan(db.session, s.family, s.youth.id, None, PlanInput(), catalog, TODAY)
    with pytest.raises(NotFound):
        services.update_plan(
            db.session, s.other_staff, s.youth.id, None, PlanInput(), catalog, TODAY
        )
    with pytest.raises(Forbidden):
        services.sign_off(db.session, s.youth, s.youth.id, None, "", TODAY)
    services.update_plan(
        db.session, s.admin, s.youth.id, None, PlanInput(career_goals="a"), catalog, TODAY
    )
    services.sign_off(db.session, s.admin, s.youth.id, None, "", TODAY)


def test_any_change_clears_the_sign_off(s):
    catalog = plans()
    versions.start_plan(db.session, s.youth, s.youth.id, TODAY)

    def sign():
        plan = services.sign_off(db.session, s.staff, s.youth.id, None, "  Looks good  ", TODAY)
        assert plan.signed_by_id == s.staff.id and plan.sign_off_note == "Looks good"
        return plan

    plan = sign()
    _same, unsigned = services.update_plan(
        db.session, s.youth, s.youth.id, None, PlanInput(), catalog, TODAY
    )
    assert not unsigned and plan.signed_dt is not None  # nothing changed: still signed
    _plan, unsigned = services.update_plan(
        db.session, s.youth, s.youth.id, None, PlanInput(career_goals="Chef"), catalog, TODAY
    )
    assert unsigned and plan.signed_dt is None and plan.sign_off_note == ""
    sign()
    course = courses.add_course(db.session, s.youth, s.youth.id, None, _course(), catalog, TODAY)
    assert plan.signed_dt is None
    sign()
    courses.update_course(
        db.session, s.youth, s.youth.id, course.id, _course(credits="0.5"), catalog, TODAY
    )
    assert plan.signed_dt is None
    sign()
    courses.record_aid(
        db.session, s.youth, s.youth.id, None, {"sample_letter": TODAY}, catalog, TODAY
    )
    assert plan.signed_dt is None
    sign()
    courses.remove_course(db.session, s.youth, s.youth.id, course.id, TODAY)
    assert plan.signed_dt is None
    db.session.commit()
    actions = _actions(s.youth.id)
    assert actions.count("plan.sign_off") == 5
    assert {
        "plan.update",
        "plan.course.add",
        "plan.course.update",
        "plan.aid",
        "plan.course.remove",
    } <= set(actions)


def test_bad_course_and_aid_input_saves_nothing(s):
    catalog = plans()
    versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    for bad, field in (
        ({"credits": "2.3"}, "credits"),
        ({"grade": "13"}, "grade"),
        ({"area": "astrology"}, "area"),
        ({"acceleration": "warp"}, "acceleration"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            courses.add_course(
                db.session, s.youth, s.youth.id, None, _course(**bad), catalog, TODAY
            )
        assert list(caught.value.errors) == [field]
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        courses.record_aid(
            db.session,
            s.youth,
            s.youth.id,
            None,
            {"sample_letter": TODAY, "aid_calculator": tomorrow},
            catalog,
            TODAY,
        )
    assert list(caught.value.errors) == ["received_aid_calculator"]
    with pytest.raises(ValidationFailed) as caught:
        courses.record_aid(
            db.session, s.youth, s.youth.id, None, {"lottery": TODAY}, catalog, TODAY
        )
    assert list(caught.value.errors) == ["received_lottery"]
    assert _count(PlanCourse) == 0 and _count(PlanAidItem) == 0


def test_aid_records_who_and_clearing_unrecords(s):
    catalog = plans()
    plan, _ = versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    changed = courses.record_aid(
        db.session,
        s.staff,
        s.youth.id,
        None,
        {"college_bound": date(2026, 9, 1), "sample_letter": None},
        catalog,
        TODAY,
    )
    assert changed == ["college_bound"]
    row = db.session.scalar(select(PlanAidItem))
    assert (row.item, row.received_on, row.recorded_by_id) == (
        "college_bound",
        date(2026, 9, 1),
        s.staff.id,
    )
    assert (
        courses.record_aid(
            db.session,
            s.youth,
            s.youth.id,
            None,
            {"college_bound": date(2026, 9, 1)},
            catalog,
            TODAY,
        )
        == []
    )
    assert courses.record_aid(
        db.session, s.youth, s.youth.id, None, {"college_bound": None}, catalog, TODAY
    ) == ["college_bound"]
    assert _count(PlanAidItem, PlanAidItem.plan_id == plan.id) == 0


def test_a_course_of_another_youth_is_not_found(s):
    catalog = plans()
    versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    course = courses.add_course(db.session, s.youth, s.youth.id, None, _course(), catalog, TODAY)
    other = add_version(s.young, 2026, grade=7)
    other_course = db.session.scalar(select(PlanCourse.id).where(PlanCourse.plan_id == other.id))
    with pytest.raises(NotFound):
        courses.update_course(
            db.session, s.youth, s.youth.id, other_course, _course(), catalog, TODAY
        )
    with pytest.raises(NotFound):
        courses.remove_course(db.session, s.other_staff, s.youth.id, course.id, TODAY)


def test_the_grid_holds_at_most_sixty_courses(s):
    catalog = plans()
    plan, _ = versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    db.session.add_all(
        PlanCourse(
            plan_id=plan.id, grade=9, area="english", title=f"C{n}", credits=Decimal(1), position=n
        )
        for n in range(courses.COURSES_MAX)
    )
    db.session.flush()
    with pytest.raises(ValidationFailed) as caught:
        courses.add_course(db.session, s.youth, s.youth.id, None, _course(), catalog, TODAY)
    assert "60" in caught.value.errors["title"][0]


def test_versions_show_what_changed_in_four_statements(s, count_statements):
    add_version(s.youth, 2024, grade=7, career_goals="Vet")
    add_version(s.youth, 2025, grade=8, career_goals="Vet", secondary_goals="Band")
    catalog = plans()
    versions.start_plan(db.session, s.youth, s.youth.id, TODAY)
    services.update_plan(
        db.session,
        s.youth,
        s.youth.id,
        None,
        PlanInput(career_goals="Vet tech", secondary_goals="Band", pathways=("asvab",)),
        catalog,
        TODAY,
    )
    db.session.commit()
    with count_statements as counter:
        views = versions.plan_versions(db.session, s.youth, s.youth.id, TODAY)
    assert counter.count <= 5  # policy, versions, courses, aid items (no signers)
    assert [v.school_year for v in views] == [2026, 2025, 2024]
    assert [v.is_editable for v in views] == [True, False, False]
    assert views[2].is_first and views[2].changes == ()
    kinds = [(c.kind, c.name) for c in views[0].changes]
    assert kinds == [("grade", ""), ("text", "career_goals"), ("pathways", "")]
    assert [(c.kind, c.name, c.how) for c in views[1].changes] == [
        ("grade", "", ""),
        ("text", "secondary_goals", "written"),
        ("aid_redated", "college_bound", ""),
    ]
