"""What the activity form and the list's filters offer: the actor's cohorts, the cohort's
roster, other youth in reach, partners, guest speakers and career clusters. Each is one query
starting from the actor's scope."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.careers.models import CareerCluster
from ccl_youth.core.scoping import visible_cohorts, youth_criteria
from ccl_youth.partners.models import Partner, RoleModel
from ccl_youth.programs.models import Cohort, Enrollment, Program

#: Cluster frameworks in the order forms show them (the 2024 one first).
FRAMEWORK_ORDER = ("ncc_2024", "legacy_16")


@dataclass(frozen=True)
class CohortChoice:
    id: int
    name: str
    program_name: str
    is_archived: bool


@dataclass(frozen=True)
class YouthChoice:
    id: int
    display_name: str
    username: str


@dataclass(frozen=True)
class ClusterChoice:
    id: int
    framework: str
    name: str


def cohort_choices(session: Session, actor: User) -> list[CohortChoice]:
    """The actor's cohorts (staff: assigned; admins: all), by program and name."""
    cohorts = visible_cohorts(actor).subquery()
    rows = session.execute(
        select(cohorts.c.id, cohorts.c.name, Program.name, cohorts.c.is_archived)
        .join(Program, Program.id == cohorts.c.program_id)
        .order_by(cohorts.c.is_archived, Program.name, cohorts.c.name)
    ).all()
    return [CohortChoice(*row) for row in rows]


def roster(session: Session, actor: User, cohort_id: int) -> list[YouthChoice]:
    """Active youth of a cohort in the actor's reach, by name."""
    rows = session.execute(
        select(User.id, User.display_name, User.username)
        .join(Enrollment, Enrollment.youth_id == User.id)
        .where(Enrollment.cohort_id == cohort_id, User.is_active, *youth_criteria(actor))
        .order_by(func.lower(User.display_name), User.id)
    ).all()
    return [YouthChoice(*row) for row in rows]


def youth_choices(
    session: Session, actor: User, ids: Collection[int] | None = None, *, exclude_cohort: int | None
) -> list[YouthChoice]:
    """Youth in the actor's reach: those with ``ids`` (any state), or every active one not in
    ``exclude_cohort`` (for "add a youth from another of your cohorts"), by name."""
    criteria: list[ColumnElement[bool]] = list(youth_criteria(actor))
    if ids is not None:
        if not ids:
            return []
        criteria.append(User.id.in_(ids))
    else:
        criteria.append(User.is_active.is_(True))
        if exclude_cohort is not None:
            criteria.append(
                User.id.not_in(
                    select(Enrollment.youth_id).where(Enrollment.cohort_id == exclude_cohort)
                )
            )
    rows = session.execute(
        select(User.id, User.display_name, User.username)
        .where(*criteria)
        .order_by(func.lower(User.display_name), User.id)
    ).all()
    return [YouthChoice(*row) for row in rows]


def partner_choices(
    session: Session, actor: User, include_id: int | None = None
) -> list[tuple[int, str]]:
    """The organization's partners that are not archived (and ``include_id``), by name."""
    shown: ColumnElement[bool] = Partner.is_archived.is_(False)
    if include_id is not None:
        shown = or_(shown, Partner.id == include_id)
    rows = session.execute(
        select(Partner.id, Partner.name)
        .where(Partner.organization_id == actor.organization_id, shown)
        .order_by(func.lower(Partner.name), Partner.id)
    ).all()
    return [(row[0], row[1]) for row in rows]


def role_model_choices(
    session: Session, actor: User, include_id: int | None = None
) -> list[tuple[int, str]]:
    """The organization's guest speakers, "Name (Partner)", by name: those with no partner or
    a partner that is not archived, and ``include_id`` (the one a record already names)."""
    shown: ColumnElement[bool] = or_(Partner.id.is_(None), Partner.is_archived.is_(False))
    if include_id is not None:
        shown = or_(shown, RoleModel.id == include_id)
    rows = session.execute(
        select(RoleModel.id, RoleModel.display_name, Partner.name)
        .outerjoin(Partner, Partner.id == RoleModel.partner_id)
        .where(RoleModel.organization_id == actor.organization_id, shown)
        .order_by(func.lower(RoleModel.display_name), RoleModel.id)
    ).all()
    return [(id_, f"{name} ({partner})" if partner else name) for id_, name, partner in rows]


def cluster_choices(session: Session) -> list[ClusterChoice]:
    """Top-level career clusters of both frameworks, 2024 first, each by name."""
    rows = session.execute(
        select(CareerCluster.id, CareerCluster.framework, CareerCluster.name)
        .where(CareerCluster.parent_id.is_(None))
        .order_by(CareerCluster.name, CareerCluster.id)
    ).all()
    order = {name: i for i, name in enumerate(FRAMEWORK_ORDER)}
    return sorted((ClusterChoice(*row) for row in rows), key=lambda c: order.get(c.framework, 9))


def cohort_in_reach(session: Session, actor: User, cohort_id: int) -> Cohort | None:
    """The cohort if it is one of the actor's."""
    return session.scalar(visible_cohorts(actor).where(Cohort.id == cohort_id))
