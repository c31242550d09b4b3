"""A placement's life: planned → active → completed or ended early, and the rules that a
placement becomes active only at a vetted partner (or with no partner) and, for a minor, only
with a guardian's consent on record."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role, age_in_years
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import Placement

STATUSES: tuple[str, ...] = ("planned", "active", "completed", "ended_early")
#: Moves anyone who manages the placement may make.
TRANSITIONS: dict[str, frozenset[str]] = {
    "planned": frozenset({"active", "ended_early"}),
    "active": frozenset({"completed", "ended_early"}),
    "completed": frozenset(),
    "ended_early": frozenset(),
}
#: A finished placement is reopened (back to active) by an admin only, to undo a mistake.
REOPENABLE = frozenset({"completed", "ended_early"})
ADULT_AGE = 18


def is_minor(profile: YouthProfile | None, today: date) -> bool:
    """Under 18, or a birth date we do not know (then we must assume a minor)."""
    if profile is None or profile.birth_year is None or profile.birth_month is None:
        return True
    return age_in_years(profile.birth_year, profile.birth_month, today) < ADULT_AGE


def youth_is_minor(session: Session, youth_id: int, today: date) -> bool:
    return is_minor(session.get(YouthProfile, youth_id), today)


def has_consent(placement: Placement) -> bool:
    return placement.consent_dt is not None


#: Why a placement at a partner that is not vetted cannot be (or become) active.
NOT_VETTED = N_("An admin must mark this partner as vetted first.")


def partner_is_vetted(session: Session, partner_id: int | None) -> bool:
    """True with no partner (nothing to vet) or a vetted one."""
    if partner_id is None:
        return True
    partner = session.get(Partner, partner_id)
    return partner is not None and partner.is_vetted


def allowed_statuses(actor: User, placement: Placement) -> list[str]:
    """The statuses this actor may move the placement to, in order."""
    targets = set(TRANSITIONS[placement.status])
    if placement.status in REOPENABLE and Role(actor.role) is Role.ADMIN:
        targets.add("active")
    return [status for status in STATUSES if status in targets]


def change_status(
    session: Session, actor: User, placement: Placement, status: str, note: str, today: date
) -> None:
    """Move a placement to ``status`` (see TRANSITIONS; admins may also reopen a finished
    one). Ending early needs a note; a placement becomes active only at a vetted partner (or
    with none) and, for a minor, with a guardian's consent on record. Raises
    NotFound/Forbidden, ValidationFailed(status=… or note=…)."""
    require(session, actor, Action.MANAGE_PLACEMENTS, placement.youth_id)
    note = note.strip()
    if status == placement.status:
        return
    if status not in allowed_statuses(actor, placement):
        raise ValidationFailed(status=N_("A placement cannot move from its status to that one."))
    if len(note) > 1000:
        raise ValidationFailed(note=N_("Use at most 1000 characters."))
    if status == "ended_early" and not note:
        raise ValidationFailed(note=N_("Say why the placement ended early."))
    if placement.status in REOPENABLE and not note:
        raise ValidationFailed(note=N_("Say why the placement is reopened."))
    if status == "active" and not partner_is_vetted(session, placement.partner_id):
        raise ValidationFailed(status=NOT_VETTED)
    if (
        status == "active"
        and not has_consent(placement)
        and youth_is_minor(session, placement.youth_id, today)
    ):
        raise ValidationFailed(
            status=N_("This youth is under 18: record a parent or guardian's consent first.")
        )
    previous = placement.status
    placement.status = status
    if note:
        placement.status_note = note
    session.flush()
    record_event(
        session,
        "placement.status",
        actor=actor,
        youth_id=placement.youth_id,
        target_type="placement",
        target_id=placement.id,
        previous=previous,
        status=status,
    )
