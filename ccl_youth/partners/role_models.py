"""Role-model profiles of guest speakers: the name youth see, an O*NET occupation and a
short story. Re-exported by ``partners.services``; no Flask here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.careers.models import Occupation
from ccl_youth.careers.services import SOC_CODE
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.partners import rules
from ccl_youth.partners.models import Partner, RoleModel


@dataclass(frozen=True)
class RoleModelFields:
    display_name: str
    #: The occupation's O*NET-SOC code, such as 15-1252.00.
    soc_code: str
    story: str = ""


@dataclass(frozen=True)
class RoleModelRow:
    id: int
    partner_id: int | None
    display_name: str
    soc_code: str | None
    occupation_title: str | None
    story: str


@dataclass(frozen=True)
class RoleModelChoice:
    id: int
    display_name: str
    occupation_title: str | None


@dataclass(frozen=True)
class RoleModelCard:
    """A guest speaker as youth see them."""

    display_name: str
    occupation_title: str | None
    soc_code: str | None
    story: str


def role_model_in_scope(session: Session, actor: User, role_model_id: int) -> RoleModel:
    """One role model of the actor's organization. Raises NotFound, Forbidden."""
    model = session.get(RoleModel, role_model_id)
    if model is None or model.organization_id != actor.organization_id:
        raise NotFound("role model")
    rules.require_partners(session, actor)
    return model


def role_model_for_edit(session: Session, actor: User, role_model_id: int) -> RoleModelRow:
    """One role model with its occupation, to fill the edit form. Raises NotFound,
    Forbidden."""
    model = role_model_in_scope(session, actor, role_model_id)
    return role_model_rows(session, None, role_model_id=model.id)[0]


def role_model_rows(
    session: Session, partner_id: int | None, *, role_model_id: int | None = None
) -> list[RoleModelRow]:
    """A partner's role models (or one by id) with their occupations, by name (one query).
    Checks nothing: callers have checked the partner."""
    criteria: list[ColumnElement[bool]] = []
    if partner_id is not None:
        criteria.append(RoleModel.partner_id == partner_id)
    if role_model_id is not None:
        criteria.append(RoleModel.id == role_model_id)
    rows = session.execute(
        select(
            RoleModel.id,
            RoleModel.partner_id,
            RoleModel.display_name,
            Occupation.soc_code,
            Occupation.title,
            RoleModel.story,
        )
        .outerjoin(Occupation, Occupation.id == RoleModel.occupation_id)
        .where(*criteria)
        .order_by(func.lower(RoleModel.display_name), RoleModel.id)
    ).all()
    return [RoleModelRow(*row) for row in rows]


def _checked_role_model(session: Session, fields: RoleModelFields) -> tuple[RoleModelFields, int]:
    """The fields cleaned and the occupation's id, or ValidationFailed."""
    cleaned = RoleModelFields(
        display_name=rules.one_line(fields.display_name),
        soc_code=rules.clean(fields.soc_code),
        story=rules.clean(fields.story).replace("\r\n", "\n"),
    )
    errors: dict[str, list[str]] = {}
    if not cleaned.display_name:
        errors["display_name"] = [N_("Enter the name youth will see.")]
    elif message := rules.length_error(cleaned.display_name, rules.PERSON_NAME_MAX):
        errors["display_name"] = [message]
    if message := rules.length_error(cleaned.story, rules.STORY_MAX):
        errors["story"] = [message]
    occupation_id = None
    if not cleaned.soc_code:
        errors["occupation"] = [N_("Enter the occupation's O*NET code, like 15-1252.00.")]
    elif not SOC_CODE.fullmatch(cleaned.soc_code):
        errors["occupation"] = [
            N_("Enter an O*NET code like 15-1252.00, or search by job title and pick one.")
        ]
    else:
        occupation_id = session.scalar(
            select(Occupation.id).where(Occupation.soc_code == cleaned.soc_code)
        )
        if occupation_id is None:
            errors["occupation"] = [
                N_(
                    "No occupation has the code %(soc_code)s. Check the code, or search by job "
                    "title and pick one.",
                    soc_code=cleaned.soc_code,
                )
            ]
    if errors or occupation_id is None:
        raise ValidationFailed(errors)
    return cleaned, occupation_id


