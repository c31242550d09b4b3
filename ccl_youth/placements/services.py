"""Work-based learning placements: create and edit them (with a guardian's consent record)
and attach the training agreement; ``lifecycle`` moves them through their statuses. Every
change is audited."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.files import StoredFile
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.placements.details import PlacementDetails, check_details
from ccl_youth.placements.lifecycle import has_consent, youth_is_minor
from ccl_youth.placements.models import Placement


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
    placement, _created = create_placement_once(session, actor, youth_id, details, catalog, today)
    return placement


def submitted_placement(
    session: Session, actor: User, youth_id: int, submission_key: str
) -> Placement | None:
    """The placement the actor already made with this submission key, if any. Raises
    ValidationFailed(submission_key=…) for a malformed key or one used for another youth."""
    if not 8 <= len(submission_key) <= 64:
        raise ValidationFailed(submission_key=N_("Use 8 to 64 characters."))
    existing = session.scalar(
        select(Placement).where(
            Placement.created_by_id == actor.id, Placement.submission_key == submission_key
        )
    )
    if existing is not None and existing.youth_id != youth_id:
        raise ValidationFailed(submission_key=N_("That key was used for another youth."))
    return existing


def create_placement_once(
    session: Session,
    actor: User,
    youth_id: int,
    details: PlacementDetails,
    catalog: ExperienceCatalog,
    today: date,
    submission_key: str | None = None,
) -> tuple[Placement, bool]:
    """Plan a placement for a youth (status planned); the same submission key again (a double
    click, even two requests at once) returns the first placement. Returns (placement,
    created). Raises NotFound/Forbidden, ValidationFailed naming the field."""
    require(session, actor, Action.MANAGE_PLACEMENTS, youth_id)
    if submission_key is not None:
        existing = submitted_placement(session, actor, youth_id, submission_key)
        if existing is not None:
            return existing, False
    errors = check_details(session, actor, details, catalog, today)
    if errors:
        raise ValidationFailed(errors)
    placement = Placement(
        organization_id=actor.organization_id,
        youth_id=youth_id,
        status="planned",
        created_by_id=actor.id,
        submission_key=submission_key,
    )
    _apply(placement, details, actor)
    if submission_key is None:
        session.add(placement)
        session.flush()
    else:
        # ON CONFLICT DO NOTHING on (created_by_id, submission_key): of two requests with the
        # same key at once, one inserts and the other finds its row.
        new_id = _insert_once(session, placement)
        if new_id is None:
            existing = submitted_placement(session, actor, youth_id, submission_key)
            assert existing is not None
            return existing, False
        placement = session.get_one(Placement, new_id)
    record_event(
        session,
        "placement.create",
        actor=actor,
        youth_id=youth_id,
        target_type="placement",
        target_id=placement.id,
    )
    return placement, True


def _insert_once(session: Session, placement: Placement) -> int | None:
    """Insert the (unsaved) placement's values unless its creator already used its key; the
    new id, or None."""
    values = {
        column.key: getattr(placement, column.key)
        for column in Placement.__table__.columns
        if column.key != "id" and getattr(placement, column.key) is not None
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return session.scalar(
        insert(Placement)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["created_by_id", "submission_key"])
        .returning(Placement.id)
    )


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
    errors = check_details(session, actor, details, catalog, today, current=placement)
    if (
        has_consent(placement)
        and details.consent_date is None
        and placement.status != "planned"
        and youth_is_minor(session, placement.youth_id, today)
    ):
        errors.setdefault("consent_given_by", []).append(
            N_("This youth is under 18 and the placement has started: keep the consent record.")
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
