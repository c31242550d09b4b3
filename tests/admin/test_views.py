"""Admin pages: programs, cohorts, assignments, enrollments, staff accounts and activation."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.accounts.models import User
from ccl_youth.core import secrets as sec
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort, Enrollment, Program, StaffAssignment
from tests.factories import (
    field_errors,
    fresh,
    input_value,
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_program,
    make_staff,
    make_youth,
    sign_in,
    web_client,
)


@pytest.fixture
def org():  # noqa: ANN201
    organization = make_org(name="Eastside Youth")
    make_admin(organization, username="boss")
    return organization


@pytest.fixture
def admin(app: Flask, org):  # noqa: ANN001, ANN201
    client = web_client(app)
    assert sign_in(client, "boss").status_code == 302
    return client


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


# --- who may come in ------------------------------------------------------------------------


def test_admin_pages_are_for_admins_only(app, org):
    make_staff(org, username="rivera")
    staff = web_client(app)
    sign_in(staff, "rivera")
    for path in ("/admin/programs", "/admin/cohorts", "/admin/staff", "/admin/youth"):
        assert staff.get(path).status_code == 403
    assert staff.post("/admin/programs/new", data={"name": "X", "kind": "club"}).status_code == 403
    assert count(Program) == 0
    anonymous = web_client(app).get("/admin/programs")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"] == "/signin?next=/admin/programs"


def test_admin_home_counts_the_organization(admin, org):
    cohort = make_cohort(org)
    make_staff(org, [cohort])
    gone = make_staff(org)
    youth = make_youth(org, cohort)
    make_youth(org)
    make_family(org, [youth])
    other = make_org()
    make_youth(other, make_cohort(other))
    response = admin.post(f"/admin/users/{gone.id}/active", data={"active": "0"})
    assert response.status_code == 302
    html = admin.get("/admin").get_data(as_text=True)
    stats = {
        label.strip(): int(n)
        for n, label in re.findall(r"<strong>(\d+)</strong>\s*([^<]+)</a>", html)
    }
    assert stats == {
        "programs": 1,
        "cohorts": 1,
        "staff": 1,
        "youth": 2,
        "family members": 1,
        "invitations not used yet": 0,
    }


# --- programs ---------------------------------------------------------------------------------


def test_admin_creates_a_program_and_a_duplicate_name_is_a_field_error(admin, org):
    response = admin.post(
        "/admin/programs/new",
        data={"name": "  Robotics Club ", "kind": "club", "description": "Afternoons"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/programs"
    program = db.session.scalars(select(Program)).one()
    assert (program.organization_id, program.name, program.kind, program.description) == (
        org.id,
        "Robotics Club",
        "club",
        "Afternoons",
    )
    assert "Robotics Club" in admin.get("/admin/programs").get_data(as_text=True)

    again = admin.post("/admin/programs/new", data={"name": "Robotics Club", "kind": "camp"})
    assert again.status_code == 200
    html = again.get_data(as_text=True)
    assert field_errors(html) == {"name": "A program with that name already exists."}
    assert input_value(html, "name") == "Robotics Club"
    assert count(Program) == 1


def test_the_same_program_name_is_fine_in_another_organization(admin):
    make_program(make_org(), "Robotics Club")
    response = admin.post("/admin/programs/new", data={"name": "Robotics Club", "kind": "club"})
    assert response.status_code == 302
    assert count(Program) == 2


def test_admin_renames_a_program_but_not_another_organizations(admin, org):
    program = make_program(org, "Old Name")
    theirs = make_program(make_org(), "Theirs")
    response = admin.post(
        f"/admin/programs/{program.id}/edit", data={"name": "New Name", "kind": "camp"}
    )
    assert response.status_code == 302
    assert (fresh(program).name, program.kind) == ("New Name", "camp")
    # Keeping its own name is not a clash.
    assert (
        admin.post(
            f"/admin/programs/{program.id}/edit", data={"name": "New Name", "kind": "camp"}
        ).status_code
        == 302
    )
    assert admin.get(f"/admin/programs/{theirs.id}/edit").status_code == 404
    assert (
        admin.post(
            f"/admin/programs/{theirs.id}/edit", data={"name": "Mine now", "kind": "club"}
        ).status_code
        == 404
    )
    assert fresh(theirs).name == "Theirs"


def test_program_kind_must_be_from_the_list(admin):
    response = admin.post("/admin/programs/new", data={"name": "X", "kind": "rocket"})
    assert response.status_code == 200
    assert list(field_errors(response.get_data(as_text=True))) == ["kind"]
    assert count(Program) == 0


# --- cohorts ----------------------------------------------------------------------------------


def test_admin_creates_a_cohort_and_a_duplicate_name_is_a_field_error(admin, org):
    program = make_program(org, "Robotics Club")
    response = admin.post(
        "/admin/cohorts/new",
        data={"program_id": str(program.id), "name": "Robot Builders", "school_year": "2026-2027"},
    )
    assert response.status_code == 302
    cohort = db.session.scalars(select(Cohort)).one()
    assert response.headers["Location"] == f"/admin/cohorts/{cohort.id}"
    assert (cohort.organization_id, cohort.program_id, cohort.name, cohort.school_year) == (
        org.id,
        program.id,
        "Robot Builders",
        "2026-2027",
    )
    assert admin.get(f"/admin/cohorts/{cohort.id}").status_code == 200

    again = admin.post(
        "/admin/cohorts/new", data={"program_id": str(program.id), "name": "Robot Builders"}
    )
    assert again.status_code == 200
    assert field_errors(again.get_data(as_text=True)) == {
        "name": "A cohort with that name already exists."
    }
    assert count(Cohort) == 1


@pytest.mark.parametrize(
    ("school_year", "field"), [("2026", "school_year"), ("26-27", "school_year")]
)
def test_cohort_school_year_is_checked(admin, org, school_year, field):
    program = make_program(org)
    response = admin.post(
        "/admin/cohorts/new",
        data={"program_id": str(program.id), "name": "C", "school_year": school_year},
    )
    assert response.status_code == 200
    assert list(field_errors(response.get_data(as_text=True))) == [field]
    assert count(Cohort) == 0


def test_a_cohort_cannot_go_into_another_organizations_program(admin):
    theirs = make_program(make_org())
    response = admin.post(
        "/admin/cohorts/new", data={"program_id": str(theirs.id), "name": "Sneaky"}
    )
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True)) == {
        "program_id": "Choose a program from the list."
    }
    assert count(Cohort) == 0


def test_admin_edits_a_cohort(admin, org):
    program, other_program = make_program(org), make_program(org)
    cohort = make_cohort(org, program, "Before")
    response = admin.post(
        f"/admin/cohorts/{cohort.id}",
        data={"program_id": str(other_program.id), "name": "After", "school_year": ""},
    )
    assert response.status_code == 302
    assert (fresh(cohort).name, cohort.program_id) == ("After", other_program.id)


# --- assignments and enrollments --------------------------------------------------------------


def test_admin_assigns_and_unassigns_staff(app, admin, org):
    cohort = make_cohort(org)
    youth = make_youth(org, cohort, name="Maya Lopez")
    staff = make_staff(org, username="rivera")
    staff_client = web_client(app)
    sign_in(staff_client, "rivera")
    assert staff_client.get(f"/youth/{youth.id}").status_code == 404

    response = admin.post(f"/admin/cohorts/{cohort.id}/staff", data={"staff-person_id": staff.id})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/cohorts/{cohort.id}"
    assignment = db.session.scalars(select(StaffAssignment)).one()
    assert (assignment.staff_id, assignment.cohort_id) == (staff.id, cohort.id)
    assert staff_client.get(f"/youth/{youth.id}").status_code == 200

    twice = admin.post(f"/admin/cohorts/{cohort.id}/staff", data={"staff-person_id": staff.id})
    assert twice.status_code == 400
    assert field_errors(twice.get_data(as_text=True)) == {
        "staff-person_id": "That staff member is already assigned to this cohort."
    }
    assert count(StaffAssignment) == 1

    response = admin.post(f"/admin/cohorts/{cohort.id}/staff/{staff.id}/remove")
    assert response.status_code == 302
    assert count(StaffAssignment) == 0
    assert staff_client.get(f"/youth/{youth.id}").status_code == 404
    assert admin.post(f"/admin/cohorts/{cohort.id}/staff/{staff.id}/remove").status_code == 404


def test_only_staff_of_the_organization_can_be_assigned(admin, org):
    cohort = make_cohort(org)
    stranger = make_staff(make_org())
    youth = make_youth(org)
    for person in (stranger, youth):
        response = admin.post(
            f"/admin/cohorts/{cohort.id}/staff", data={"staff-person_id": person.id}
        )
        assert response.status_code == 400
        assert field_errors(response.get_data(as_text=True)) == {
            "staff-person_id": "Choose a staff member from the list."
        }
    assert count(StaffAssignment) == 0


def test_admin_enrolls_and_unenrolls_youth(admin, org):
    cohort = make_cohort(org)
    youth = make_youth(org, name="Maya Lopez")
    response = admin.post(f"/admin/cohorts/{cohort.id}/youth", data={"youth-person_id": youth.id})
    assert response.status_code == 302
    enrollment = db.session.scalars(select(Enrollment)).one()
    assert (enrollment.youth_id, enrollment.cohort_id) == (youth.id, cohort.id)
    assert "Maya Lopez" in admin.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)

    twice = admin.post(f"/admin/cohorts/{cohort.id}/youth", data={"youth-person_id": youth.id})
    assert twice.status_code == 400
    assert field_errors(twice.get_data(as_text=True)) == {
        "youth-person_id": "That youth is already in this cohort."
    }

    response = admin.post(f"/admin/cohorts/{cohort.id}/youth/{youth.id}/remove")
    assert response.status_code == 302
    assert count(Enrollment) == 0
    assert admin.post(f"/admin/cohorts/{cohort.id}/youth/{youth.id}/remove").status_code == 404


def test_youth_of_another_organization_cannot_be_enrolled(admin, org):
    cohort = make_cohort(org)
    stranger = make_youth(make_org())
    response = admin.post(
        f"/admin/cohorts/{cohort.id}/youth", data={"youth-person_id": stranger.id}
    )
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True)) == {
        "youth-person_id": "Choose a youth member from the list."
    }
    assert count(Enrollment) == 0


def test_another_organizations_cohort_is_not_found(admin, org):
    theirs = make_cohort(make_org())
    youth = make_youth(org)
    assert admin.get(f"/admin/cohorts/{theirs.id}").status_code == 404
    assert (
        admin.post(
            f"/admin/cohorts/{theirs.id}/youth", data={"youth-person_id": youth.id}
        ).status_code
        == 404
    )
    assert count(Enrollment) == 0


# --- staff accounts ---------------------------------------------------------------------------


def test_new_staff_with_a_blank_password_gets_one_shown_once(app, admin, org):
    response = admin.post(
        "/admin/staff/new",
        data={"display_name": "Mr. Chen", "username": "Chen", "role": "staff", "password": ""},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    shown = re.findall(r"\b[a-z]+-[a-z]+-\d{2}\b", html)
    assert len(shown) == 1
    password = shown[0]
    user = db.session.scalars(select(User).where(User.username == "chen")).one()
    assert (user.role, user.display_name, user.organization_id) == ("staff", "Mr. Chen", org.id)
    assert sec.verify_password(user.password_hash, password)
    assert password not in admin.get("/admin/staff").get_data(as_text=True)
    assert sign_in(web_client(app), "chen", password).status_code == 302


def test_new_admin_with_a_chosen_password_is_not_echoed(app, admin):
    response = admin.post(
        "/admin/staff/new",
        data={
            "display_name": "Second Admin",
            "username": "boss2",
            "role": "admin",
            "password": "chosen-pass-1",
        },
    )
    assert response.status_code == 200
    assert "chosen-pass-1" not in response.get_data(as_text=True)
    user = db.session.scalars(select(User).where(User.username == "boss2")).one()
    assert user.role == "admin"
    client = web_client(app)
    sign_in(client, "boss2", "chosen-pass-1")
    assert client.get("/").headers["Location"] == "/admin"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "boss"}, "username"),
        ({"username": "x"}, "username"),
        ({"password": "short"}, "password"),
        ({"role": "youth"}, "role"),
        ({"display_name": ""}, "display_name"),
    ],
)
def test_new_staff_errors_name_the_field(admin, data, field):
    form = {"display_name": "Mr. Chen", "username": "chen", "role": "staff", "password": ""}
    response = admin.post("/admin/staff/new", data={**form, **data})
    assert response.status_code == 200
    assert list(field_errors(response.get_data(as_text=True))) == [field]
    assert db.session.scalar(select(func.count(User.id))) == 1


# --- activation ---------------------------------------------------------------------------


def test_admin_deactivates_and_reactivates_an_account(app, admin, org):
    staff = make_staff(org, username="rivera")
    response = admin.post(f"/admin/users/{staff.id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/staff"
    assert fresh(staff).is_active is False
    assert sign_in(web_client(app), "rivera").status_code == 200

    response = admin.post(f"/admin/users/{staff.id}/active", data={"active": "1"})
    assert response.status_code == 302
    assert fresh(staff).is_active is True
    assert sign_in(web_client(app), "rivera").status_code == 302


def test_deactivating_a_youth_returns_to_the_youth_list(admin, org):
    youth = make_youth(org)
    response = admin.post(f"/admin/users/{youth.id}/active", data={"active": "0"})
    assert response.headers["Location"] == "/admin/youth"
    assert fresh(youth).is_active is False


def test_admin_cannot_deactivate_themselves(admin, org):
    me = db.session.scalars(select(User).where(User.username == "boss")).one()
    response = admin.post(f"/admin/users/{me.id}/active", data={"active": "0"})
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "You cannot deactivate your own account." in page
    assert fresh(me).is_active is True


def test_accounts_of_another_organization_are_not_found(admin):
    stranger = make_staff(make_org())
    assert admin.post(f"/admin/users/{stranger.id}/active", data={"active": "0"}).status_code == 404
    assert (
        admin.post(
            f"/admin/users/{stranger.id}/password", data={"new_password": "long-enough-1"}
        ).status_code
        == 404
    )
    assert fresh(stranger).is_active is True
    assert fresh(stranger).session_version == 1
