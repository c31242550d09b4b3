"""Organizations, programs, cohorts, staff assignments and enrollments."""

from __future__ import annotations

import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role
from ccl_youth.programs.models import Cohort, Enrollment, Organization, Program, StaffAssignment

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
PROGRAM_KINDS = {
    "club": "Afterschool club",
    "camp": "Summer camp",
    "school": "School site",
    "community": "Community program",
}


def create_organization(session: Session, slug: str, name: str) -> Organization:
    """A new tenant. Raises ValidationFailed for a bad or taken slug or an empty name."""
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise ValidationFailed(slug=N_("Use 2 to 40 lower-case letters, digits or dashes."))
    if not name.strip():
        raise ValidationFailed(name=N_("Enter a name."))
    if session.scalar(select(Organization.id).where(Organization.slug == slug)) is not None:
        raise ValidationFailed(slug=N_("That slug is taken."))
    organization = Organization(slug=slug, name=name.strip())
    session.add(organization)
    session.flush()
    record_event(
        session,
        "organization.create",
        actor=None,
        organization_id=organization.id,
        target_type="organization",
        target_id=organization.id,
    )
    return organization


def _check_name(name: str, field: str = "name") -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ValidationFailed(**{field: N_("Enter a name.")})
    if len(cleaned) > 200:
        raise ValidationFailed(**{field: N_("Use at most 200 characters.")})
    return cleaned


def save_program(
    session: Session,
    actor: User,
    name: str,
    kind: str,
    description: str = "",
    program: Program | None = None,
) -> Program:
    """Create a program, or change one when ``program`` is given.
    Raises NotFound/Forbidden, ValidationFailed."""
    organization = session.get(Organization, actor.organization_id)
    assert organization is not None
    require(session, actor, Action.MANAGE_ORGANIZATION, program or organization)
    cleaned = _check_name(name)
    if kind not in PROGRAM_KINDS:
        raise ValidationFailed(kind=N_("Choose a kind from the list."))
    clash = session.scalar(
        select(Program.id).where(
            Program.organization_id == actor.organization_id, Program.name == cleaned
        )
    )
    if clash is not None and (program is None or clash != program.id):
        raise ValidationFailed(name=N_("A program with that name already exists."))
    if program is None:
        program = Program(organization_id=actor.organization_id)
        session.add(program)
    program.name, program.kind, program.description = cleaned, kind, description.strip()
    session.flush()
    record_event(session, "program.save", actor=actor, target_type="program", target_id=program.id)
    return program


def save_cohort(
    session: Session,
    actor: User,
    program_id: int,
    name: str,
    school_year: str = "",
    cohort: Cohort | None = None,
) -> Cohort:
    """Create a cohort in one of the organization's programs, or change one.
    Raises NotFound/Forbidden, ValidationFailed."""
    program = session.get(Program, program_id)
    if program is None or program.organization_id != actor.organization_id:
        raise ValidationFailed(program_id=N_("Choose a program from the list."))
    require(session, actor, Action.MANAGE_ORGANIZATION, cohort or program)
    cleaned = _check_name(name)
    year = school_year.strip()
    if year and not re.fullmatch(r"\d{4}-\d{4}", year):
        raise ValidationFailed(school_year=N_("Write the school year like 2026-2027."))
    clash = session.scalar(
        select(Cohort.id).where(
            Cohort.organization_id == actor.organization_id, Cohort.name == cleaned
        )
    )
    if clash is not None and (cohort is None or clash != cohort.id):
        raise ValidationFailed(name=N_("A cohort with that name already exists."))
    if cohort is None:
        cohort = Cohort(organization_id=actor.organization_id)
        session.add(cohort)
    cohort.program_id, cohort.name, cohort.school_year = program.id, cleaned, year
    session.flush()
    record_event(session, "cohort.save", actor=actor, target_type="cohort", target_id=cohort.id)
    return cohort


def _cohort_in_org(session: Session, actor: User, cohort_id: int) -> Cohort:
    cohort = session.get(Cohort, cohort_id)
    if cohort is None or cohort.organization_id != actor.organization_id:
        raise ValidationFailed(cohort_id=N_("Choose a cohort from the list."))
    return cohort


PICK_MEMBER = {
    Role.STAFF: N_("Choose a staff member from the list."),
    Role.YOUTH: N_("Choose a youth member from the list."),
    Role.FAMILY: N_("Choose a family member from the list."),
    Role.ADMIN: N_("Choose an admin from the list."),
}


