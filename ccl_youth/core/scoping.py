"""The queries every list, report and export starts from: only what the actor may see."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, select

from ccl_youth.accounts.models import Guardianship, User
from ccl_youth.core.roles import GuardianshipStatus, Role
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.programs.models import Cohort, Enrollment, StaffAssignment


def assigned_cohort_ids(actor: User) -> Select[int]:
    """Ids of the cohorts a staff member is assigned to."""
    return select(StaffAssignment.cohort_id).where(StaffAssignment.staff_id == actor.id)


def visible_youth_ids(actor: User) -> Select[int]:
    """Ids of the youth whose records the actor may see (a subquery for ``IN``)."""
    role = Role(actor.role)
    if role is Role.YOUTH:
        return select(User.id).where(User.id == actor.id, User.role == Role.YOUTH.value)
    if role is Role.FAMILY:
        return (
            select(Guardianship.youth_id)
            .join(User, User.id == Guardianship.youth_id)
            .where(
                Guardianship.family_id == actor.id,
                Guardianship.status == GuardianshipStatus.ACTIVE.value,
                User.organization_id == actor.organization_id,
            )
        )
    if role is Role.STAFF:
        # Assignments only ever join a staff member to a cohort of their own organization;
        # the organization itself is checked again by every caller (visible_youth, can).
        return (
            select(Enrollment.youth_id)
            .join(StaffAssignment, StaffAssignment.cohort_id == Enrollment.cohort_id)
            .where(StaffAssignment.staff_id == actor.id)
        )
    if role is Role.ADMIN:
        return select(User.id).where(
            User.organization_id == actor.organization_id, User.role == Role.YOUTH.value
        )
    return select(User.id).where(false())


def youth_criteria(actor: User) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``User`` that keep only youth the actor may see."""
    criteria = [User.role == Role.YOUTH.value, User.organization_id == actor.organization_id]
    if Role(actor.role) is not Role.ADMIN:  # admins see the whole organization
        criteria.append(User.id.in_(visible_youth_ids(actor)))
    return criteria


def visible_youth(actor: User) -> Select[User]:
    """Youth users the actor may see, in their organization only."""
    return select(User).where(*youth_criteria(actor))


def visible_cohorts(actor: User) -> Select[Cohort]:
    """Cohorts the actor works with: assigned ones for staff, all of the organization for admins."""
    query = select(Cohort).where(Cohort.organization_id == actor.organization_id)
    role = Role(actor.role)
    if role is Role.ADMIN:
        return query
    if role is Role.STAFF:
        return query.where(Cohort.id.in_(assigned_cohort_ids(actor)))
    return query.where(false())


def organization_users(actor: User, role: Role) -> Select[User]:
    """Users of one role in the actor's organization (for admins' pages)."""
    return select(User).where(
        User.organization_id == actor.organization_id, User.role == role.value
    )


def visible_activities(actor: User) -> Select[Activity]:
    """Activities the actor may open: the whole organization's for admins; for staff, those of
    their assigned cohorts and those they logged; for youth, those they attended."""
    query = select(Activity).where(Activity.organization_id == actor.organization_id)
    role = Role(actor.role)
    if role is Role.ADMIN:
        return query
    if role is Role.STAFF:
        return query.where(
            (Activity.cohort_id.in_(assigned_cohort_ids(actor)))
            | (Activity.created_by_id == actor.id)
        )
    if role is Role.YOUTH:
        attended = select(Participation.activity_id).where(Participation.youth_id == actor.id)
        return query.where(Activity.id.in_(attended))
    return query.where(false())
