"""Speaker offers: a family member offers, staff follow up or add a guest speaker through the
partner services; every step audited, nothing across organizations."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.events import services
from ccl_youth.events.models import SpeakerOffer
from ccl_youth.events.rules import OfferFields
from ccl_youth.extensions import db
from ccl_youth.partners import services as partners
from ccl_youth.partners.models import Partner, RoleModel
from tests.events.helpers import setup
from tests.factories import make_occupation


@pytest.fixture
def s(app):
    return setup()


def _offer(family, **fields):
    values = {"occupation": "Nurse", "employer": "City Hospital", "contact": "555-0100",
              "about": "I care for people.", **fields}  # fmt: skip
    offer = services.offer_to_speak(db.session, family, OfferFields(**values))
    db.session.commit()
    return offer


def _actions():
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_family_offers_with_an_occupation_picked(s):
    nurse = make_occupation("Registered Nurses", soc_code="29-1141.00")
    offer = _offer(s.family1, soc_code="29-1141.00")
    assert (offer.occupation_id, offer.status, offer.family_id) == (nurse.id, "new", s.family1.id)
    assert _offer(s.family1, soc_code="29-1141.00").id == offer.id  # a double submit
    assert _count(SpeakerOffer) == 1
    assert _actions().count("speaker_offer.create") == 1


def test_an_unknown_code_or_missing_contact_saves_nothing(s):
    with pytest.raises(ValidationFailed) as raised:
        _offer(s.family1, soc_code="99-9999.99", contact=" ")
    assert set(raised.value.errors) == {"occupation", "contact"}
    db.session.rollback()
    assert _count(SpeakerOffer) == 0


def test_only_families_offer_and_only_staff_follow_up(s):
    with pytest.raises(Forbidden):
        _offer(s.staff1)
    offer = _offer(s.family1)
    with pytest.raises(Forbidden):
        services.list_offers(db.session, s.family1)
    with pytest.raises(Forbidden):
        services.follow_up(db.session, s.family1, offer.id, "contacted", "")
    with pytest.raises(NotFound):
        services.offer_in_scope(db.session, s.other_staff, offer.id)


def test_new_offers_come_first_and_are_counted(s):
    first = _offer(s.family1, occupation="Nurse")
    second = _offer(s.family2, occupation="Welder")
    third = _offer(s.family1b, occupation="Baker")
    services.follow_up(db.session, s.staff1, third.id, "contacted", "Called on Monday")
    db.session.commit()
    rows = services.list_offers(db.session, s.staff2)
    assert [r.offer.id for r in rows] == [second.id, first.id, third.id]
    assert (
        rows[2].handled_by_name == "Dana Staff" and rows[2].offer.staff_note == "Called on Monday"
    )
    assert services.new_offer_count(db.session, s.admin) == 2
    assert services.new_offer_count(db.session, s.other_staff) == 0


def test_follow_up_checks_the_status(s):
    offer = _offer(s.family1)
    with pytest.raises(ValidationFailed) as raised:
        services.follow_up(db.session, s.staff1, offer.id, "added", "")
    assert set(raised.value.errors) == {"status"}
    services.follow_up(db.session, s.staff1, offer.id, "declined", "Not this year")
    assert _actions().count("speaker_offer.follow_up") == 1


def test_adding_a_guest_speaker_makes_a_partner_and_a_role_model(s):
    make_occupation("Registered Nurses", soc_code="29-1141.00")
    offer = _offer(s.family1)
    services.add_as_speaker(
        db.session, s.staff1, offer.id, None,
        partners.PartnerFields(name="City Hospital", kind="employer"),
        partners.RoleModelFields(display_name="Ana F.", soc_code="29-1141.00",
                                 story="I care for people."),
    )  # fmt: skip
    db.session.commit()
    partner = db.session.scalar(select(Partner))
    model = db.session.scalar(select(RoleModel))
    assert (partner.name, partner.kind, partner.is_vetted) == ("City Hospital", "employer", False)
    assert (model.partner_id, model.display_name) == (partner.id, "Ana F.")
    assert (offer.status, offer.partner_id, offer.role_model_id) == ("added", partner.id, model.id)
    assert {"partner.create", "partner.role_model_add", "speaker_offer.add"} <= set(_actions())
    with pytest.raises(ValidationFailed):
        services.follow_up(db.session, s.staff1, offer.id, "declined", "")
    with pytest.raises(ValidationFailed):
        services.add_as_speaker(
            db.session, s.staff1, offer.id, partner.id,
            partners.PartnerFields(name="", kind="employer"),
            partners.RoleModelFields(display_name="Ana F.", soc_code="29-1141.00"),
        )  # fmt: skip


def test_a_bad_role_model_leaves_no_partner_behind(s):
    offer = _offer(s.family1)
    with pytest.raises(ValidationFailed) as raised:
        services.add_as_speaker(
            db.session, s.admin, offer.id, None,
            partners.PartnerFields(name="City Hospital", kind="employer"),
            partners.RoleModelFields(display_name="Ana F.", soc_code="99-9999.99"),
        )  # fmt: skip
    assert set(raised.value.errors) == {"occupation"}
    db.session.rollback()
    assert (_count(Partner), _count(RoleModel)) == (0, 0)
    assert db.session.get(SpeakerOffer, offer.id).status == "new"


def test_another_organizations_partner_is_not_found(s):
    from tests.factories import make_org

    other_partner = Partner(organization_id=make_org().id, name="Far away", kind="employer")
    db.session.add(other_partner)
    db.session.commit()
    offer = _offer(s.family1)
    with pytest.raises(NotFound):
        services.add_as_speaker(
            db.session, s.staff1, offer.id, other_partner.id,
            partners.PartnerFields(name="", kind="employer"),
            partners.RoleModelFields(display_name="Ana F.", soc_code="29-1141.00"),
        )  # fmt: skip
