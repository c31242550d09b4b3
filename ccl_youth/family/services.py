"""Family read models. Every view of a youth record is audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.policies import Action, require
from ccl_youth.programs.models import Cohort, Enrollment, Program


@dataclass(frozen=True)
class FamilyYouthView:
    user: User
    profile: YouthProfile
    groups: list[tuple[str, str]]


def family_youth_view(session: Session, family: User, youth_id: int) -> FamilyYouthView:
    """A linked youth's page for a family member. Raises NotFound when not actively linked."""
    require(session, family, Action.VIEW_YOUTH, youth_id)
    user, profile = session.execute(
        select(User, YouthProfile)
        .join(YouthProfile, YouthProfile.user_id == User.id)
        .where(User.id == youth_id)
    ).one()
    groups = [
        (cohort, program)
        for cohort, program in session.execute(
            select(Cohort.name, Program.name)
            .join(Enrollment, Enrollment.cohort_id == Cohort.id)
            .join(Program, Program.id == Cohort.program_id)
            .where(Enrollment.youth_id == youth_id)
            .order_by(Cohort.name)
        )
    ]
    record_event(
        session,
        "youth.view",
        actor=family,
        youth_id=youth_id,
        target_type="user",
        target_id=youth_id,
    )
    return FamilyYouthView(user, profile, groups)
