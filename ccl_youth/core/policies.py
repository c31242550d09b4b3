"""Who may do what to which youth, cohort or account. Every path asks here.

A youth record is visible to the youth, to family members with an active link, to staff assigned
to one of the youth's cohorts and to admins of the youth's organization; never across
organizations. What each role may *do* to a visible record is the table ``ROLE_ACTIONS``.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.core.errors import Forbidden, NotFound
from ccl_youth.core.roles import Role
from ccl_youth.core.scoping import visible_youth_ids
from ccl_youth.experiences.models import Activity
from ccl_youth.programs.models import Cohort, Organization, Program, StaffAssignment


class Action(StrEnum):
    VIEW_YOUTH = "view_youth"
    EDIT_YOUTH = "edit_youth"
    RESET_CREDENTIALS = "reset_credentials"
    INVITE_FAMILY = "invite_family"
    VIEW_COHORT = "view_cohort"
    ADD_YOUTH_TO_COHORT = "add_youth_to_cohort"
    MANAGE_ORGANIZATION = "manage_organization"
    MANAGE_ACCOUNT = "manage_account"
    USE_API = "use_api"
    # Experiences (activities, partners, placements, hours, reflections).
    MANAGE_PARTNERS = "manage_partners"
    VET_PARTNER = "vet_partner"
    LOG_ACTIVITY = "log_activity"
    VIEW_ACTIVITY = "view_activity"
    EDIT_ACTIVITY = "edit_activity"
    MANAGE_PLACEMENTS = "manage_placements"
    LOG_HOURS = "log_hours"
    VERIFY_HOURS = "verify_hours"
    REFLECT = "reflect"
    # Skills, progress and badges.
    ADD_EVIDENCE = "add_evidence"
    VERIFY_EVIDENCE = "verify_evidence"
    MOVE_STAGE = "move_stage"
    AWARD_BADGE = "award_badge"
    MANAGE_KEYS = "manage_keys"
    # Goals: the youth keeps them; staff and family comment.
    SET_GOALS = "set_goals"
    COMMENT_ON_GOALS = "comment_on_goals"
    # Portfolio and résumé are the youth's to arrange; share links are made by the youth or,
    # for a youth under 13, by a linked guardian (the service checks age and consent).
    CURATE_PORTFOLIO = "curate_portfolio"
    EDIT_RESUME = "edit_resume"
    SHARE_PORTFOLIO = "share_portfolio"
    # The High School and Beyond Plan: the youth writes it with staff support; staff sign it.
    EDIT_PLAN = "edit_plan"
    SIGN_OFF_PLAN = "sign_off_plan"
    # Secure notes about a youth: everyone who may see the youth writes; staff-only threads
    # are for staff and admins.
    WRITE_NOTES = "write_notes"
    WRITE_STAFF_NOTES = "write_staff_notes"
    # Family engagement (organization-wide): staff post events; families answer and offer to
    # speak about their work.
    MANAGE_EVENTS = "manage_events"
    RSVP_EVENT = "rsvp_event"
    OFFER_TO_SPEAK = "offer_to_speak"
    # A youth marks themselves present at an activity of their organization (QR check-in).
    CHECK_IN = "check_in"


ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.YOUTH: frozenset(
        {
            Action.VIEW_YOUTH,
            Action.LOG_HOURS,
            Action.REFLECT,
            Action.ADD_EVIDENCE,
            Action.CHECK_IN,
            Action.SET_GOALS,
            Action.CURATE_PORTFOLIO,
            Action.EDIT_RESUME,
            Action.SHARE_PORTFOLIO,
            Action.EDIT_PLAN,
            Action.WRITE_NOTES,
        }
    ),
    Role.FAMILY: frozenset(
        {
            Action.VIEW_YOUTH,
            Action.COMMENT_ON_GOALS,
            Action.SHARE_PORTFOLIO,
            Action.WRITE_NOTES,
            Action.RSVP_EVENT,
            Action.OFFER_TO_SPEAK,
        }
    ),
    Role.STAFF: frozenset(
        {
            Action.VIEW_YOUTH,
            Action.EDIT_YOUTH,
            Action.RESET_CREDENTIALS,
            Action.INVITE_FAMILY,
            Action.VIEW_COHORT,
            Action.ADD_YOUTH_TO_COHORT,
            Action.USE_API,
            Action.MANAGE_PARTNERS,
            Action.LOG_ACTIVITY,
            Action.VIEW_ACTIVITY,
            Action.EDIT_ACTIVITY,
            Action.MANAGE_PLACEMENTS,
            Action.LOG_HOURS,
            Action.VERIFY_HOURS,
            Action.ADD_EVIDENCE,
            Action.VERIFY_EVIDENCE,
            Action.MOVE_STAGE,
            Action.AWARD_BADGE,
            Action.COMMENT_ON_GOALS,
            Action.EDIT_PLAN,
            Action.SIGN_OFF_PLAN,
            Action.WRITE_NOTES,
            Action.WRITE_STAFF_NOTES,
            Action.MANAGE_EVENTS,
        }
    ),
    # Reflections, goals, the portfolio and the résumé are the youth's own words and a check-in
    # says "I am here": nobody does these for the youth, and admins do not share their record.
    Role.ADMIN: frozenset(Action)
    - {
        Action.REFLECT,
        Action.CHECK_IN,
        Action.SET_GOALS,
        Action.CURATE_PORTFOLIO,
        Action.EDIT_RESUME,
        Action.SHARE_PORTFOLIO,
        Action.RSVP_EVENT,
        Action.OFFER_TO_SPEAK,
    },
}

_YOUTH_ACTIONS = frozenset(
    {
        Action.VIEW_YOUTH,
        Action.EDIT_YOUTH,
        Action.RESET_CREDENTIALS,
        Action.INVITE_FAMILY,
        Action.MANAGE_PLACEMENTS,
        Action.LOG_HOURS,
        Action.VERIFY_HOURS,
        Action.REFLECT,
        Action.ADD_EVIDENCE,
        Action.VERIFY_EVIDENCE,
        Action.MOVE_STAGE,
        Action.AWARD_BADGE,
        Action.SET_GOALS,
        Action.COMMENT_ON_GOALS,
        Action.CURATE_PORTFOLIO,
        Action.EDIT_RESUME,
        Action.SHARE_PORTFOLIO,
        Action.EDIT_PLAN,
        Action.SIGN_OFF_PLAN,
        Action.WRITE_NOTES,
        Action.WRITE_STAFF_NOTES,
    }
)
_ACTIVITY_ACTIONS = frozenset({Action.VIEW_ACTIVITY, Action.EDIT_ACTIVITY})
_COHORT_ACTIONS = frozenset({Action.VIEW_COHORT, Action.ADD_YOUTH_TO_COHORT})


def role_may(actor: User, action: Action) -> bool:
    """True when the actor's role allows the action on something it can see."""
    return actor.is_active and action in ROLE_ACTIONS[Role(actor.role)]


