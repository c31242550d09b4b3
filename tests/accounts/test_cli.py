"""``flask users create`` and ``flask tokens create``."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.accounts.models import ApiToken, Guardianship, User, YouthProfile
from ccl_youth.audit.models import AuditEvent
from ccl_youth.core import secrets as sec
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort, Enrollment, StaffAssignment
from tests.factories import make_cohort, make_org, make_staff, make_youth, web_client


@pytest.fixture
def cli(app: Flask):  # noqa: ANN201
    runner = app.test_cli_runner()

    def invoke(*args: str):  # noqa: ANN202
        return runner.invoke(args=list(args))

    return invoke


@pytest.fixture
def org():  # noqa: ANN201
    organization = make_org(slug="eastside", name="Eastside Youth")
    make_cohort(organization, name="Robot Builders")
    return organization


def users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def create(cli, *extra: str):  # noqa: ANN001, ANN202
    return cli("users", "create", "--org", "eastside", *extra)


def test_create_youth_in_a_cohort(cli, org):
    result = create(
        cli, "--role", "youth", "--username", "Maya1", "--password", "secret", "--grade", "7",
        "--cohort", "Robot Builders", "--name", "Maya L.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    youth = db.session.scalars(select(User).where(User.username == "maya1")).one()
    assert result.stdout == f"created youth maya1 (id {youth.id}), stage exploration\n"
    assert (youth.role, youth.display_name, youth.organization_id) == ("youth", "Maya L.", org.id)
    assert sec.verify_password(youth.password_hash, "secret")
    profile = db.session.get(YouthProfile, youth.id)
    assert (profile.grade, profile.stage, profile.consent_state) == (7, "exploration", "pending")
    enrollment = db.session.scalars(select(Enrollment)).one()
    assert enrollment.youth_id == youth.id


def test_kindergarten_grade_and_default_name(cli, org):
    result = create(
        cli, "--role", "youth", "--username", "kid1", "--password", "secret", "--grade", "k"
    )
    assert result.exit_code == 0, result.output
    youth = db.session.scalars(select(User).where(User.username == "kid1")).one()
    assert youth.display_name == "kid1"
    assert db.session.get(YouthProfile, youth.id).grade == 0
    assert db.session.scalar(select(func.count(Enrollment.id))) == 0


def test_create_family_linked_to_a_youth(app, cli, org):
    youth = make_youth(org, username="maya1", name="Maya L.")
    result = create(
        cli, "--role", "family", "--username", "parent1", "--password", "family-pass",
        "--guardian-of", "MAYA1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    family = db.session.scalars(select(User).where(User.username == "parent1")).one()
    assert result.stdout == f"created family parent1 (id {family.id})\n"
    link = db.session.scalars(select(Guardianship)).one()
    assert (link.family_id, link.youth_id, link.status) == (family.id, youth.id, "active")
    client = web_client(app)
    client.post("/signin", data={"username": "parent1", "password": "family-pass"})
    assert client.get(f"/family/youth/{youth.id}").status_code == 200


def test_create_staff_assigned_to_a_cohort(app, cli, org):
    cohort = db.session.scalars(select(Cohort)).one()
    youth = make_youth(org, cohort, username="maya1")
    result = create(
        cli, "--role", "staff", "--username", "rivera", "--password", "staff-pass",
        "--cohort", "Robot Builders",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    staff = db.session.scalars(select(User).where(User.username == "rivera")).one()
    assignment = db.session.scalars(select(StaffAssignment)).one()
    assert (assignment.staff_id, assignment.cohort_id) == (staff.id, cohort.id)
    client = web_client(app)
    client.post("/signin", data={"username": "rivera", "password": "staff-pass"})
    assert client.get(f"/youth/{youth.id}").status_code == 200


def test_create_admin(cli, org):
    result = create(cli, "--role", "admin", "--username", "boss", "--password", "admin-pass")
    assert result.exit_code == 0, result.output
    admin = db.session.scalars(select(User).where(User.username == "boss")).one()
    assert admin.role == "admin"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")).one()
    assert (event.actor_id, event.target_id) == (None, admin.id)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--org", "nowhere", "--role", "staff", "--username", "a1b", "--password",
             "long-enough"],
            "error: org: No organization with slug 'nowhere'.",
        ),
        (
            ["--org", "eastside", "--role", "youth", "--username", "maya1", "--password", "secret"],
            "error: grade: A youth needs --grade (K or 1-12).",
        ),
        (
            ["--org", "eastside", "--role", "youth", "--username", "maya1", "--password", "secret",
             "--grade", "13"],
            "error: grade: Use K or a number from 1 to 12.",
        ),
        (
            ["--org", "eastside", "--role", "youth", "--username", "maya1", "--password", "secret",
             "--grade", "seven"],
            "error: grade: Use K or a number from 1 to 12.",
        ),
        (
            ["--org", "eastside", "--role", "staff", "--username", "rivera", "--password",
             "long-enough", "--grade", "7"],
            "error: grade: Only youth have a grade.",
        ),
        (
            ["--org", "eastside", "--role", "youth", "--username", "maya1", "--password", "secret",
             "--grade", "7", "--cohort", "Nope"],
            "error: cohort: No cohort named 'Nope' in eastside.",
        ),
        (
            ["--org", "eastside", "--role", "family", "--username", "parent1", "--password",
             "long-enough", "--cohort", "Robot Builders"],
            "error: cohort: Only youth and staff join cohorts.",
        ),
        (
            ["--org", "eastside", "--role", "staff", "--username", "rivera", "--password", "short"],
            "error: password: Use at least 8 characters.",
        ),
        (
            ["--org", "eastside", "--role", "youth", "--username", "maya1", "--password", "five5",
             "--grade", "3"],
            "error: password: Use at least 6 characters.",
        ),
        (
            ["--org", "eastside", "--role", "staff", "--username", "taken", "--password",
             "long-enough"],
            "error: username: That username is taken. Try another.",
        ),
        (
            ["--org", "eastside", "--role", "staff", "--username", "no", "--password",
             "long-enough"],
            "error: username: Use 3 to 40 letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit.",
        ),
        (
            ["--org", "eastside", "--role", "family", "--username", "parent1", "--password",
             "long-enough", "--guardian-of", "ghost"],
            "error: guardian_of: No youth 'ghost' in eastside.",
        ),
        (
            ["--org", "eastside", "--role", "staff", "--username", "rivera", "--password",
             "long-enough", "--guardian-of", "taken"],
            "error: guardian_of: Only family accounts can be guardians.",
        ),
    ],
)  # fmt: skip
def test_errors_name_the_field_exit_non_zero_and_save_nothing(cli, org, args, message):
    make_staff(org, username="taken")
    before = users()
    events_before = db.session.scalar(select(func.count(AuditEvent.id)))
    result = cli("users", "create", *args)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    db.session.expire_all()
    assert users() == before
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events_before
    assert db.session.scalar(select(func.count(Enrollment.id))) == 0


def test_cohort_and_guardian_must_be_in_the_same_organization(cli, org):
    other = make_org(slug="westside")
    make_cohort(other, name="West Cohort")
    make_youth(other, username="westkid")
    result = create(
        cli, "--role", "youth", "--username", "maya1", "--password", "secret", "--grade", "7",
        "--cohort", "West Cohort",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "error: cohort:" in result.stderr
    result = create(
        cli, "--role", "family", "--username", "parent1", "--password", "long-enough",
        "--guardian-of", "westkid",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == "error: guardian_of: No youth 'westkid' in eastside.\n"
    assert db.session.scalar(select(func.count(User.id)).where(User.organization_id == org.id)) == 0


def test_missing_required_option_is_a_usage_error(cli, org):
    result = cli("users", "create", "--org", "eastside", "--role", "staff", "--username", "x")
    assert result.exit_code == 2
    assert "--password" in result.stderr
    assert users() == 0


def test_unknown_role_is_a_usage_error(cli, org):
    result = create(cli, "--role", "parent", "--username", "p1x", "--password", "long-enough")
    assert result.exit_code == 2
    assert users() == 0


# --- tokens -------------------------------------------------------------------------------


def test_tokens_create_prints_a_token_that_works(app, cli, org):
    staff = make_staff(org, username="rivera")
    result = cli("tokens", "create", "--username", "Rivera", "--name", "nightly sync")
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("ccl_") and len(result.stdout.splitlines()) == 1
    token = db.session.scalars(select(ApiToken)).one()
    assert (token.user_id, token.name, token.token_hash) == (
        staff.id,
        "nightly sync",
        sec.sha256_hex(secret),
    )
    response = web_client(app).get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert response.get_json()["username"] == "rivera"


def test_tokens_create_refuses_unknown_users_and_youth(cli, org):
    make_youth(org, username="maya1")
    result = cli("tokens", "create", "--username", "ghost")
    assert result.exit_code == 1
    assert result.stderr == "error: username: No user 'ghost'.\n"
    result = cli("tokens", "create", "--username", "maya1")
    assert result.exit_code == 1
    assert result.stderr == "error: API tokens are for staff and admins\n"
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0
