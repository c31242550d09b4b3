"""Family members' offers to talk about their work, and staff's follow-up: contacted,
declined, or added as a guest speaker (a partner and a role model made through the partner
services). No Flask here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.careers.models import Occupation
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.db import utcnow
from ccl_youth.events.models import SpeakerOffer
from ccl_youth.events.rules import FOLLOW_UPS, STAFF_NOTE_MAX, OfferFields, block, clean_offer
from ccl_youth.partners import services as partners
from ccl_youth.programs.models import Organization


@dataclass(frozen=True)
class OfferRow:
    offer: SpeakerOffer
    family_name: str
    occupation_title: str | None
    soc_code: str | None
    handled_by_name: str | None


def _organization(session: Session, actor: User) -> Organization:
    organization = session.get(Organization, actor.organization_id)
    if organization is None:
        raise NotFound("organization")
    return organization


def offer_to_speak(session: Session, actor: User, fields: OfferFields) -> SpeakerOffer:
    """A family member offers to talk about their work; ``soc_code`` (optional) names the
    O*NET occupation they picked. The same offer sent twice gives back the first.
    Raises Forbidden, ValidationFailed."""
    require(session, actor, Action.OFFER_TO_SPEAK, _organization(session, actor))
    cleaned, errors = clean_offer(fields)
    occupation_id = None
    if cleaned.soc_code:
        occupation_id = session.scalar(
            select(Occupation.id).where(Occupation.soc_code == cleaned.soc_code)
        )
        if occupation_id is None:
            errors.setdefault("occupation", []).append(
                "Pick a job from the list, or leave the list alone."
            )
    if errors:
        raise ValidationFailed(errors)
    values = {
        "occupation": cleaned.occupation,
        "occupation_id": occupation_id,
        "employer": cleaned.employer,
        "about": cleaned.about,
        "availability": cleaned.availability,
        "contact": cleaned.contact,
    }
    twin = session.scalar(
        select(SpeakerOffer).where(
            SpeakerOffer.family_id == actor.id,
            SpeakerOffer.status == "new",
            *(getattr(SpeakerOffer, name) == value for name, value in values.items()
              if value is not None),
        )
    )  # fmt: skip
    if twin is not None:  # a double-clicked submit
        return twin
    offer = SpeakerOffer(organization_id=actor.organization_id, family_id=actor.id, **values)
    session.add(offer)
    session.flush()
    record_event(session, "speaker_offer.create", actor=actor, target_type="speaker_offer",
                 target_id=offer.id, occupation_id=occupation_id)  # fmt: skip
    return offer


def _require_manage(session: Session, actor: User) -> None:
    require(session, actor, Action.MANAGE_EVENTS, _organization(session, actor))


def offer_in_scope(session: Session, actor: User, offer_id: int) -> SpeakerOffer:
    """One offer of the actor's organization. Raises NotFound, Forbidden."""
    _require_manage(session, actor)
    offer = session.get(SpeakerOffer, offer_id)
    if offer is None or offer.organization_id != actor.organization_id:
        raise NotFound("speaker offer")
    return offer


def list_offers(session: Session, actor: User, offer_id: int | None = None) -> list[OfferRow]:
    """The organization's offers, new ones first, then by newest (or just ``offer_id``), with
    names and occupations (one statement). Raises Forbidden."""
    _require_manage(session, actor)
    family = select(User.id, User.display_name).subquery("family")
    handler = select(User.id, User.display_name).subquery("handler")
    query = (
        select(SpeakerOffer, family.c.display_name, Occupation.title, Occupation.soc_code,
               handler.c.display_name)
        .outerjoin(family, family.c.id == SpeakerOffer.family_id)
        .outerjoin(handler, handler.c.id == SpeakerOffer.handled_by_id)
        .outerjoin(Occupation, Occupation.id == SpeakerOffer.occupation_id)
        .where(SpeakerOffer.organization_id == actor.organization_id)
        .order_by(case((SpeakerOffer.status == "new", 0), else_=1),
                  SpeakerOffer.created_dt.desc(), SpeakerOffer.id.desc())
    )  # fmt: skip
    if offer_id is not None:
        query = query.where(SpeakerOffer.id == offer_id)
    return [
        OfferRow(offer, name or "", title, code, handled)
        for offer, name, title, code, handled in session.execute(query)
    ]


def new_offer_count(session: Session, actor: User) -> int:
    """How many offers wait for a first follow-up. Raises Forbidden."""
    _require_manage(session, actor)
    return session.scalar(
        select(func.count()).select_from(SpeakerOffer).where(
            SpeakerOffer.organization_id == actor.organization_id, SpeakerOffer.status == "new"
        )
    ) or 0  # fmt: skip


def follow_up(session: Session, actor: User, offer_id: int, status: str, note: str) -> SpeakerOffer:
    """Mark an offer contacted or declined, with a note for staff. Audited.
    Raises NotFound, Forbidden, ValidationFailed (another status, a long note, or an offer
    already added as a guest speaker)."""
    offer = offer_in_scope(session, actor, offer_id)
    text = block(note)
    errors: dict[str, list[str]] = {}
    if status not in FOLLOW_UPS:
        errors["status"] = ["Choose contacted or declined."]
    elif offer.status == "added":
        errors["status"] = ["This person is already a guest speaker."]
    if len(text) > STAFF_NOTE_MAX:
        errors["note"] = [f"Use at most {STAFF_NOTE_MAX} characters."]
    if errors:
        raise ValidationFailed(errors)
    before = offer.status
    if (offer.status, offer.staff_note) == (status, text):
        return offer
    offer.status, offer.staff_note, offer.handled_by_id = status, text, actor.id
    offer.updated_dt = utcnow()
    session.flush()
    record_event(session, "speaker_offer.follow_up", actor=actor, target_type="speaker_offer",
                 target_id=offer.id, before=before, after=status)  # fmt: skip
    return offer


def add_as_speaker(
    session: Session,
    actor: User,
    offer_id: int,
    partner_id: int | None,
    partner_fields: partners.PartnerFields,
    speaker: partners.RoleModelFields,
) -> SpeakerOffer:
    """Make the offer a guest speaker: a role model (through the partner services) of the
    partner ``partner_id``, or of a new partner made from ``partner_fields``; the offer
    links both and is "added". Audited (the partner services audit their own steps).

    Raises NotFound (the offer or the partner), Forbidden, ValidationFailed (the partner's
    or the role model's fields, or an offer already added)."""
    offer = offer_in_scope(session, actor, offer_id)
    if offer.status == "added":
        raise ValidationFailed(offer="This person is already a guest speaker.")
    if partner_id is None:
        partner = partners.create_partner(session, actor, partner_fields)
    else:
        partner = partners.get_partner(session, actor, partner_id)
    model = partners.add_role_model(session, actor, partner.id, speaker)
    before = offer.status
    offer.status, offer.partner_id, offer.role_model_id = "added", partner.id, model.id
    offer.handled_by_id, offer.updated_dt = actor.id, utcnow()
    session.flush()
    record_event(session, "speaker_offer.add", actor=actor, target_type="speaker_offer",
                 target_id=offer.id, before=before, partner_id=partner.id,
                 role_model_id=model.id)  # fmt: skip
    return offer