def _user_in_org(session: Session, actor: User, user_id: int, role: Role, field: str) -> User:
    user = session.get(User, user_id)
    if user is None or user.organization_id != actor.organization_id or user.role != role.value:
        raise ValidationFailed(**{field: PICK_MEMBER[role]})
    return user


def assign_staff(session: Session, actor: User, staff_id: int, cohort_id: int) -> StaffAssignment:
    """Assign a staff member to a cohort (admins). Raises Forbidden, ValidationFailed."""
    cohort = _cohort_in_org(session, actor, cohort_id)
    require(session, actor, Action.MANAGE_ORGANIZATION, cohort)
    staff = _user_in_org(session, actor, staff_id, Role.STAFF, "staff_id")
    existing = session.scalar(
        select(StaffAssignment).where(
            StaffAssignment.staff_id == staff.id, StaffAssignment.cohort_id == cohort.id
        )
    )
    if existing is not None:
        raise ValidationFailed(staff_id=N_("That staff member is already assigned to this cohort."))
    return add_assignment(session, staff, cohort, actor)


def add_assignment(
    session: Session, staff: User, cohort: Cohort, actor: User | None
) -> StaffAssignment:
    """Record an assignment whose rules the caller has checked (or an operator's command)."""
    assignment = StaffAssignment(staff_id=staff.id, cohort_id=cohort.id)
    session.add(assignment)
    session.flush()
    record_event(
        session,
        "cohort.assign_staff",
        actor=actor,
        organization_id=cohort.organization_id,
        target_type="cohort",
        target_id=cohort.id,
        staff_id=staff.id,
    )
    return assignment


def unassign_staff(session: Session, actor: User, staff_id: int, cohort_id: int) -> None:
    """Remove a staff member from a cohort (admins). Raises Forbidden, NotFound."""
    cohort = _cohort_in_org(session, actor, cohort_id)
    require(session, actor, Action.MANAGE_ORGANIZATION, cohort)
    result = session.execute(
        delete(StaffAssignment).where(
            StaffAssignment.staff_id == staff_id, StaffAssignment.cohort_id == cohort.id
        )
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise NotFound("assignment")
    record_event(
        session,
        "cohort.unassign_staff",
        actor=actor,
        target_type="cohort",
        target_id=cohort.id,
        staff_id=staff_id,
    )


def enroll_youth(session: Session, actor: User, youth_id: int, cohort_id: int) -> Enrollment:
    """Enroll a youth of the organization in a cohort (admins). Raises Forbidden,
    ValidationFailed."""
    cohort = _cohort_in_org(session, actor, cohort_id)
    require(session, actor, Action.MANAGE_ORGANIZATION, cohort)
    youth = _user_in_org(session, actor, youth_id, Role.YOUTH, "youth_id")
    existing = session.scalar(
        select(Enrollment.id).where(
            Enrollment.youth_id == youth.id, Enrollment.cohort_id == cohort.id
        )
    )
    if existing is not None:
        raise ValidationFailed(youth_id=N_("That youth is already in this cohort."))
    return add_enrollment(session, youth, cohort, actor)


def add_enrollment(session: Session, youth: User, cohort: Cohort, actor: User | None) -> Enrollment:
    """Record an enrollment whose rules the caller has checked (or an operator's command)."""
    enrollment = Enrollment(youth_id=youth.id, cohort_id=cohort.id)
    session.add(enrollment)
    session.flush()
    record_event(
        session,
        "cohort.enroll",
        actor=actor,
        organization_id=cohort.organization_id,
        youth_id=youth.id,
        target_type="cohort",
        target_id=cohort.id,
    )
    return enrollment


def unenroll_youth(session: Session, actor: User, youth_id: int, cohort_id: int) -> None:
    """Take a youth out of a cohort (admins). Raises Forbidden, NotFound."""
    cohort = _cohort_in_org(session, actor, cohort_id)
    require(session, actor, Action.MANAGE_ORGANIZATION, cohort)
    result = session.execute(
        delete(Enrollment).where(Enrollment.youth_id == youth_id, Enrollment.cohort_id == cohort.id)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise NotFound("enrollment")
    record_event(
        session,
        "cohort.unenroll",
        actor=actor,
        youth_id=youth_id,
        target_type="cohort",
        target_id=cohort.id,
    )
