"""Partners of an organization: create and edit, vet (admins only) and archive, each in the
actor's own organization. Reading (the list, the partner page, choice lists) is in
``listing.py``, contacts in ``contacts.py``, role models in ``role_models.py``; all are
re-exported here, so callers use ``partners.services`` alone. No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import and_, delete, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.careers.models import CareerCluster
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action
from ccl_youth.db import utcnow
from ccl_youth.partners import rules
from ccl_youth.partners.contacts import ContactFields as ContactFields
from ccl_youth.partners.contacts import add_contact as add_contact
from ccl_youth.partners.contacts import contact_in_scope as contact_in_scope
from ccl_youth.partners.contacts import remove_contact as remove_contact
from ccl_youth.partners.contacts import update_contact as update_contact
from ccl_youth.partners.listing import ActivityRef as ActivityRef
from ccl_youth.partners.listing import ClusterRef as ClusterRef
from ccl_youth.partners.listing import PartnerChoice as PartnerChoice
from ccl_youth.partners.listing import PartnerDetail as PartnerDetail
from ccl_youth.partners.listing import PartnerPage as PartnerPage
from ccl_youth.partners.listing import PartnerRow as PartnerRow
from ccl_youth.partners.listing import cluster_options as cluster_options
from ccl_youth.partners.listing import get_partner as get_partner
from ccl_youth.partners.listing import list_partners as list_partners
from ccl_youth.partners.listing import partner_choices as partner_choices
from ccl_youth.partners.listing import partner_detail as partner_detail
from ccl_youth.partners.listing import partner_for_edit as partner_for_edit
from ccl_youth.partners.models import PARTNER_KINDS, Partner, PartnerCluster
from ccl_youth.partners.role_models import RoleModelCard as RoleModelCard
from ccl_youth.partners.role_models import RoleModelChoice as RoleModelChoice
from ccl_youth.partners.role_models import RoleModelFields as RoleModelFields
from ccl_youth.partners.role_models import RoleModelRow as RoleModelRow
from ccl_youth.partners.role_models import add_role_model as add_role_model
from ccl_youth.partners.role_models import remove_role_model as remove_role_model
from ccl_youth.partners.role_models import role_model_card as role_model_card
from ccl_youth.partners.role_models import role_model_choices as role_model_choices
from ccl_youth.partners.role_models import role_model_for_edit as role_model_for_edit
from ccl_youth.partners.role_models import role_model_in_scope as role_model_in_scope
from ccl_youth.partners.role_models import update_role_model as update_role_model


@dataclass(frozen=True)
class PartnerFields:
    """What the partner form edits (the vetted and archived flags have their own services)."""

    name: str
    kind: str
    description: str = ""
    website: str = ""
    city: str = ""
    cluster_ids: tuple[int, ...] = ()
    notes: str = ""


def _checked(
    session: Session, actor: User, fields: PartnerFields, partner_id: int | None
) -> PartnerFields:
    """The fields cleaned, or ValidationFailed naming every field that is wrong."""
    errors: dict[str, list[str]] = {}
    name = rules.one_line(fields.name)
    if not name:
        errors["name"] = [N_("Enter a name.")]
    elif message := rules.length_error(name, rules.NAME_MAX):
        errors["name"] = [message]
    elif _name_taken(session, actor.organization_id, name, partner_id):
        errors["name"] = [N_("A partner with that name already exists.")]
    if fields.kind not in PARTNER_KINDS:
        errors["kind"] = [N_("Choose a kind from the list.")]
    cleaned = replace(
        fields,
        name=name,
        description=rules.clean(fields.description),
        website=rules.clean(fields.website),
        city=rules.one_line(fields.city),
        notes=rules.clean(fields.notes),
        cluster_ids=tuple(sorted(set(fields.cluster_ids))),
    )
    for field, largest in (
        ("description", rules.DESCRIPTION_MAX),
        ("city", rules.CITY_MAX),
        ("notes", rules.NOTES_MAX),
    ):
        if message := rules.length_error(getattr(cleaned, field), largest):
            errors[field] = [message]
    if message := rules.website_error(cleaned.website):
        errors["website"] = [message]
    if cleaned.cluster_ids:
        known = session.scalars(
            select(CareerCluster.id).where(
                CareerCluster.id.in_(cleaned.cluster_ids), CareerCluster.kind == "cluster"
            )
        ).all()
        if len(known) != len(cleaned.cluster_ids):
            errors["clusters"] = [N_("Choose career clusters from the list.")]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _name_taken(session: Session, organization_id: int, name: str, partner_id: int | None) -> bool:
    same_name = and_(
        Partner.organization_id == organization_id,
        func.lower(Partner.name) == func.lower(name),
    )
    if partner_id is not None:
        same_name = and_(same_name, Partner.id != partner_id)
    return bool(session.scalar(select(exists().where(same_name))))


def _flush_named(session: Session) -> None:
    """Flush; two people saving the same new name at once meet the unique constraint."""
    try:
        session.flush()
    except IntegrityError:
        raise ValidationFailed(name=N_("A partner with that name already exists.")) from None


_TEXT_FIELDS = ("name", "kind", "description", "website", "city", "notes")


#: The very same form sent again this soon is a repeat (a double-clicked submit).
REPEAT_WINDOW = timedelta(minutes=10)


def _repeat_of(session: Session, actor: User, fields: PartnerFields) -> Partner | None:
    """The partner made moments ago from the very same values, if there is one."""
    partner = session.scalar(
        select(Partner).where(
            Partner.organization_id == actor.organization_id,
            Partner.name == rules.one_line(fields.name),
            Partner.created_dt >= utcnow() - REPEAT_WINDOW,
        )
    )
    if partner is None:
        return None
    try:
        cleaned = _checked(session, actor, fields, partner.id)
    except ValidationFailed:
        return None
    clusters = session.scalars(
        select(PartnerCluster.cluster_id)
        .where(PartnerCluster.partner_id == partner.id)
        .order_by(PartnerCluster.cluster_id)
    ).all()
    same = all(getattr(partner, f) == getattr(cleaned, f) for f in _TEXT_FIELDS)
    return partner if same and tuple(clusters) == cleaned.cluster_ids else None


def create_partner(session: Session, actor: User, fields: PartnerFields) -> Partner:
    """Add a partner to the actor's organization (not vetted: admins vet it afterwards). The
    same values sent again within minutes give back the partner made the first time.
    Raises Forbidden, ValidationFailed."""
    rules.require_partners(session, actor)
    if (repeat := _repeat_of(session, actor, fields)) is not None:
        return repeat
    cleaned = _checked(session, actor, fields, None)
    partner = Partner(
        organization_id=actor.organization_id,
        **{field: getattr(cleaned, field) for field in _TEXT_FIELDS},
    )
    session.add(partner)
    _flush_named(session)
    session.add_all(
        PartnerCluster(partner_id=partner.id, cluster_id=c) for c in cleaned.cluster_ids
    )
    record_event(
        session,
        "partner.create",
        actor=actor,
        target_type="partner",
        target_id=partner.id,
        fields=[field for field in _TEXT_FIELDS if getattr(cleaned, field)],
        cluster_ids=list(cleaned.cluster_ids),
    )
    session.flush()
    return partner


def update_partner(
    session: Session, actor: User, partner_id: int, fields: PartnerFields
) -> list[str]:
    """Change a partner's details and clusters; returns the fields changed.
    Raises NotFound, Forbidden, ValidationFailed."""
    partner = rules.partner_in_scope(session, actor, partner_id)
    cleaned = _checked(session, actor, fields, partner.id)
    changed = [
        field for field in _TEXT_FIELDS if getattr(partner, field) != getattr(cleaned, field)
    ]
    for field in changed:
        setattr(partner, field, getattr(cleaned, field))
    old = set(
        session.scalars(
            select(PartnerCluster.cluster_id).where(PartnerCluster.partner_id == partner.id)
        )
    )
    new = set(cleaned.cluster_ids)
    if old != new:
        changed.append("clusters")
        if old - new:
            session.execute(
                delete(PartnerCluster).where(
                    PartnerCluster.partner_id == partner.id,
                    PartnerCluster.cluster_id.in_(old - new),
                )
            )
        session.add_all(PartnerCluster(partner_id=partner.id, cluster_id=c) for c in new - old)
    if changed:
        _flush_named(session)
        record_event(
            session,
            "partner.update",
            actor=actor,
            target_type="partner",
            target_id=partner.id,
            fields=changed,
        )
        session.flush()
    return changed


def set_vetted(session: Session, actor: User, partner_id: int, is_vetted: bool) -> bool:
    """Mark a partner vetted (background checks and agreements in place) or clear the mark;
    admins only. Returns whether anything changed. Raises NotFound, Forbidden."""
    partner = rules.partner_in_scope(session, actor, partner_id, Action.VET_PARTNER)
    if partner.is_vetted == is_vetted:
        return False
    partner.is_vetted = is_vetted
    partner.vetted_dt = utcnow() if is_vetted else None
    record_event(
        session,
        "partner.vet" if is_vetted else "partner.unvet",
        actor=actor,
        target_type="partner",
        target_id=partner.id,
        fields=["is_vetted"],
    )
    session.flush()
    return True


def set_archived(session: Session, actor: User, partner_id: int, is_archived: bool) -> bool:
    """Archive a partner (hidden from lists and choices; activities keep pointing at it) or
    bring it back. Returns whether anything changed. Raises NotFound, Forbidden."""
    partner = rules.partner_in_scope(session, actor, partner_id)
    if partner.is_archived == is_archived:
        return False
    partner.is_archived = is_archived
    record_event(
        session,
        "partner.archive" if is_archived else "partner.unarchive",
        actor=actor,
        target_type="partner",
        target_id=partner.id,
        fields=["is_archived"],
    )
    session.flush()
    return True
