"""Organizations, programs, cohorts, assignments and enrollments through the services."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Cohort, Enrollment, Organization, Program, StaffAssignment
from tests.factories import make_admin, make_cohort, make_org, make_program, make_staff, make_youth

pytestmark = pytest.mark.usefixtures("app")


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


# --- organizations --------------------------------------------------------------------------


def test_create_organization_normalises_the_slug_and_audits():
    org = programs.create_organization(db.session, "  EastSide-2 ", "  Eastside Youth ")
    db.session.commit()
    assert (org.slug, org.name) == ("eastside-2", "Eastside Youth")
    event = db.session.scalars(select(AuditEvent)).one()
    assert (event.action, event.organization_id, event.target_id) == (
        "organization.create",
        org.id,
        org.id,
    )


@pytest.mark.parametrize("slug", ["a", "-abc", "has space", "under_score", "x" * 41, "émile"])
def test_create_organization_rejects_bad_slugs(slug):
    with pytest.raises(ValidationFailed) as caught:
        programs.create_organization(db.session, slug, "Name")
    assert list(caught.value.errors) == ["slug"]


def test_create_organization_rejects_a_taken_slug_and_an_empty_name():
    make_org(slug="eastside")
    with pytest.raises(ValidationFailed) as caught:
        programs.create_organization(db.session, "EASTSIDE", "Another")
    assert caught.value.errors == {"slug": ["That slug is taken."]}
    with pytest.raises(ValidationFailed) as caught:
        programs.create_organization(db.session, "westside", "   ")
    assert caught.value.errors == {"name": ["Enter a name."]}
    db.session.rollback()
    assert count(Organization) == 1


# --- programs and cohorts -----------------------------------------------------------------


def test_save_program_creates_and_renames():
    org = make_org()
    admin = make_admin(org)
    program = programs.save_program(db.session, admin, " Robotics ", "club", " Fun ")
    db.session.commit()
    assert (program.organization_id, program.name, program.kind, program.description) == (
        org.id,
        "Robotics",
        "club",
        "Fun",
    )
    same = programs.save_program(db.session, admin, "Robotics", "camp", "", program)
    assert same is program and program.kind == "camp"
    with pytest.raises(ValidationFailed) as caught:
        programs.save_program(db.session, admin, "Robotics", "club")
    assert caught.value.errors == {"name": ["A program with that name already exists."]}


@pytest.mark.parametrize(
    ("name", "kind", "field"),
    [("", "club", "name"), ("x" * 201, "club", "name"), ("Ok", "rave", "kind")],
)
def test_save_program_checks_its_fields(name, kind, field):
    admin = make_admin(make_org())
    with pytest.raises(ValidationFailed) as caught:
        programs.save_program(db.session, admin, name, kind)
    assert list(caught.value.errors) == [field]


def test_only_admins_of_the_organization_manage_programs():
    org = make_org()
    staff = make_staff(org)
    with pytest.raises(Forbidden):
        programs.save_program(db.session, staff, "Robotics", "club")
    theirs = make_program(make_org())
    admin = make_admin(org)
    with pytest.raises(NotFound):
        programs.save_program(db.session, admin, "Mine", "club", "", theirs)
    db.session.rollback()
    assert count(Program) == 1


def test_save_cohort_rules():
    org = make_org()
    admin = make_admin(org)
    program = make_program(org)
    cohort = programs.save_cohort(db.session, admin, program.id, " Robot Builders ", "2026-2027")
    db.session.commit()
    assert (cohort.organization_id, cohort.program_id, cohort.name, cohort.school_year) == (
        org.id,
        program.id,
        "Robot Builders",
        "2026-2027",
    )
    with pytest.raises(ValidationFailed) as caught:
        programs.save_cohort(db.session, admin, program.id, "Robot Builders")
    assert list(caught.value.errors) == ["name"]
    with pytest.raises(ValidationFailed) as caught:
        programs.save_cohort(db.session, admin, program.id, "Other", "2026/27")
    assert caught.value.errors == {"school_year": ["Write the school year like 2026-2027."]}
    theirs = make_program(make_org())
    for program_id in (theirs.id, 999_999):
        with pytest.raises(ValidationFailed) as caught:
            programs.save_cohort(db.session, admin, program_id, "Other")
        assert list(caught.value.errors) == ["program_id"]
    staff = make_staff(org)
    with pytest.raises(Forbidden):
        programs.save_cohort(db.session, staff, program.id, "Staff made")
    db.session.rollback()
    assert count(Cohort) == 1


# --- assignments and enrollments ----------------------------------------------------------


def test_assign_and_unassign_staff():
    org = make_org()
    admin = make_admin(org)
    cohort = make_cohort(org)
    staff = make_staff(org)
    assignment = programs.assign_staff(db.session, admin, staff.id, cohort.id)
    db.session.commit()
    assert (assignment.staff_id, assignment.cohort_id) == (staff.id, cohort.id)
    with pytest.raises(ValidationFailed) as caught:
        programs.assign_staff(db.session, admin, staff.id, cohort.id)
    assert list(caught.value.errors) == ["staff_id"]
    programs.unassign_staff(db.session, admin, staff.id, cohort.id)
    db.session.commit()
    assert count(StaffAssignment) == 0
    with pytest.raises(NotFound):
        programs.unassign_staff(db.session, admin, staff.id, cohort.id)
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type == "cohort").order_by(AuditEvent.id)
    ).all()
    assert actions == ["cohort.assign_staff", "cohort.unassign_staff"]


def test_assign_staff_checks_the_person_and_the_cohort():
    org = make_org()
    admin = make_admin(org)
    cohort = make_cohort(org)
    youth = make_youth(org)
    stranger = make_staff(make_org())
    for person in (youth, stranger, admin):
        with pytest.raises(ValidationFailed) as caught:
            programs.assign_staff(db.session, admin, person.id, cohort.id)
        assert caught.value.errors == {"staff_id": ["Choose a staff member from the list."]}
    their_cohort = make_cohort(make_org())
    with pytest.raises(ValidationFailed) as caught:
        programs.assign_staff(db.session, admin, make_staff(org).id, their_cohort.id)
    assert caught.value.errors == {"cohort_id": ["Choose a cohort from the list."]}
    staff = make_staff(org, [cohort])
    with pytest.raises(Forbidden):
        programs.assign_staff(db.session, staff, staff.id, cohort.id)
    assert count(StaffAssignment) == 1


def test_enroll_and_unenroll_youth():
    org = make_org()
    admin = make_admin(org)
    cohort = make_cohort(org)
    youth = make_youth(org)
    enrollment = programs.enroll_youth(db.session, admin, youth.id, cohort.id)
    db.session.commit()
    assert (enrollment.youth_id, enrollment.cohort_id) == (youth.id, cohort.id)
    with pytest.raises(ValidationFailed) as caught:
        programs.enroll_youth(db.session, admin, youth.id, cohort.id)
    assert caught.value.errors == {"youth_id": ["That youth is already in this cohort."]}
    with pytest.raises(ValidationFailed) as caught:
        programs.enroll_youth(db.session, admin, make_youth(make_org()).id, cohort.id)
    assert list(caught.value.errors) == ["youth_id"]
    programs.unenroll_youth(db.session, admin, youth.id, cohort.id)
    db.session.commit()
    assert count(Enrollment) == 0
    with pytest.raises(NotFound):
        programs.unenroll_youth(db.session, admin, youth.id, cohort.id)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(["cohort.enroll", "cohort.unenroll"]))
    ).all()
    assert [(e.action, e.youth_id, e.target_id) for e in events] == [
        ("cohort.enroll", youth.id, cohort.id),
        ("cohort.unenroll", youth.id, cohort.id),
    ]


def test_staff_cannot_enroll_or_unenroll():
    org = make_org()
    cohort = make_cohort(org)
    staff = make_staff(org, [cohort])
    youth = make_youth(org, cohort)
    with pytest.raises(Forbidden):
        programs.unenroll_youth(db.session, staff, youth.id, cohort.id)
    with pytest.raises(Forbidden):
        programs.enroll_youth(db.session, staff, make_youth(org).id, cohort.id)
    db.session.rollback()
    assert count(Enrollment) == 1
