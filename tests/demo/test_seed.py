"""``flask seed-demo``: the demo organization and its printed sign-ins."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.accounts.models import Guardianship, User, YouthProfile
from ccl_youth.core.content_experiences import experience_catalog
from ccl_youth.core.content_plans import plan_catalog
from ccl_youth.core.roles import stage_for_grade
from ccl_youth.demo.services import seed_demo
from ccl_youth.extensions import db
from ccl_youth.models import (
    Activity,
    AuditEvent,
    BadgeAward,
    Cohort,
    Enrollment,
    Evidence,
    HoursEntry,
    Organization,
    Participation,
    Partner,
    Placement,
    Plan,
    PlanAidItem,
    PlanCourse,
    Portfolio,
    Program,
    Reflection,
    ResumeEntry,
    SigningKey,
    StaffAssignment,
)
from tests.factories import make_org, make_staff, web_client


@pytest.fixture
def cli(app: Flask):  # noqa: ANN201
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def counts() -> dict[str, int]:
    db.session.expire_all()
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (
            Organization,
            Program,
            Cohort,
            User,
            YouthProfile,
            Enrollment,
            StaffAssignment,
            Guardianship,
            AuditEvent,
        )
    }


def test_seed_demo_builds_the_demo_organization(app, cli):
    result = cli("seed-demo")
    assert result.exit_code == 0, result.output

    org = db.session.scalars(select(Organization)).one()
    assert (org.slug, org.name) == ("demo", "Demo Youth Network")
    assert db.session.scalar(select(func.count(Program.id))) == 2
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.name)).all()
    assert [c.name for c in cohorts] == [
        "Career Explorers",
        "Maker Space",
        "Pathways Lab",
        "Robot Builders",
    ]
    roles = Counter(db.session.scalars(select(User.role)).all())
    assert roles == {"staff": 4, "youth": 40, "family": 20, "admin": 1}
    assert db.session.scalar(select(func.count(User.id)).where(User.organization_id != org.id)) == 0

    profiles = db.session.scalars(select(YouthProfile)).all()
    grades = Counter(p.grade for p in profiles)
    assert grades == {grade: 4 for grade in range(3, 13)}
    assert {p.stage for p in profiles} == {"awareness", "exploration", "preparedness"}
    for p in profiles:
        assert p.stage == stage_for_grade(p.grade).value
    # Every youth is in exactly the cohort of their grade band; each cohort has one staff member.
    band = {
        "Robot Builders": {3, 4, 5},
        "Maker Space": {6, 7, 8},
        "Career Explorers": {9, 10},
        "Pathways Lab": {11, 12},
    }
    rows = db.session.execute(
        select(YouthProfile.grade, Cohort.name)
        .join(Enrollment, Enrollment.youth_id == YouthProfile.user_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
    ).all()
    assert len(rows) == 40
    for grade, cohort_name in rows:
        assert grade in band[cohort_name]
    assert Counter(db.session.scalars(select(StaffAssignment.cohort_id)).all()) == {
        c.id: 1 for c in cohorts
    }
    links = db.session.scalars(select(Guardianship)).all()
    assert len(links) == 21 and {g.status for g in links} == {"active"}
    family1 = db.session.scalars(select(User).where(User.username == "family1")).one()
    assert sum(g.family_id == family1.id for g in links) == 2

    out = result.stdout
    assert "password: demo-password" in out
    for role, username in (
        ("admin", "admin"),
        ("staff", "rivera"),
        ("staff", "chen"),
        ("staff", "okafor"),
        ("staff", "patel"),
        ("youth", "maya1"),
        ("family", "family1"),
        ("family", "family2"),
    ):
        assert any(line.split()[:2] == [role, username] for line in out.splitlines()), username
    # The printed sign-ins work.
    for username, home in (("admin", "/admin"), ("rivera", "/staff"), ("maya1", "/youth")):
        client = web_client(app)
        assert (
            client.post(
                "/signin", data={"username": username, "password": "demo-password"}
            ).status_code
            == 302
        )
        assert client.get("/").headers["Location"] == home
        assert client.get(home).status_code == 200


def test_seed_demo_with_if_empty_adds_nothing_to_a_database_with_users(cli):
    make_staff(make_org(slug="eastside"))
    before = counts()
    result = cli("seed-demo", "--if-empty")
    assert result.exit_code == 0, result.output
    assert result.stdout == "The database already has users; no demo data added.\n"
    assert counts() == before


def test_seed_demo_if_empty_twice_keeps_one_demo(cli):
    assert cli("seed-demo", "--if-empty").exit_code == 0
    before = counts()
    result = cli("seed-demo", "--if-empty")
    assert result.exit_code == 0
    assert "no demo data added" in result.stdout
    assert "admin, rivera (staff), maya1 (youth), family1 (family)" in result.stdout
    assert counts() == before
    assert before["Organization"] == 1


def test_seed_demo_twice_without_if_empty_fails_and_adds_nothing(cli):
    assert cli("seed-demo").exit_code == 0
    before = counts()
    result = cli("seed-demo")
    assert result.exit_code == 1
    assert result.stderr == "error: slug: That slug is taken.\n"
    assert counts() == before


def test_seed_demo_with_a_custom_password(app, cli):
    result = cli("seed-demo", "--password", "another-pass")
    assert result.exit_code == 0
    assert "password: another-pass" in result.stdout
    client = web_client(app)
    client.post("/signin", data={"username": "family1", "password": "another-pass"})
    assert client.get("/family").status_code == 200


def test_seed_demo_refuses_a_short_password(cli):
    result = cli("seed-demo", "--password", "short")
    assert result.exit_code == 1
    assert result.stderr == "error: password: Use at least 8 characters.\n"
    assert counts()["Organization"] == 0


def test_demo_consent_follows_the_fixed_date(app):
    # 1 March 2027: a grade-3 youth is given birth year 2018 (age 9); grade 12 gets 2009 (18).
    seed_demo(db.session, "demo-password", today=date(2027, 3, 1))
    db.session.commit()
    states = Counter(
        (p.grade, p.consent_state) for p in db.session.scalars(select(YouthProfile)).all()
    )
    # Grades 3-6 are at most 12 by year: all pending; grades 8-12 at least 13: none needed.
    for grade in (3, 4, 5, 6):
        assert states[(grade, "pending")] == 4
    for grade in range(8, 13):
        assert states[(grade, "not_required")] == 4
    # Grade 7 is youth 5, 15, 25, 35 (index 4, 14, 24, 34), born 2014 in month
    # 1 + (index * 5) % 12 = 9, 11, 1, 3: on 1 March 2027 the first two are still 12.
    assert states[(7, "pending")] == 2
    assert states[(7, "not_required")] == 2
    cohort = db.session.scalars(select(Cohort)).first()
    assert cohort.school_year == "2026-2027"


def test_demo_experiences_follow_the_plan(app):
    """Cohorts of 12, 12, 8 and 8 youth; everyone but the last youth of a cohort attends its
    three activities: 3 × (11 + 11 + 7 + 7) = 108 attendance rows."""
    catalog = experience_catalog(app.config["CONTENT_PATH"])
    seed_demo(db.session, "demo-password", today=date(2027, 3, 1), catalog=catalog)
    db.session.commit()
    vetted = db.session.scalars(select(Partner.is_vetted).order_by(Partner.name)).all()
    assert sorted(vetted) == [False, True, True, True]
    assert db.session.scalar(select(func.count(Activity.id))) == 12
    assert db.session.scalar(select(func.count(Participation.id))) == 108
    # One shared reflection from the first youth of each cohort.
    assert db.session.scalars(select(Reflection.is_shared_with_family)).all() == [True] * 4
    placement = db.session.scalars(select(Placement)).one()
    assert (placement.status, placement.type_slug) == ("active", "internship")
    hours = db.session.execute(
        select(HoursEntry.status, func.sum(HoursEntry.minutes)).group_by(HoursEntry.status)
    ).all()
    assert dict(hours) == {"verified": 240 + 180, "submitted": 210}


def test_seed_demo_command_adds_experiences_evidence_a_badge_and_a_signing_key(app, cli):
    assert cli("seed-demo").exit_code == 0
    assert db.session.scalar(select(func.count(Activity.id))) == 12
    statuses = db.session.scalars(select(Evidence.status).order_by(Evidence.id)).all()
    assert statuses == ["verified", "submitted"]
    award = db.session.scalars(select(BadgeAward)).one()
    assert (award.badge_slug, award.method) == ("helping_hand", "staff")
    assert db.session.scalar(select(func.count(SigningKey.id))) == 1


def test_demo_plan_is_signed_with_courses_aid_a_portfolio_and_a_resume_line(app):
    """The youth with the internship (the first of the oldest cohort) gets this school year's
    plan: 12 courses (7 completed, 3 in progress, 2 planned), 4 aid items received, signed by
    the cohort's staff member; a portfolio headline and a service line on the résumé."""
    catalog = experience_catalog(app.config["CONTENT_PATH"])
    plans = plan_catalog(app.config["CONTENT_PATH"])
    seed_demo(db.session, "demo-password", today=date(2027, 3, 1), catalog=catalog, plans=plans)
    db.session.commit()
    placement = db.session.scalars(select(Placement)).one()
    plan = db.session.scalars(select(Plan)).one()
    assert (plan.youth_id, plan.school_year) == (placement.youth_id, 2026)
    assert plan.pathways == "dual_credit,cte_sequence"
    staff = db.session.get(User, plan.signed_by_id)
    assert staff is not None and staff.username == "patel"
    statuses = db.session.scalars(select(PlanCourse.status)).all()
    assert Counter(statuses) == {"completed": 7, "in_progress": 3, "planned": 2}
    assert db.session.scalar(select(func.count(PlanAidItem.id))) == 4
    portfolio = db.session.get(Portfolio, plan.youth_id)
    assert portfolio is not None and portfolio.headline.startswith("Future nurse")
    entry = db.session.scalars(select(ResumeEntry)).one()
    assert (entry.youth_id, entry.category, entry.hours) == (plan.youth_id, "service", 24)
