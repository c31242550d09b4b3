"""Contacts and role models of a partner: validation, edits, removal, the organization
boundary, the partner page's read model, the choice lists and the card youth see."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.experiences.models import Activity
from ccl_youth.extensions import db
from ccl_youth.partners import services
from ccl_youth.partners.models import PartnerContact, RoleModel
from tests.factories import (
    make_admin,
    make_cohort,
    make_occupation,
    make_org,
    make_staff,
    make_youth,
)


class Setup:
    def __init__(self) -> None:
        org = make_org()
        self.org_id = org.id
        self.cohort = make_cohort(org)
        self.other_cohort = make_cohort(org)
        self.admin = make_admin(org)
        self.staff = make_staff(org, [self.cohort])
        self.youth = make_youth(org, self.cohort)
        self.developer = make_occupation("Software Developers", soc_code="15-1252.00")
        self.nurse = make_occupation("Registered Nurses", soc_code="29-1141.00")
        self.partner = services.create_partner(
            db.session, self.staff, services.PartnerFields(name="Cascade Robotics", kind="employer")
        )
        db.session.commit()


@pytest.fixture
def s(app: Flask) -> Setup:
    return Setup()


def test_contacts_are_checked_edited_and_removed(s: Setup) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.add_contact(
            db.session,
            s.staff,
            s.partner.id,
            services.ContactFields(name="", email="not-an-address", phone="call me"),
        )
    assert error.value.errors == {
        "name": ["Enter the contact's name."],
        "email": ["Enter an e-mail address like name@example.org."],
        "phone": ["Enter a phone number of 7 to 15 digits, like (206) 555-0100."],
    }
    db.session.rollback()
    contact = services.add_contact(
        db.session,
        s.staff,
        s.partner.id,
        services.ContactFields(
            name=" Casey  Contact ",
            title="Outreach",
            email="casey@example.org",
            phone="+1 (206) 555-0100 x12",
        ),
    )
    db.session.commit()
    assert (contact.name, contact.phone) == ("Casey Contact", "+1 (206) 555-0100 x12")
    changed = services.update_contact(
        db.session,
        s.admin,
        contact.id,
        services.ContactFields(name="Casey Contact", title="Director", email="casey@example.org"),
    )
    assert changed == ["title", "phone"]
    assert services.remove_contact(db.session, s.staff, contact.id) == s.partner.id
    db.session.commit()
    assert db.session.scalars(select(PartnerContact)).all() == []
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_type == "partner_contact")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["partner.contact_add", "partner.contact_update", "partner.contact_remove"]


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("206-555-0100", True),
        ("555 0100", True),
        ("+44 20 7946 0958", True),
        ("(206) 555-0100 ext. 4", True),
        ("555-010", False),  # six digits
        ("1234567890123456", False),  # sixteen digits
        ("206-555-O100", False),  # a letter O
        ("call 2065550100", False),
    ],
)
def test_phone_numbers(s: Setup, phone: str, ok: bool) -> None:
    fields = services.ContactFields(name="Pat", phone=phone)
    if ok:
        services.add_contact(db.session, s.staff, s.partner.id, fields)
    else:
        with pytest.raises(ValidationFailed, match="phone"):
            services.add_contact(db.session, s.staff, s.partner.id, fields)


def test_role_models_take_a_known_onet_code(s: Setup) -> None:
    for code, message in (
        ("", "Enter the occupation's O*NET code, like 15-1252.00."),
        ("software", "Enter an O*NET code like 15-1252.00, or search by job title and pick one."),
        (
            "99-9999.99",
            "No occupation has the code 99-9999.99. Check the code, or search by job title and "
            "pick one.",
        ),
    ):
        with pytest.raises(ValidationFailed) as error:
            services.add_role_model(
                db.session, s.staff, s.partner.id, services.RoleModelFields("Maria G.", code)
            )
        assert error.value.errors == {"occupation": [message]}
        db.session.rollback()
    with pytest.raises(ValidationFailed) as error:
        services.add_role_model(
            db.session,
            s.staff,
            s.partner.id,
            services.RoleModelFields(" ", "15-1252.00", story="x" * 1001),
        )
    assert error.value.errors == {
        "display_name": ["Enter the name youth will see."],
        "story": ["Use at most 1000 characters."],
    }
    db.session.rollback()
    model = services.add_role_model(
        db.session,
        s.staff,
        s.partner.id,
        services.RoleModelFields("Maria G.", " 15-1252.00 ", story="x" * 1000),
    )
    db.session.commit()
    assert (model.organization_id, model.occupation_id) == (s.org_id, s.developer.id)
    changed = services.update_role_model(
        db.session,
        s.admin,
        model.id,
        services.RoleModelFields("Maria G.", "29-1141.00", story="Now I care for patients."),
    )
    assert changed == ["occupation_id", "story"]
    card = services.role_model_card(db.session, model.id)
    assert card == services.RoleModelCard(
        "Maria G.", "Registered Nurses", "29-1141.00", "Now I care for patients."
    )
    assert services.role_model_card(db.session, 999_999) is None
    assert services.remove_role_model(db.session, s.staff, model.id) == s.partner.id
    db.session.commit()
    assert db.session.scalars(select(RoleModel)).all() == []
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_type == "role_model")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "partner.role_model_add",
        "partner.role_model_update",
        "partner.role_model_remove",
    ]


def test_removing_a_role_model_keeps_its_activities(s: Setup) -> None:
    model = services.add_role_model(
        db.session, s.staff, s.partner.id, services.RoleModelFields("Maria G.", "15-1252.00")
    )
    activity = _activity(s, "Robot talk", date(2026, 3, 1), s.cohort.id, role_model_id=model.id)
    services.remove_role_model(db.session, s.staff, model.id)
    db.session.commit()
    db.session.refresh(activity)
    assert (activity.title, activity.role_model_id) == ("Robot talk", None)


def test_choice_lists(s: Setup) -> None:
    other_partner = services.create_partner(
        db.session, s.staff, services.PartnerFields(name="Archived Lab", kind="college")
    )
    for partner_id, name, code in (
        (s.partner.id, "Zed R.", "15-1252.00"),
        (s.partner.id, "Ana P.", "29-1141.00"),
        (other_partner.id, "Lee K.", "29-1141.00"),
    ):
        services.add_role_model(
            db.session, s.staff, partner_id, services.RoleModelFields(name, code)
        )
    services.set_archived(db.session, s.staff, other_partner.id, True)
    db.session.commit()
    choices = services.role_model_choices(db.session, s.staff)
    assert [(c.display_name, c.occupation_title) for c in choices] == [
        ("Ana P.", "Registered Nurses"),
        ("Zed R.", "Software Developers"),
    ]
    one = services.role_model_choices(db.session, s.admin, partner_id=other_partner.id)
    assert [c.display_name for c in one] == ["Lee K."]
    outsider = make_admin(make_org())
    assert services.role_model_choices(db.session, outsider) == []
    assert services.role_model_choices(db.session, outsider, partner_id=s.partner.id) == []
    with pytest.raises(Forbidden):
        services.role_model_choices(db.session, s.youth)


def test_people_of_another_organization_are_not_found(s: Setup) -> None:
    contact = services.add_contact(
        db.session, s.staff, s.partner.id, services.ContactFields(name="Casey")
    )
    model = services.add_role_model(
        db.session, s.staff, s.partner.id, services.RoleModelFields("Maria G.", "15-1252.00")
    )
    db.session.commit()
    outsider = make_staff(make_org())
    for call in (
        lambda: services.update_contact(
            db.session, outsider, contact.id, services.ContactFields(name="Mine")
        ),
        lambda: services.remove_contact(db.session, outsider, contact.id),
        lambda: services.add_role_model(
            db.session, outsider, s.partner.id, services.RoleModelFields("X", "15-1252.00")
        ),
        lambda: services.update_role_model(
            db.session, outsider, model.id, services.RoleModelFields("X", "15-1252.00")
        ),
        lambda: services.remove_role_model(db.session, outsider, model.id),
        lambda: services.role_model_for_edit(db.session, outsider, model.id),
    ):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(Forbidden):
        services.remove_contact(db.session, s.youth, contact.id)
    db.session.rollback()
    assert db.session.get_one(PartnerContact, contact.id).name == "Casey"


def _activity(
    s: Setup, title: str, day: date, cohort_id: int, role_model_id: int | None = None
) -> Activity:
    activity = Activity(
        organization_id=s.org_id,
        program_id=s.cohort.program_id,
        cohort_id=cohort_id,
        type_slug="guest_speaker",
        title=title,
        activity_date=day,
        minutes=45,
        partner_id=s.partner.id,
        role_model_id=role_model_id,
    )
    db.session.add(activity)
    db.session.commit()
    return activity


def test_partner_detail_shows_recent_activities_the_viewer_may_see(s: Setup) -> None:
    for day in range(1, 13):  # twelve in the staff member's cohort, one a day
        _activity(s, f"Visit {day:02d}", date(2026, 3, day), s.cohort.id)
    _activity(s, "Other cohort's visit", date(2026, 4, 1), s.other_cohort.id)
    services.add_contact(db.session, s.staff, s.partner.id, services.ContactFields(name="Bo"))
    services.add_contact(db.session, s.staff, s.partner.id, services.ContactFields(name="al"))
    services.add_role_model(
        db.session, s.staff, s.partner.id, services.RoleModelFields("Maria G.", "15-1252.00")
    )
    db.session.commit()
    seen_by_staff = services.partner_detail(db.session, s.staff, s.partner.id)
    assert [a.title for a in seen_by_staff.recent_activities] == [
        f"Visit {day:02d}" for day in range(12, 2, -1)
    ]
    assert [c.name for c in seen_by_staff.contacts] == ["al", "Bo"]
    assert [
        (r.display_name, r.soc_code, r.occupation_title) for r in seen_by_staff.role_models
    ] == [("Maria G.", "15-1252.00", "Software Developers")]
    seen_by_admin = services.partner_detail(db.session, s.admin, s.partner.id)
    assert [a.title for a in seen_by_admin.recent_activities][:2] == [
        "Other cohort's visit",
        "Visit 12",
    ]
    assert len(seen_by_admin.recent_activities) == 10


def test_the_same_contact_or_role_model_sent_twice_is_added_once(s: Setup) -> None:
    contact = services.ContactFields(name="Casey", email="casey@example.org")
    first = services.add_contact(db.session, s.staff, s.partner.id, contact)
    assert services.add_contact(db.session, s.staff, s.partner.id, contact).id == first.id
    other = services.add_contact(
        db.session, s.staff, s.partner.id, services.ContactFields(name="Casey")
    )
    assert other.id != first.id
    speaker = services.RoleModelFields("Maria G.", "15-1252.00", story="Robots!")
    model = services.add_role_model(db.session, s.staff, s.partner.id, speaker)
    assert services.add_role_model(db.session, s.staff, s.partner.id, speaker).id == model.id
    db.session.commit()
    assert len(db.session.scalars(select(PartnerContact)).all()) == 2
    assert len(db.session.scalars(select(RoleModel)).all()) == 1
