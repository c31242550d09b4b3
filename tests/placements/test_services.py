"""Placements: details checked field by field, the status rules, guardian consent for
minors, access through the one policy, and an audit event for every change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.partners.models import Partner
from ccl_youth.placements import lifecycle, services
from ccl_youth.placements.models import Placement
from ccl_youth.placements.services import PlacementDetails
from tests.factories import World
from tests.placements.conftest import TODAY, set_birth

DETAILS = PlacementDetails(
    type_slug="job_shadow",
    title="Shadow a lab tech",
    supervisor_name="Robin Boss",
    start_date=TODAY + timedelta(days=7),
    supervisor_email="robin@example.org",
    end_date=TODAY + timedelta(days=8),
    planned_hours=12,
)
CONSENT = {"consent_given_by": "Ana Q.", "consent_method": "paper_form", "consent_date": TODAY}


def _create(world: World, catalog: ExperienceCatalog, actor: str = "staff1", **changes: object):
    values = {"partner_id": world.exp.partner, **changes}
    details = replace(DETAILS, **values)  # type: ignore[arg-type]
    return services.create_placement(
        db.session, world.user(actor), world.youth1, details, catalog, TODAY
    )


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_create_plans_a_placement_and_audits_ids_only(
    world: World, catalog: ExperienceCatalog
) -> None:
    placement = _create(world, catalog)
    db.session.commit()
    assert placement.status == "planned"
    assert placement.planned_minutes == 12 * 60
    assert placement.organization_id == world.org_a
    assert placement.created_by_id == world.staff1
    assert placement.consent_dt is None
    (event,) = _events("placement.create")
    assert (event.actor_id, event.youth_id, event.target_id) == (
        world.staff1,
        world.youth1,
        placement.id,
    )
    assert event.detail == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type_slug": "guest_speaker"}, "type_slug"),  # not work-based learning
        ({"type_slug": "no_such_type"}, "type_slug"),
        ({"title": "  "}, "title"),
        ({"supervisor_name": ""}, "supervisor_name"),
        ({"supervisor_email": "robin at example"}, "supervisor_email"),
        ({"supervisor_phone": "call me maybe"}, "supervisor_phone"),
        ({"start_date": TODAY + timedelta(days=367), "end_date": None}, "start_date"),
        ({"end_date": TODAY}, "end_date"),  # before the start
        ({"planned_hours": 2001}, "planned_hours"),
        ({"planned_hours": -1}, "planned_hours"),
        ({"consent_given_by": "Ana Q."}, "consent_given_by"),  # half a consent record
        ({**CONSENT, "consent_method": "carrier pigeon"}, "consent_method"),
        ({**CONSENT, "consent_date": TODAY + timedelta(days=1)}, "consent_date"),
    ],
)
def test_bad_details_are_field_errors_and_save_nothing(
    world: World, catalog: ExperienceCatalog, changes: dict[str, object], field: str
) -> None:
    before = db.session.scalar(select(db.func.count(Placement.id)))
    with pytest.raises(ValidationFailed) as refused:
        _create(world, catalog, **changes)
    assert field in refused.value.errors
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(Placement.id))) == before


def test_a_partner_of_another_organization_is_refused(
    world: World, catalog: ExperienceCatalog
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _create(world, catalog, partner_id=world.exp.partner_b)
    assert list(refused.value.errors) == ["partner_id"]


def test_access_goes_through_the_policy(world: World, catalog: ExperienceCatalog) -> None:
    with pytest.raises(NotFound):
        _create(world, catalog, actor="staff2")  # youth1 is not in cohort 2
    with pytest.raises(NotFound):
        _create(world, catalog, actor="admin_b")
    with pytest.raises(Forbidden):
        _create(world, catalog, actor="youth1")  # youth may not manage placements
    assert _create(world, catalog, actor="admin_a").youth_id == world.youth1
    with pytest.raises(NotFound):
        services.get_placement(db.session, world.user("staff2"), world.exp.placement1)
    with pytest.raises(NotFound):
        services.get_placement(db.session, world.user("admin_a"), world.exp.placement_b)


def _status(world: World, placement: Placement, status: str, note: str = "", who="staff1"):
    lifecycle.change_status(db.session, world.user(who), placement, status, note, TODAY)


def test_status_moves_forward_only(world: World, catalog: ExperienceCatalog) -> None:
    placement = _create(world, catalog, **CONSENT)
    for wrong in ("completed", "bogus"):
        with pytest.raises(ValidationFailed) as refused:
            _status(world, placement, wrong)
        assert list(refused.value.errors) == ["status"]
    _status(world, placement, "active")
    with pytest.raises(ValidationFailed):
        _status(world, placement, "planned")
    _status(world, placement, "active")  # the same status again (a double submit): no change
    _status(world, placement, "completed", "Finished all weeks.")
    assert placement.status == "completed"
    assert placement.status_note == "Finished all weeks."
    for wrong in ("active", "ended_early", "planned"):
        with pytest.raises(ValidationFailed):
            _status(world, placement, wrong, "a note")
    db.session.commit()
    events = _events("placement.status")
    assert [(e.detail["previous"], e.detail["status"]) for e in events] == [
        ("planned", "active"),
        ("active", "completed"),
    ]


def test_ending_early_needs_a_note(world: World, catalog: ExperienceCatalog) -> None:
    placement = db.session.get_one(Placement, world.exp.placement1)
    with pytest.raises(ValidationFailed) as refused:
        _status(world, placement, "ended_early", "   ")
    assert list(refused.value.errors) == ["note"]
    _status(world, placement, "ended_early", "Moved away.")
    assert placement.status == "ended_early"
    # A planned placement can also end before it starts (it fell through).
    planned = _create(world, catalog)
    _status(world, planned, "ended_early", "The partner cancelled.")
    assert planned.status == "ended_early"


def test_only_an_admin_reopens_a_finished_placement(world: World) -> None:
    set_birth(world.youth1, 2000, 1)  # an adult: no consent needed to be active again
    placement = db.session.get_one(Placement, world.exp.placement1)
    _status(world, placement, "completed")
    staff, admin = world.user("staff1"), world.user("admin_a")
    assert lifecycle.allowed_statuses(staff, placement) == []
    assert lifecycle.allowed_statuses(admin, placement) == ["active"]
    with pytest.raises(ValidationFailed):
        _status(world, placement, "active", "Oops, not finished.")
    with pytest.raises(ValidationFailed) as refused:
        _status(world, placement, "active", "", who="admin_a")
    assert list(refused.value.errors) == ["note"]
    _status(world, placement, "active", "Completed by mistake.", who="admin_a")
    assert placement.status == "active"


def test_a_minor_needs_recorded_consent_to_become_active(
    world: World, catalog: ExperienceCatalog
) -> None:
    set_birth(world.youth1, 2010, 3)  # 16 on TODAY
    placement = _create(world, catalog)
    with pytest.raises(ValidationFailed) as refused:
        _status(world, placement, "active")
    assert list(refused.value.errors) == ["status"]
    assert "consent" in refused.value.errors["status"][0]
    assert placement.status == "planned"
    services.update_placement(
        db.session,
        world.user("staff1"),
        placement,
        replace(DETAILS, partner_id=world.exp.partner, **CONSENT),  # type: ignore[arg-type]
        catalog,
        TODAY,
    )
    assert placement.consent_given_by == "Ana Q."
    assert placement.consent_method == "paper_form"
    assert placement.consent_dt is not None and placement.consent_dt.date() == TODAY
    assert placement.consent_recorded_by_id == world.staff1
    _status(world, placement, "active")
    assert placement.status == "active"
    # Once under way, a minor's consent record cannot be removed.
    with pytest.raises(ValidationFailed) as refused:
        services.update_placement(
            db.session,
            world.user("staff1"),
            placement,
            replace(DETAILS, partner_id=world.exp.partner),
            catalog,
            TODAY,
        )
    assert list(refused.value.errors) == ["consent_given_by"]


@pytest.mark.parametrize(
    ("birth", "needs_consent"),
    [
        ((2008, 11), False),  # 18 this month (the birthday month counts as reached)
        ((2000, 1), False),
        ((2008, 12), True),  # 18 next month
        ((None, None), True),  # unknown: treated as a minor
        ((2008, None), True),
    ],
)
def test_who_counts_as_a_minor(
    world: World, catalog: ExperienceCatalog, birth: tuple[int | None, int | None], needs_consent
) -> None:
    set_birth(world.youth1, *birth)
    placement = _create(world, catalog)
    if needs_consent:
        with pytest.raises(ValidationFailed):
            _status(world, placement, "active")
    else:
        _status(world, placement, "active")
        assert placement.status == "active"


def test_update_audits_the_changed_field_names(world: World, catalog: ExperienceCatalog) -> None:
    placement = _create(world, catalog)
    changed = services.update_placement(
        db.session,
        world.user("staff1"),
        placement,
        replace(DETAILS, partner_id=None, title="Shadow a lab manager", planned_hours=20),
        catalog,
        TODAY,
    )
    assert sorted(changed) == ["partner_id", "planned_minutes", "title"]
    db.session.commit()
    (event,) = _events("placement.update")
    assert sorted(event.detail["fields"]) == ["partner_id", "planned_minutes", "title"]
    assert "Shadow" not in str(event.detail)
    # Nothing changed: nothing to audit.
    services.update_placement(
        db.session,
        world.user("staff1"),
        placement,
        replace(DETAILS, partner_id=None, title="Shadow a lab manager", planned_hours=20),
        catalog,
        TODAY,
    )
    db.session.commit()
    assert len(_events("placement.update")) == 1


def test_a_type_content_dropped_may_stay_on_an_old_placement(
    world: World, catalog: ExperienceCatalog
) -> None:
    placement = db.session.get_one(Placement, world.exp.placement1)
    placement.type_slug = "retired_type"
    details = replace(
        DETAILS, type_slug="retired_type", start_date=date(2026, 10, 6), end_date=None
    )
    services.update_placement(db.session, world.user("staff1"), placement, details, catalog, TODAY)
    assert placement.type_slug == "retired_type"


def test_an_archived_partner_stays_only_where_it_already_was(
    world: World, catalog: ExperienceCatalog
) -> None:
    partner = db.session.get_one(Partner, world.exp.partner)
    partner.is_archived = True
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        _create(world, catalog)
    assert list(refused.value.errors) == ["partner_id"]
    placement = db.session.get_one(Placement, world.exp.placement1)  # already at that partner
    details = replace(
        DETAILS, partner_id=world.exp.partner, start_date=date(2026, 10, 6), end_date=None
    )
    services.update_placement(db.session, world.user("staff1"), placement, details, catalog, TODAY)
    assert placement.partner_id == world.exp.partner
