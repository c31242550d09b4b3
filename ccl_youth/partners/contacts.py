"""A partner's contacts: people staff reach there (never shown to youth or families).
Re-exported by ``partners.services``; no Flask here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.partners import rules
from ccl_youth.partners.models import Partner, PartnerContact


@dataclass(frozen=True)
class ContactFields:
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


def contact_in_scope(session: Session, actor: User, contact_id: int) -> PartnerContact:
    """A contact of one of the actor's organization's partners. Raises NotFound, Forbidden."""
    found = session.execute(
        select(PartnerContact, Partner.organization_id)
        .join(Partner, Partner.id == PartnerContact.partner_id)
        .where(PartnerContact.id == contact_id)
    ).one_or_none()
    if found is None or found[1] != actor.organization_id:
        raise NotFound("partner contact")
    rules.require_partners(session, actor)
    return found[0]


def _checked_contact(fields: ContactFields) -> ContactFields:
    cleaned = ContactFields(
        name=rules.one_line(fields.name),
        title=rules.one_line(fields.title),
        email=rules.clean(fields.email),
        phone=rules.one_line(fields.phone),
    )
    errors: dict[str, list[str]] = {}
    if not cleaned.name:
        errors["name"] = [N_("Enter the contact's name.")]
    for field, largest in (("name", rules.PERSON_NAME_MAX), ("title", rules.TITLE_MAX)):
        if message := rules.length_error(getattr(cleaned, field), largest):
            errors[field] = [message]
    if message := rules.email_error(cleaned.email):
        errors["email"] = [message]
    if message := rules.phone_error(cleaned.phone):
        errors["phone"] = [message]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


_CONTACT_FIELDS = ("name", "title", "email", "phone")


def add_contact(
    session: Session, actor: User, partner_id: int, fields: ContactFields
) -> PartnerContact:
    """Add a contact person to a partner; an identical contact already there is given back
    instead. Raises NotFound, Forbidden, ValidationFailed."""
    partner = rules.partner_in_scope(session, actor, partner_id)
    cleaned = _checked_contact(fields)
    twin = session.scalar(
        select(PartnerContact).where(
            PartnerContact.partner_id == partner.id,
            *(getattr(PartnerContact, f) == getattr(cleaned, f) for f in _CONTACT_FIELDS),
        )
    )
    if twin is not None:  # a double-clicked submit, or the same person twice
        return twin
    contact = PartnerContact(
        partner_id=partner.id, **{f: getattr(cleaned, f) for f in _CONTACT_FIELDS}
    )
    session.add(contact)
    session.flush()
    record_event(
        session,
        "partner.contact_add",
        actor=actor,
        target_type="partner_contact",
        target_id=contact.id,
        partner_id=partner.id,
        fields=[f for f in _CONTACT_FIELDS if getattr(cleaned, f)],
    )
    session.flush()
    return contact


def update_contact(
    session: Session, actor: User, contact_id: int, fields: ContactFields
) -> list[str]:
    """Change a contact; returns the fields changed. Raises NotFound, Forbidden,
    ValidationFailed."""
    contact = contact_in_scope(session, actor, contact_id)
    cleaned = _checked_contact(fields)
    changed = [f for f in _CONTACT_FIELDS if getattr(contact, f) != getattr(cleaned, f)]
    for field in changed:
        setattr(contact, field, getattr(cleaned, field))
    if changed:
        record_event(
            session,
            "partner.contact_update",
            actor=actor,
            target_type="partner_contact",
            target_id=contact.id,
            partner_id=contact.partner_id,
            fields=changed,
        )
        session.flush()
    return changed


def remove_contact(session: Session, actor: User, contact_id: int) -> int:
    """Delete a contact; returns its partner's id. Raises NotFound, Forbidden."""
    contact = contact_in_scope(session, actor, contact_id)
    partner_id = contact.partner_id
    record_event(
        session,
        "partner.contact_remove",
        actor=actor,
        target_type="partner_contact",
        target_id=contact.id,
        partner_id=partner_id,
    )
    session.delete(contact)
    session.flush()
    return partner_id