def can_see_youth(session: Session, actor: User, youth_id: int) -> bool:
    """True when the youth is inside the actor's scope (one EXISTS query)."""
    query = select(
        exists().where(
            User.id == youth_id,
            User.role == Role.YOUTH.value,
            User.organization_id == actor.organization_id,
            User.id.in_(visible_youth_ids(actor)),
        )
    )
    return bool(session.scalar(query))


def can_see_cohort(session: Session, actor: User, cohort: Cohort) -> bool:
    """True for admins of the cohort's organization and staff assigned to it."""
    if cohort.organization_id != actor.organization_id:
        return False
    role = Role(actor.role)
    if role is Role.ADMIN:
        return True
    if role is Role.STAFF:
        query = select(
            exists().where(
                StaffAssignment.staff_id == actor.id, StaffAssignment.cohort_id == cohort.id
            )
        )
        return bool(session.scalar(query))
    return False


def can_see_activity(session: Session, actor: User, activity: Activity) -> bool:
    """Admins see every activity of their organization; staff see those of the cohorts they
    are assigned to and those they logged themselves."""
    if activity.organization_id != actor.organization_id:
        return False
    role = Role(actor.role)
    if role is Role.ADMIN:
        return True
    if role is Role.STAFF:
        if activity.created_by_id == actor.id:
            return True
        if activity.cohort_id is None:
            return False
        query = select(
            exists().where(
                StaffAssignment.staff_id == actor.id,
                StaffAssignment.cohort_id == activity.cohort_id,
            )
        )
        return bool(session.scalar(query))
    return False


Target = User | Cohort | Program | Organization | Activity | int


def _organization_id(target: Target) -> int:
    if isinstance(target, Organization):
        return target.id
    if isinstance(target, int):
        raise TypeError("a bare id stands only for a youth")
    return target.organization_id


def can(session: Session, actor: User, action: Action, target: Target) -> bool:
    """May ``actor`` do ``action`` to ``target`` (a youth, a youth id, a cohort, an account)?"""
    if not role_may(actor, action):
        return False
    if action in _YOUTH_ACTIONS:
        youth_id = target if isinstance(target, int) else target.id
        return can_see_youth(session, actor, youth_id)
    if action in _COHORT_ACTIONS:
        if not isinstance(target, Cohort):
            raise TypeError(f"{action} needs a Cohort")
        return can_see_cohort(session, actor, target)
    if action in _ACTIVITY_ACTIONS:
        if not isinstance(target, Activity):
            raise TypeError(f"{action} needs an Activity")
        return can_see_activity(session, actor, target)
    if action is Action.CHECK_IN:
        if not isinstance(target, Activity):
            raise TypeError(f"{action} needs an Activity")
        # Any activity of the youth's organization: walk-ins from other cohorts are welcome.
        return target.organization_id == actor.organization_id
    return _organization_id(target) == actor.organization_id


def require(session: Session, actor: User, action: Action, target: Target) -> None:
    """Raise unless ``can``: NotFound when the target is outside the actor's scope (so its
    existence is not revealed), Forbidden when it is visible but the action is not allowed."""
    if can(session, actor, action, target):
        return
    if action in _YOUTH_ACTIONS:
        youth_id = target if isinstance(target, int) else target.id
        if can_see_youth(session, actor, youth_id):
            raise Forbidden(action.value)
        raise NotFound("youth")
    if isinstance(target, Cohort) and can_see_cohort(session, actor, target):
        raise Forbidden(action.value)
    if isinstance(target, Activity):
        if can_see_activity(session, actor, target):
            raise Forbidden(action.value)
        raise NotFound("activity")
    if not isinstance(target, Cohort) and _organization_id(target) == actor.organization_id:
        raise Forbidden(action.value)
    raise NotFound(type(target).__name__.lower())
