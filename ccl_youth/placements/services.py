"""Work-based learning placements: create and edit them (with a guardian's consent record)
and attach the training agreement; ``lifecycle`` moves them through their statuses. Every
change is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.files import StoredFile
from ccl_youth.core.policies import Action, require
from ccl_youth.partners.models import Partner
from ccl_youth.placements.lifecycle import has_consent, youth_is_minor
from ccl_youth.placements.models import Placement

CONSENT_METHODS: tuple[str, ...] = ("paper_form", "online", "phone")
MAX_PLANNED_HOURS = 2000
MAX_DAYS_AHEAD = 366
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE = re.compile(r"[0-9+().\-\s/x]{0,40}")


@dataclass(frozen=True)
class PlacementDetails:
    """What staff enter for a placement (plain values from a form or a test)."""

    type_slug: str
    title: str
    supervisor_name: str
    start_date: date
    partner_id: int | None = None
    supervisor_email: str = ""
    supervisor_phone: str = ""
    end_date: date | None = None
    planned_hours: int = 0
    consent_given_by: str = ""
    consent_method: str = ""
    consent_date: date | None = None


def get_placement(
    session: Session, actor: User, placement_id: int, action: Action = Action.MANAGE_PLACEMENTS
) -> Placement:
    """The placement if the actor may do ``action`` to its youth. Raises NotFound (no such
    placement, or its youth is out of scope) or Forbidden."""
    placement = session.get(Placement, placement_id)
    if placement is None or placement.organization_id != actor.organization_id:
        raise NotFound("placement")
    require(session, actor, action, placement.youth_id)
    return placement


def _check(
    session: Session,
    actor: User,
    details: PlacementDetails,
    catalog: ExperienceCatalog,
    today: date,
    current: Placement | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    allowed_types = {t.slug for t in catalog.work_based_types()}
    current_type = current.type_slug if current is not None else None
    if details.type_slug not in allowed_types and details.type_slug != current_type:
        add("type_slug", "Choose a work-based learning type from the list.")
    if not details.title.strip() or len(details.title.strip()) > 200:
        add("title", "Give a role title of 1 to 200 characters.")
    if not details.supervisor_name.strip() or len(details.supervisor_name.strip()) > 120:
        add("supervisor_name", "Give the supervisor's name (at most 120 characters).")
    email = details.supervisor_email.strip()
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        add("supervisor_email", "Enter an e-mail address like name@example.org.")
    if not _PHONE.fullmatch(details.supervisor_phone.strip()):
        add("supervisor_phone", "Use digits, spaces, +, -, ( and ) only (at most 40).")
    if details.start_date > today + timedelta(days=MAX_DAYS_AHEAD):
        add("start_date", "The start date can be at most a year ahead.")
    if details.end_date is not None and details.end_date < details.start_date:
        add("end_date", "The end date cannot be before the start date.")
    if not 0 <= details.planned_hours <= MAX_PLANNED_HOURS:
        add("planned_hours", f"Planned hours must be between 0 and {MAX_PLANNED_HOURS}.")
    if details.partner_id is not None:
        partner = session.get(Partner, details.partner_id)
        kept = current is not None and current.partner_id == details.partner_id
        if (
            partner is None
            or partner.organization_id != actor.organization_id
            or (partner.is_archived and not kept)
        ):
            add("partner_id", "Choose a partner from the list.")
    consent = (details.consent_given_by.strip(), details.consent_method, details.consent_date)
    if any(consent) and not all(consent):
        add("consent_given_by", "To record consent, give who gave it, how and the date.")
    if details.consent_method and details.consent_method not in CONSENT_METHODS:
        add("consent_method", "Choose how consent was given.")
    if len(details.consent_given_by.strip()) > 120:
        add("consent_given_by", "Use at most 120 characters.")
    if details.consent_date is not None and details.consent_date > today:
        add("consent_date", "The consent date cannot be in the future.")
    return errors


def _apply(placement: Placement, details: PlacementDetails, actor: User) -> list[str]:
    """Copy the details onto the placement; the names of the fields that changed."""
    values = {
        "partner_id": details.partner_id,
        "type_slug": details.type_slug,
        "title": details.title.strip(),
        "supervisor_name": details.supervisor_name.strip(),
        "supervisor_email": details.supervisor_email.strip(),
        "supervisor_phone": details.supervisor_phone.strip(),
        "start_date": details.start_date,
        "end_date": details.end_date,
        "planned_minutes": details.planned_hours * 60,
    }
    consent_dt = (
        datetime.combine(details.consent_date, datetime.min.time(), tzinfo=UTC)
        if details.consent_date is not None
        else None
    )
    consent = {
        "consent_given_by": details.consent_given_by.strip() if consent_dt else "",
        "consent_method": details.consent_method if consent_dt else "",
        "consent_dt": consent_dt,
    }
    changed = [name for name, value in values.items() if getattr(placement, name) != value]
    for name, value in values.items():
        setattr(placement, name, value)
    if any(getattr(placement, name) != value for name, value in consent.items()):
        changed.append("consent")
        for name, value in consent.items():
            setattr(placement, name, value)
        placement.consent_recorded_by_id = actor.id if consent_dt else None
    return changed


def create_placement(
    session: Session,
    actor: User,
    youth_id: int,
    details: PlacementDetails,
    catalog: ExperienceCatalog,
    today: date,
) -> Placement:
    """Plan a placement for a youth (status planned). Raises NotFound/Forbidden,
    ValidationFailed naming the field."""
    require(session, actor, Action.MANAGE_PLACEMENTS, youth_id)
    errors = _check(session, actor, details, catalog, today)
    if errors:
        raise ValidationFailed(errors)
    placement = Placement(
        organization_id=actor.organization_id,
        youth_id=youth_id,
        status="planned",
        created_by_id=actor.id,
    )
    _apply(placement, details, actor)
    session.add(placement)
    session.flush()
    record_event(
        session,
        "placement.create",
        actor=actor,
        youth_id=youth_id,
        target_type="placement",
        target_id=placement.id,
    )
    return placement


def update_placement(
    session: Session,
    actor: User,
    placement: Placement,
    details: PlacementDetails,
    catalog: ExperienceCatalog,
    today: date,
) -> list[str]:
    """Change a placement's details; returns the fields that changed. The consent record of
    a minor's placement that is under way cannot be removed. Raises NotFound/Forbidden,
    ValidationFailed."""
    require(session, actor, Action.MANAGE_PLACEMENTS, placement.youth_id)
    errors = _check(session, actor, details, catalog, today, current=placement)
    if (
        has_consent(placement)
        and details.consent_date is None
        and placement.status != "planned"
        and youth_is_minor(session, placement.youth_id, today)
    ):
        errors.setdefault("consent_given_by", []).append(
            "This youth is under 18 and the placement has started: keep the consent record."
        )
    if errors:
        raise ValidationFailed(errors)
    changed = _apply(placement, details, actor)
    if changed:
        session.flush()
        record_event(
            session,
            "placement.update",
            actor=actor,
            youth_id=placement.youth_id,
            target_type="placement",
            target_id=placement.id,
            fields=changed,
        )
    return changed


def attach_agreement(
    session: Session, actor: User, placement: Placement, stored: StoredFile, filename: str
) -> str:
    """Keep a stored file as the placement's training agreement; returns the stored name of
    the agreement it replaces ("" if none), for the caller to delete after committing.
    Raises NotFound/Forbidden."""
    require(session, actor, Action.MANAGE_PLACEMENTS, placement.youth_id)
    previous = placement.agreement_file
    placement.agreement_file = stored.name
    placement.agreement_filename = filename[:200]
    placement.agreement_content_type = stored.content_type
    session.flush()
    record_event(
        session,
        "placement.agreement",
        actor=actor,
        youth_id=placement.youth_id,
        target_type="placement",
        target_id=placement.id,
        content_type=stored.content_type,
        size=stored.size,
    )
    return previous


def record_agreement_download(session: Session, actor: User, placement: Placement) -> None:
    """Audit that the actor opened the placement's training agreement."""
    record_event(
        session,
        "placement.agreement_download",
        actor=actor,
        youth_id=placement.youth_id,
        target_type="placement",
        target_id=placement.id,
    )


def record_view(
    session: Session, actor: User, placement: Placement, action: str = "placement.view"
) -> None:
    """Audit that the actor opened one of the placement's pages."""
    record_event(
        session,
        action,
        actor=actor,
        youth_id=placement.youth_id,
        target_type="placement",
        target_id=placement.id,
    )


def youth_name(session: Session, youth_id: int) -> str:
    """The youth's display name (for staff pages; the caller checked access)."""
    return session.scalar(select(User.display_name).where(User.id == youth_id)) or ""