def add_role_model(
    session: Session, actor: User, partner_id: int, fields: RoleModelFields
) -> RoleModel:
    """Add a guest speaker's profile to a partner; an identical one already there is given
    back instead. Raises NotFound, Forbidden, ValidationFailed."""
    partner = rules.partner_in_scope(session, actor, partner_id)
    cleaned, occupation_id = _checked_role_model(session, fields)
    twin = session.scalar(
        select(RoleModel).where(
            RoleModel.partner_id == partner.id,
            RoleModel.display_name == cleaned.display_name,
            RoleModel.occupation_id == occupation_id,
            RoleModel.story == cleaned.story,
        )
    )
    if twin is not None:  # a double-clicked submit
        return twin
    model = RoleModel(
        organization_id=partner.organization_id,
        partner_id=partner.id,
        display_name=cleaned.display_name,
        occupation_id=occupation_id,
        story=cleaned.story,
    )
    session.add(model)
    session.flush()
    record_event(
        session,
        "partner.role_model_add",
        actor=actor,
        target_type="role_model",
        target_id=model.id,
        partner_id=partner.id,
        occupation_id=occupation_id,
    )
    session.flush()
    return model


def update_role_model(
    session: Session, actor: User, role_model_id: int, fields: RoleModelFields
) -> list[str]:
    """Change a role model; returns the fields changed. Raises NotFound, Forbidden,
    ValidationFailed."""
    model = role_model_in_scope(session, actor, role_model_id)
    cleaned, occupation_id = _checked_role_model(session, fields)
    changed = []
    if model.display_name != cleaned.display_name:
        model.display_name = cleaned.display_name
        changed.append("display_name")
    if model.occupation_id != occupation_id:
        model.occupation_id = occupation_id
        changed.append("occupation_id")
    if model.story != cleaned.story:
        model.story = cleaned.story
        changed.append("story")
    if changed:
        record_event(
            session,
            "partner.role_model_update",
            actor=actor,
            target_type="role_model",
            target_id=model.id,
            partner_id=model.partner_id,
            fields=changed,
        )
        session.flush()
    return changed


def remove_role_model(session: Session, actor: User, role_model_id: int) -> int | None:
    """Delete a role model (activities that named the speaker keep everything else); returns
    its partner's id. Raises NotFound, Forbidden."""
    model = role_model_in_scope(session, actor, role_model_id)
    partner_id = model.partner_id
    record_event(
        session,
        "partner.role_model_remove",
        actor=actor,
        target_type="role_model",
        target_id=model.id,
        partner_id=partner_id,
    )
    session.delete(model)
    session.flush()
    return partner_id


def role_model_choices(
    session: Session, actor: User, partner_id: int | None = None
) -> list[RoleModelChoice]:
    """The organization's role models (one partner's, when given; else those of partners that
    are not archived and those with no partner), by name, for a select list. Raises
    Forbidden."""
    rules.require_partners(session, actor)
    criteria: list[ColumnElement[bool]] = [RoleModel.organization_id == actor.organization_id]
    if partner_id is not None:
        criteria.append(RoleModel.partner_id == partner_id)
    else:
        criteria.append(or_(Partner.id.is_(None), Partner.is_archived.is_(False)))
    rows = session.execute(
        select(RoleModel.id, RoleModel.display_name, Occupation.title)
        .outerjoin(Partner, Partner.id == RoleModel.partner_id)
        .outerjoin(Occupation, Occupation.id == RoleModel.occupation_id)
        .where(*criteria)
        .order_by(func.lower(RoleModel.display_name), RoleModel.id)
    ).all()
    return [RoleModelChoice(*row) for row in rows]


def role_model_card(session: Session, role_model_id: int) -> RoleModelCard | None:
    """A guest speaker as youth see them, or None. Checks nothing: the caller has already
    checked the activity that names the speaker."""
    row = session.execute(
        select(RoleModel.display_name, Occupation.title, Occupation.soc_code, RoleModel.story)
        .outerjoin(Occupation, Occupation.id == RoleModel.occupation_id)
        .where(RoleModel.id == role_model_id)
    ).one_or_none()
    return RoleModelCard(*row) if row is not None else None
